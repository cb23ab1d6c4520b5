"""``GET /{owner}/{repo}/raw/{rev}/{path}``: a file's bytes, served so a browser never runs them.

Visibility is the GraphQL rule: a repository the caller may not read is 404,
anonymous or not. Markup and scripts are served as ``text/plain``, every
response carries ``nosniff`` and a sandboxing CSP, and the blob id is the ETag.
"""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from app.config import Settings
from app.errors import NotFound, Unauthenticated
from app.services import contents
from app.services import repository as repositories
from schema.context import build_context

CHUNK = 64 * 1024
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


def content_disposition(name: str) -> str:
    """``inline`` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name
    )
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


async def _chunks(view: memoryview) -> AsyncIterator[bytes]:
    for start in range(0, len(view), CHUNK):
        yield view[start : start + CHUNK].tobytes()


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers=SECURITY_HEADERS)


def make_endpoint(settings: Settings) -> Any:
    async def raw_file(request: Request) -> Response:
        params = request.path_params
        try:
            context = await build_context(request, settings.base_url)
        except Unauthenticated as exc:
            return PlainTextResponse(
                exc.message,
                status_code=401,
                headers={**SECURITY_HEADERS, "WWW-Authenticate": 'Basic realm="ingot"'},
            )
        try:
            repo = await repositories.get_visible(context.actor, params["owner"], params["repo"])
        except NotFound:
            return _not_found()
        owner_login = params["owner"]
        git = contents.handle(context.repositories, repo, owner_login)
        try:
            blob = await contents.raw_blob(git, params["path"])
        except NotFound:
            return _not_found()
        if blob is None:
            return _not_found()
        name = blob.path.rsplit("/", 1)[-1]
        etag = f'"{blob.oid}"'
        headers = {
            **SECURITY_HEADERS,
            "ETag": etag,
            "Cache-Control": "private, no-cache" if repo.is_private else "public, no-cache",
            "Vary": "Authorization",
        }
        if _matches(request.headers.get("if-none-match", ""), etag):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = content_disposition(name)
        headers["Content-Length"] = str(blob.size)
        media_type = content_type(name, blob.is_binary)
        if blob.size <= CHUNK:
            return Response(blob.view.tobytes(), media_type=media_type, headers=headers)
        return StreamingResponse(_chunks(blob.view), media_type=media_type, headers=headers)

    return raw_file
