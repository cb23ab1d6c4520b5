"""``GET /{owner}/{repo}/releases/download/{tag}/{name}``: release assets as attachments.

The same visibility as everywhere: a private repository, a draft the caller
may not see, or a missing asset are all 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from app.errors import NotFound, Unauthenticated
from app.services import asset as assets
from app.services import blobstore
from app.services.runtime import Runtime
from server.auth import actor_of
from server.transfers import Transfer

# Served with their own type; anything else (HTML, SVG, scripts) as an opaque download.
_PASSIVE_TYPES = frozenset(
    {
        "application/gzip",
        "application/json",
        "application/pdf",
        "application/x-bzip2",
        "application/x-tar",
        "application/x-xz",
        "application/zip",
        "application/zstd",
        "text/plain",
    }
)


def _not_found(message: str) -> Response:
    return JSONResponse({"message": message}, status_code=404)


def make_download(runtime: Runtime) -> Callable[[Request], Awaitable[Response | Transfer]]:
    async def download(request: Request) -> Response | Transfer:
        try:
            actor = await actor_of(request)
        except Unauthenticated as exc:
            return JSONResponse(
                {"message": exc.message},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="ingot"'},
            )
        params = request.path_params
        try:
            asset = await assets.for_download(
                actor,
                params["owner"],
                params["repo"],
                params["tag"],
                params["name"],
                count=request.method == "GET",
            )
        except NotFound as exc:
            return _not_found(exc.message)
        path = blobstore.path_of(runtime.storage, asset.sha256)
        if not path.is_file():
            return _not_found("The asset's content is missing.")
        media_type = asset.content_type
        if media_type not in _PASSIVE_TYPES:
            media_type = "application/octet-stream"
        sent = FileResponse(
            path,
            media_type=media_type,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(asset.name, safe='')}",
                "ETag": f'"{asset.sha256}"',
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-cache",
            },
        )
        # The file streams under a transfer slot, like git and raw downloads.
        return Transfer(runtime.transfers, runtime.settings.git_idle_timeout, sent)

    return download


def routes(runtime: Runtime) -> list[BaseRoute]:
    """Mounted before the SPA, which claims every path no other route does."""
    return [
        Route(
            "/{owner}/{repo}/releases/download/{tag:path}/{name}",
            make_download(runtime),
            methods=["GET", "HEAD"],
        )
    ]
