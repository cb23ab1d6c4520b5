"""Renderings kept across requests: Markdown is parsed once per text, not once per view.

Like the GraphQL parser cache, a memo of a pure function, keyed by everything the
output depends on (the text, and for HTML the links the reader's permissions
resolved), so two readers share an entry only where their pages would be identical.
Bounded by the characters it holds, least recently used first out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.markdown.document import Document, IssueRef, parse
from app.markdown.render import Links, render

V = TypeVar("V")

# Characters of text and HTML kept in each cache.
REFERENCES_BUDGET = 16 * 1024 * 1024
HTML_BUDGET = 64 * 1024 * 1024


class _Bounded(Generic[V]):
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        # Large documents render on worker threads.
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        with self.lock:
            if key in self.entries or size > self.budget // 4:
                return
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.budget:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.size -= dropped


@dataclass(frozen=True)
class References:
    """What a text refers to: ``#12``/``owner/repo#12`` and lower-cased logins."""

    issues: frozenset[IssueRef]
    mentions: frozenset[str]


_REFERENCES: _Bounded[References] = _Bounded(REFERENCES_BUDGET)
_HTML: _Bounded[str] = _Bounded(HTML_BUDGET)


def references(text: str) -> tuple[References, Document | None]:
    """The text's references; on a first sight also the parsed document, for ``html``."""
    found = _REFERENCES.get(text)
    if found is not None:
        return found, None
    document = parse(text)
    found = References(frozenset(document.issues), frozenset(document.mentions))
    _REFERENCES.put(text, found, len(text))
    return found, document


def html(text: str, links: Links, *, breaks: bool, document: Document | None = None) -> str:
    """``render(parse(text), links)``, remembered; ``document`` is ``parse(text)`` if the
    caller has it (it is consumed)."""
    key = (
        text,
        breaks,
        frozenset(links.issues.items()),
        frozenset(links.mentions.items()),
        links.image_base,
        links.link_base,
        links.relative_images,
    )
    found = _HTML.get(key)
    if found is not None:
        return found
    rendered = render(document or parse(text), links, breaks=breaks)
    _HTML.put(key, rendered, len(text) + len(rendered))
    return rendered


def clear() -> None:
    """Forget every rendering (benchmarks measure the first view with it)."""
    for cache in (_REFERENCES, _HTML):
        with cache.lock:
            cache.entries.clear()
            cache.size = 0
