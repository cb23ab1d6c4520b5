"""The sanitizer policy (ammonia through nh3): what rendered Markdown may keep.

Close to GitHub's: structural and text tags, links and images, tables, task list
checkboxes (always disabled); never scripts, styles, frames, forms, event handlers
or ``style`` attributes (so the page CSP need not allow inline styles); link and image
URLs only ``http``, ``https``, ``mailto`` or relative, and images only from this forge
(a path from its root: no request to a third party). Ids and fragment links get
GitHub's ``user-content-`` prefix so a document cannot name the page's own elements.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span", "section"),
    *("b", "i", "u", "strong", "em", "s", "strike", "del", "ins", "mark", "small"),
    *("sup", "sub", "kbd", "samp", "var", "tt", "code", "pre", "q", "cite", "abbr"),
    *("dfn", "time", "wbr", "ruby", "rt", "rp", "bdo", "blockquote", "a", "img"),
    *("ul", "ol", "li", "dl", "dt", "dd", "input", "details", "summary"),
    *("figure", "figcaption", "picture"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col"),
}
# Removed with their content, not just unwrapped.
CLEAN_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript"}
_ALIGN = {"align"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "align"},
    "input": {"checked"},
    "ol": {"start", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "ins": {"datetime"},
    "del": {"datetime"},
    "tr": _ALIGN,
    "div": _ALIGN,
    "p": _ALIGN,
    **{f"h{n}": _ALIGN for n in range(1, 7)},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
PREFIX = "user-content-"

# Classes the renderer itself writes; raw HTML may use them too (styling only).
CLASSES = {
    "contains-task-list",
    "task-list-item",
    "task-list-item-checkbox",
    "issue-link",
    "user-mention",
    "footnotes",
    "footnotes-list",
    "footnote-item",
    "footnote-ref",
    "footnote-backref",
    "footnotes-sep",
    "markdown-alert",
    "markdown-alert-title",
    *(f"markdown-alert-{kind}" for kind in ("note", "tip", "important", "warning", "caution")),
}
LANGUAGE = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")


def _classes(tag: str, value: str) -> str | None:
    kept = [
        name
        for name in value.split()
        if name in CLASSES or (tag == "code" and LANGUAGE.fullmatch(name))
    ]
    return " ".join(kept) or None


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        # Only images on this forge load, by a path from its root (the renderer resolves
        # Markdown's relative images so): no third-party requests, none relative to
        # whatever page shows the HTML.
        parts = urlsplit(value)
        return value if value.startswith("/") and not parts.netloc else None
    if name == "class":
        return _classes(tag, value)
    if name in ("id", "name"):
        return value if value.startswith(PREFIX) else PREFIX + value
    if name == "href" and value.startswith("#") and not value.startswith("#" + PREFIX):
        return "#" + PREFIX + value[1:]
    return value


CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT,
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    tag_attribute_values={"input": {"type": {"checkbox"}}},
    set_tag_attribute_values={"input": {"disabled": ""}},
    link_rel=LINK_REL,
    url_schemes=URL_SCHEMES,
    strip_comments=True,
)


# An <img> as the cleaner writes it: every attribute value double-quoted, a quote inside
# one written as &quot;, so this matches whole elements only.
_IMAGE = re.compile(r'<img((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:="[^"]*")?)*)\s*/?>')


def _keep_loaded_image(match: re.Match[str]) -> str:
    # An image whose source the policy dropped shows nothing: it goes.
    return match[0] if re.search(r'\ssrc="', match[1]) else ""


def sanitize(html: str) -> str:
    return _IMAGE.sub(_keep_loaded_image, CLEANER.clean(html))
