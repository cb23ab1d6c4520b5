"""Markdown to HTML, once, on the server: GFM through markdown-it-py, then the sanitizer.

Pure and without a database: references (``#12``, ``owner/repo#12``, ``@login``) are
found in the parsed tokens (``parse``), resolved by the caller to the links the reader
may follow, and only those become links (``render``). ``to_html`` runs the three steps
with the caller's resolver.
"""

from app.markdown.cache import References, html, references
from app.markdown.document import MAX_INPUT_BYTES, Document, IssueRef, parse, too_large
from app.markdown.render import IssueLink, Links, Resolver, escaped, render, to_html

__all__ = [
    "MAX_INPUT_BYTES",
    "Document",
    "IssueLink",
    "IssueRef",
    "Links",
    "References",
    "Resolver",
    "escaped",
    "html",
    "parse",
    "references",
    "render",
    "to_html",
    "too_large",
]
