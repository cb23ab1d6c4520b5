"""Parsing: one markdown-it configuration (CommonMark + GFM) and the references it finds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

# Bigger input is shown as plain text (or refused where it is a direct render request).
# Parsing is close to linear but slow in the worst cases (a few seconds for 256 KiB of
# hostile input, tests/fast/test_markdown.py); GitHub takes 64K characters per body.
MAX_INPUT_BYTES = 256 * 1024

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
    # The parser that read it, whose renderer writes it.
    parser: MarkdownIt
    issues: set[IssueRef] = field(default_factory=set)
    # Lower-cased logins.
    mentions: set[str] = field(default_factory=set)


# Guards against input whose cost grows with the square of its size. markdown-it scans a
# link label to the paragraph's end for every unclosed "[": past this many "[" times the
# paragraph's length, the paragraph is shown as plain text. The sanitizer's HTML parser
# checks scopes along the open elements: past this many "<", raw HTML is shown as text.
MAX_BRACKET_WORK = 20_000_000
MAX_RAW_HTML_TAGS = 5_000


def _bracket_guard(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.content.count("[") * len(token.content) > (
            MAX_BRACKET_WORK
        ):
            token.type = "plain_inline"


def _plain_text(state: StateCore) -> None:
    """After inline parsing: a guarded paragraph becomes one text token."""
    for token in state.tokens:
        if token.type == "plain_inline":
            token.type = "inline"
            token.children = [Token("text", "", 0, content=token.content)]


def _parser(html: bool) -> MarkdownIt:
    # Raw HTML is parsed (GitHub allows a subset); the sanitizer decides what stays.
    md = MarkdownIt("commonmark", {"html": html, "linkify": True})
    # GitHub's extensions, as mdit-py-plugins' gfm_plugin enables them, except that URLs
    # are found by linkify-it (its gfm_autolink rule searches the rest of the text at
    # every "<" or ":", which grows with the square of the input).
    md.enable(["table", "strikethrough", "linkify"])
    md.options["tasklists"] = True
    md.options["alerts"] = True
    md.options["strikethrough_single_tilde"] = True
    footnote_plugin(md, inline=False)
    anchors_plugin(md, min_level=1, max_level=6)
    md.core.ruler.before("inline", "bracket_guard", _bracket_guard)
    md.core.ruler.after("inline", "plain_text", _plain_text)
    return md


PARSER = _parser(html=True)
PARSER_WITHOUT_HTML = _parser(html=False)


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
    parser = PARSER if text.count("<") <= MAX_RAW_HTML_TAGS else PARSER_WITHOUT_HTML
    document = Document(parser.parse(text, env), env, parser)
    for token in reference_texts(document.tokens):
        for match in REFERENCE.finditer(token.content):
            if match["login"]:
                document.mentions.add(match["login"].lower())
            else:
                document.issues.add(IssueRef(int(match["number"]), match["owner"], match["repo"]))
    return document
