"""How a repository file is served so a browser never runs it (web raw route and REST raw).

Markup and scripts are served as ``text/plain``; only inert media keep their
own type; every response carries ``nosniff`` and a sandboxing CSP.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

TEXT = "text/plain; charset=utf-8"
# Types a browser renders without running anything; everything else that is
# text becomes text/plain, so HTML, SVG, XML and scripts are shown, not executed.
_MEDIA_PREFIXES = ("image/", "audio/", "video/", "font/")
_ACTIVE_IMAGES = {"image/svg+xml"}
_SAFE_APPLICATION = {
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-tar",
    "application/x-bzip2",
    "application/x-xz",
    "application/x-7z-compressed",
    "application/octet-stream",
    "application/wasm",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def content_type(name: str, is_binary: bool) -> str:
    """The type to serve ``name`` as: its own for inert media, else text or octet-stream."""
    guessed, encoding = mimetypes.guess_type(name, strict=False)
    if encoding is not None:
        # A .tar.gz is a gzip stream to the browser, whatever is inside.
        return "application/octet-stream"
    if guessed is not None and guessed not in _ACTIVE_IMAGES:
        if guessed.startswith(_MEDIA_PREFIXES) or guessed in _SAFE_APPLICATION:
            return guessed
    return "application/octet-stream" if is_binary else TEXT


def content_disposition(name: str, kind: str = "inline") -> str:
    """``inline`` (or ``attachment``) with an ASCII fallback and the RFC 5987 UTF-8 name."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name
    )
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def object_headers(oid: str, private: bool) -> dict[str, str]:
    """Headers for content named by a git object id (a blob, an archive of a commit).

    The id is the ETag; a private repository's content is cached only by the caller.
    """
    return {
        **SECURITY_HEADERS,
        "ETag": f'"{oid}"',
        "Cache-Control": "private, no-cache" if private else "public, no-cache",
        "Vary": "Authorization",
    }


def not_modified(if_none_match: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header already names ``etag`` (weak or strong, or ``*``)."""
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags
