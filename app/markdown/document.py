"""Parsing: one markdown-it configuration (CommonMark + GFM) and the references it finds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.gfm import gfm_plugin

# Bigger input is shown as plain text (or refused where it is a direct render request):
# parsing is linear but not free, and no issue body needs a mebibyte.
MAX_INPUT_BYTES = 1 << 20

# ``owner/repo#12``, ``#12`` and ``@login``, each starting a word: ``a#1``, ``x@y``,
# ``/#1`` stay text. Logins follow app.services.naming; numbers stop at nine digits.
REFERENCE = re.compile(
    r"(?<![\w/@#.-])"
    r"(?:"
    r"(?:(?P<owner>[A-Za-z0-9][A-Za-z0-9_-]{0,38})/(?P<repo>[A-Za-z0-9_.-]{1,100}))?"
    r"#(?P<number>[1-9][0-9]{0,8})"
    r"|@(?P<login>[A-Za-z0-9](?:[A-Za-z0-9_-]{0,37}[A-Za-z0-9])?)"
    r")"
    r"(?![\w-])"
)


def too_large(text: str) -> bool:
    """Whether ``text`` is past MAX_INPUT_BYTES of UTF-8."""
    return (
        len(text) > MAX_INPUT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES
    )


@dataclass(frozen=True)
class IssueRef:
    """``#number`` (owner and repo None: the text's own repository) or ``owner/repo#number``."""

    number: int
    owner: str | None = None
    repo: str | None = None


@dataclass
class Document:
    tokens: list[Token]
    env: dict[str, Any]
    issues: set[IssueRef] = field(default_factory=set)
    # Lower-cased logins.
    mentions: set[str] = field(default_factory=set)


def _parser() -> MarkdownIt:
    # Raw HTML is parsed (GitHub allows a subset); the sanitizer decides what stays.
    md = MarkdownIt("commonmark", {"html": True})
    gfm_plugin(md)
    anchors_plugin(md, min_level=1, max_level=6)
    return md


PARSER = _parser()


def reference_texts(tokens: list[Token]) -> list[Token]:
    """The text tokens where a reference may stand: inline text outside links.

    Code spans and blocks are tokens of their own kinds, and raw HTML is too, so
    working on the token stream leaves them alone.
    """
    found: list[Token] = []
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        in_link = 0
        for token in block.children:
            if token.type == "link_open":
                in_link += 1
            elif token.type == "link_close":
                in_link -= 1
            elif token.type == "text" and not in_link:
                found.append(token)
    return found


def parse(text: str) -> Document:
    """Parse ``text`` (at most MAX_INPUT_BYTES: the caller checks) and list its references."""
    env: dict[str, Any] = {}
    document = Document(PARSER.parse(text, env), env)
    for token in reference_texts(document.tokens):
        for match in REFERENCE.finditer(token.content):
            if match["login"]:
                document.mentions.add(match["login"].lower())
            else:
                document.issues.add(IssueRef(int(match["number"]), match["owner"], match["repo"]))
    return document
