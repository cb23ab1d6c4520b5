"""A step's output on its way to the forge: decoded, masked, chunked, sent as produced.

Text is sent when ``CHUNK_CHARS`` have gathered or ``FLUSH_SECONDS`` after the
first unsent byte, whichever comes first, so a slow step's lines show up live
and a flood goes out in requests well under the agent API's 1 MB limit. Sending
is awaited by the reader: a forge slower than the step's output slows the step
(the pipe fills) instead of growing the runner's memory.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import logging
from collections.abc import Callable

from app.services.log_mask import Masker
from server.runner.client import AgentClient, AgentError

log = logging.getLogger("ingot.runner")

FLUSH_SECONDS = 0.2
# Characters per request: at most 4 UTF-8 bytes each, so under 1 MB.
CHUNK_CHARS = 200_000
_RETRIES = 3


class LogStream:
    """The log of one step. ``on_conflict`` is called when the forge refuses the append
    with 409 (the pipeline was cancelled or taken away)."""

    def __init__(
        self,
        client: AgentClient,
        step_id: int,
        masker: Masker,
        on_conflict: Callable[[], None],
    ) -> None:
        self.client = client
        self.step_id = step_id
        self.masker = masker
        self.on_conflict = on_conflict
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending: list[str] = []
        self._size = 0
        self._lock = asyncio.Lock()
        self._timer: asyncio.Task[None] | None = None

    async def write_bytes(self, data: bytes) -> None:
        await self.write(self._decoder.decode(data))

    async def write(self, text: str) -> None:
        masked = self.masker.feed(text)
        if not masked:
            return
        self._pending.append(masked)
        self._size += len(masked)
        if self._size >= CHUNK_CHARS:
            await self.flush()
        elif self._timer is None:
            self._timer = asyncio.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        self._timer = None
        await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            text = "".join(self._pending)
            self._pending, self._size = [], 0
            for start in range(0, len(text), CHUNK_CHARS):
                await self._send(text[start : start + CHUNK_CHARS])

    async def _send(self, text: str) -> None:
        for attempt in range(_RETRIES):
            try:
                await self.client.append_log(self.step_id, text)
                return
            except AgentError as exc:
                if exc.status == 409:
                    self.on_conflict()
                    return
                if exc.status != 0 or attempt == _RETRIES - 1:
                    log.warning("step %s: a log chunk was refused: %s", self.step_id, exc)
                    return
                await asyncio.sleep(1.0)

    async def close(self) -> None:
        """Send everything, including a tail that was held back as a possible secret."""
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
            self._timer = None
        tail = self.masker.feed(self._decoder.decode(b"", final=True)) + self.masker.flush()
        if tail:
            self._pending.append(tail)
        await self.flush()
