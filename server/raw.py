"""``GET /{owner}/{repo}/raw/{rev}/{path}``: a file's bytes, served so a browser never runs them.

Visibility is the GraphQL rule: a repository the caller may not read is 404,
anonymous or not. Markup and scripts are served as ``text/plain``, every
response carries ``nosniff`` and a sandboxing CSP, and the blob id is the ETag.

A blob up to ``contents.INLINE_BYTES`` is read and sent at once; a larger one
is never read by the server: ``git cat-file`` writes it and its output goes out
as it comes, under a transfer slot and the idle timeout, like an archive.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from app.errors import NotFound, Unauthenticated
from app.git.objects import BINARY_SNIFF
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
from server import gitproc, transfers
from server.auth import actor_of

# How much of git's output may wait for a slow client before the pipe is no longer read.
LIMIT = 1024 * 1024


class _BlobStream(Response):
    """A large blob, written by ``git cat-file`` and sent as it comes (raw ASGI underneath)."""

    def __init__(
        self, runtime: Runtime, argv: list[str], name: str, headers: dict[str, str]
    ) -> None:
        super().__init__(headers=headers)
        self.runtime, self.argv, self.name = runtime, argv, name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        idle = self.runtime.settings.git_idle_timeout
        transfer = transfers.Transfer(self.runtime.transfers, idle, self._stream, "git cat-file")
        await transfer(scope, receive, send)

    async def _stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        env = {"PATH": self.runtime.settings.path_env, "LANG": "C"}
        async with gitproc.download(self.argv, env, receive, LIMIT) as (process, left):
            chunks = process.chunks()
            # Enough of the start to tell text from binary, which decides the type.
            head = b""
            async for chunk in chunks:
                head += chunk
                if len(head) >= BINARY_SNIFF:
                    break
            media_type = content_type(self.name, b"\0" in head[:BINARY_SNIFF])
            self.headers["content-type"] = media_type
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            if scope["method"] == "HEAD":
                await send({"type": "http.response.body", "body": b""})
                return
            await send({"type": "http.response.body", "body": head, "more_body": True})
            await gitproc.send_rest(process, chunks, left, send, "git cat-file")


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
        if blob.data is not None:
            media_type = content_type(name, bool(blob.is_binary))
            return Response(blob.data, media_type=media_type, headers=headers)
        return _BlobStream(runtime, contents.stream_command(git, blob), name, headers)

    return raw_file
