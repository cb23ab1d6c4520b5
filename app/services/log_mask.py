"""Masking secret values in CI logs, also when a value is split across chunks.

The runner masks its output before sending it and the server masks again on
append (``app.services.ci_agent``): a value never reaches a stored or live log,
even from a runner that forgot. ``Masker`` holds back only the tail that could
still grow into a secret (a suffix that is a prefix of some value), so ordinary
output is passed on at once.
"""

from __future__ import annotations

from collections.abc import Iterable

MASK = "***"


class Masker:
    """Replaces every occurrence of the given values with ``***`` in a stream of text."""

    def __init__(self, values: Iterable[str]) -> None:
        # Longest first, so a value containing another is masked whole.
        self.values = sorted({v for v in values if v}, key=len, reverse=True)
        self._pending = ""

    def mask(self, text: str) -> str:
        """``text`` with every value replaced (no state: for text that is complete)."""
        for value in self.values:
            if value in text:
                text = text.replace(value, MASK)
        return text

    def _held(self, text: str) -> int:
        """How many trailing characters of ``text`` may be the start of a value."""
        longest = len(self.values[0]) - 1 if self.values else 0
        for size in range(min(longest, len(text)), 0, -1):
            tail = text[-size:]
            if any(value.startswith(tail) for value in self.values):
                return size
        return 0

    def feed(self, text: str) -> str:
        """The masked text that is safe to emit now; a possible partial value is kept back."""
        if not self.values:
            return text
        masked = self.mask(self._pending + text)
        held = self._held(masked)
        self._pending = masked[len(masked) - held :] if held else ""
        return masked[: len(masked) - held]

    def flush(self) -> str:
        """What was kept back (the stream ended: it was no value after all)."""
        rest, self._pending = self._pending, ""
        return rest
