"""Rendering: references become links where the caller resolved them, then the sanitizer."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urljoin, urlsplit

from markdown_it.token import Token
from markdown_it.utils import OptionsDict, OptionsType

from app.markdown.document import (
    REFERENCE,
    Document,
    IssueRef,
    parse,
    reference_texts,
    too_large,
)
from app.markdown.sanitize import sanitize


@dataclass(frozen=True)
class IssueLink:
    href: str
    title: str


@dataclass(frozen=True)
class Links:
    """What the reader may follow: every reference missing here stays plain text.

    ``mentions`` is keyed by lower-cased login. ``image_base`` and ``link_base`` resolve
    relative image and link URLs (a repository file's directory at a revision).
    """

    issues: Mapping[IssueRef, IssueLink] = field(default_factory=dict)
    mentions: Mapping[str, str] = field(default_factory=dict)
    image_base: str | None = None
    link_base: str | None = None
    # False: a relative image becomes its alt text (a private repository's files need
    # the reader's token, which an <img> cannot send).
    relative_images: bool = True


Resolver = Callable[[Document], Awaitable[Links]]


def escaped(text: str) -> str:
    """Text too large to render, shown as it is."""
    return f"<pre>{html.escape(text, quote=False)}</pre>"


def _link(href: str, css: str, title: str | None, text: str) -> list[Token]:
    attrs: dict[str, str | int | float] = {"href": href, "class": css}
    if title:
        attrs["title"] = title
    opening = Token("link_open", "a", 1, attrs=attrs)
    return [opening, Token("text", "", 0, content=text), Token("link_close", "a", -1)]


def _replace(token: Token, links: Links) -> list[Token]:
    parts: list[Token] = []
    start = 0
    for match in REFERENCE.finditer(token.content):
        link: list[Token] | None = None
        if match["login"]:
            href = links.mentions.get(match["login"].lower())
            if href:
                link = _link(href, "user-mention", None, match[0])
        else:
            ref = IssueRef(int(match["number"]), match["owner"], match["repo"])
            issue = links.issues.get(ref)
            if issue:
                link = _link(issue.href, "issue-link", issue.title, match[0])
        if link is None:
            continue
        if match.start() > start:
            parts.append(Token("text", "", 0, content=token.content[start : match.start()]))
        parts.extend(link)
        start = match.end()
    if not parts:
        return [token]
    if start < len(token.content):
        parts.append(Token("text", "", 0, content=token.content[start:]))
    return parts


def _relative(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("#", "/"))


def _same_site(url: str) -> bool:
    """A URL on this forge: relative, or a path from its root (not ``//host``)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def _alt_text(token: Token) -> None:
    """An image that is not loaded, shown as ``[alt]`` as the SPA always has."""
    alt = "".join(child.content for child in token.children or []) or "image"
    token.type, token.tag, token.attrs, token.children = "text", "", {}, None
    token.content = f"[{alt}]"


def _rebase(tokens: list[Token], links: Links) -> None:
    for block in tokens:
        if block.type in ("th_open", "td_open"):
            # The sanitizer drops style attributes: a column's alignment travels as ``align``.
            style = str(block.attrGet("style") or "")
            if style.startswith("text-align:"):
                block.attrs.pop("style")
                block.attrSet("align", style.removeprefix("text-align:"))
        for token in block.children or []:
            if token.type == "image":
                src = str(token.attrGet("src") or "")
                unresolved = _relative(src) and not (links.relative_images and links.image_base)
                if not _same_site(src) or unresolved:
                    # Images from elsewhere are not fetched: that would tell a third party
                    # who reads what (GitHub proxies them; Ingot has no proxy).
                    _alt_text(token)
                elif _relative(src) and links.image_base is not None:
                    token.attrSet("src", urljoin(links.image_base, src))
            elif token.type == "link_open" and links.link_base:
                href = str(token.attrGet("href") or "")
                if _relative(href):
                    token.attrSet("href", urljoin(links.link_base, href))


def render(document: Document, links: Links, *, breaks: bool = False) -> str:
    """The sanitized HTML of a parsed document, with the references ``links`` resolves.

    ``breaks``: a newline in a paragraph is a ``<br>``, as in GitHub's comments (not
    in its files).
    """
    texts = {id(token) for token in reference_texts(document.tokens)}
    if links.issues or links.mentions:
        for block in document.tokens:
            if block.type == "inline" and block.children:
                children: list[Token] = []
                for token in block.children:
                    if id(token) in texts:
                        children.extend(_replace(token, links))
                    else:
                        children.append(token)
                block.children = children
    _rebase(document.tokens, links)
    # A copy per call: the parser's own options are shared by every request.
    parser = document.parser
    options = OptionsDict(cast(OptionsType, {**parser.options, "breaks": breaks}))
    return sanitize(parser.renderer.render(document.tokens, options, document.env))


async def _no_links(document: Document) -> Links:
    return Links()


async def to_html(text: str, resolve: Resolver = _no_links, *, breaks: bool = False) -> str:
    """Parse, resolve the references through ``resolve`` and render; text over
    MAX_INPUT_BYTES is shown escaped, unparsed."""
    if too_large(text):
        return escaped(text)
    document = parse(text)
    return render(document, await resolve(document), breaks=breaks)
