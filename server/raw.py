"""``GET /{owner}/{repo}/raw/{rev}/{path}``: a file's bytes, served so a browser never runs them.

Visibility is the GraphQL rule: a repository the caller may not read is 404,
anonymous or not. Markup and scripts are served as ``text/plain``, every
response carries ``nosniff`` and a sandboxing CSP, and the blob id is the ETag.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from app.errors import NotFound, Unauthenticated
from app.media import (
    SECURITY_HEADERS,
    content_disposition,
    content_type,
    not_modified,
    object_headers,
)
from app.services import contents
from app.services import repository as repositories
from app.services.runtime import Runtime
from server.auth import actor_of

CHUNK = 64 * 1024


async def _chunks(view: memoryview) -> AsyncIterator[bytes]:
    for start in range(0, len(view), CHUNK):
        yield view[start : start + CHUNK].tobytes()


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers=SECURITY_HEADERS)


def make_endpoint(runtime: Runtime) -> Any:
    async def raw_file(request: Request) -> Response:
        params = request.path_params
        try:
            actor = await actor_of(request)
        except Unauthenticated as exc:
            return PlainTextResponse(
                exc.message,
                status_code=401,
                headers={**SECURITY_HEADERS, "WWW-Authenticate": 'Basic realm="ingot"'},
            )
        try:
            repo = await repositories.get_visible(actor, params["owner"], params["repo"])
        except NotFound:
            return _not_found()
        owner_login = params["owner"]
        git = contents.handle(runtime.storage, {}, repo, owner_login)
        try:
            blob = await contents.raw_blob(git, params["path"])
        except NotFound:
            return _not_found()
        if blob is None:
            return _not_found()
        name = blob.path.rsplit("/", 1)[-1]
        headers = object_headers(blob.oid, repo.is_private)
        if not_modified(request.headers.get("if-none-match", ""), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = content_disposition(name)
        headers["Content-Length"] = str(blob.size)
        media_type = content_type(name, blob.is_binary)
        if blob.size <= CHUNK:
            return Response(blob.view.tobytes(), media_type=media_type, headers=headers)
        return StreamingResponse(_chunks(blob.view), media_type=media_type, headers=headers)

    return raw_file
