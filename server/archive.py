"""``GET /{owner}/{repo}/archive/{ref}.zip`` (and ``.tar.gz``): a commit's tree as a download.

Visibility and tokens are the raw route's: a repository the caller may not read
is 404, a bad token 401. The ref (a branch, which may hold slashes, a tag or an
object id) is resolved to a full commit id by the same code as raw files, and
only that id reaches ``git archive``. Its output is streamed as it comes, never
held whole; a client that leaves mid-download takes the git process with it.
Raw ASGI rather than a StreamingResponse, so the disconnect is seen at once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from app.errors import NotFound, Unauthenticated
from app.git import archive
from app.media import SECURITY_HEADERS, content_disposition, not_modified, object_headers
from app.services import contents
from app.services import repository as repositories
from app.services.runtime import Runtime
from server import gitproc, transfers
from server.auth import actor_of

log = logging.getLogger("ingot.archive")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# How much of git's output may wait for a slow client before the pipe is no longer read.
LIMIT = 1024 * 1024


@dataclass(frozen=True)
class _Job:
    argv: list[str]
    headers: dict[str, str]


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers=SECURITY_HEADERS)


def _raw(job: _Job) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode(), v.encode()) for k, v in job.headers.items()]


class Archive:
    """Raw ASGI (an instance, so Starlette passes scope, receive and send through)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        prepared = await self._prepare(request)
        if isinstance(prepared, Response):
            await prepared(scope, receive, send)
        elif scope["method"] == "HEAD":
            # The length is unknown until git has run: say nothing rather than 0.
            await send({"type": "http.response.start", "status": 200, "headers": _raw(prepared)})
            await send({"type": "http.response.body", "body": b""})
        else:
            idle = self.settings.git_idle_timeout
            stream = functools.partial(self._stream, prepared)
            transfer = transfers.Transfer(self.runtime.transfers, idle, stream, "git archive")
            await transfer(scope, receive, send)

    async def _prepare(self, request: Request) -> Response | _Job:
        params = request.path_params
        try:
            actor = await actor_of(request)
        except Unauthenticated as exc:
            return PlainTextResponse(
                exc.message,
                status_code=401,
                headers={**SECURITY_HEADERS, "WWW-Authenticate": 'Basic realm="ingot"'},
            )
        wanted = archive.split_name(params["archive"])
        if wanted is None:
            return _not_found()
        ref, fmt = wanted
        try:
            repo = await repositories.get_visible(actor, params["owner"], params["repo"])
            git = contents.handle(self.runtime.storage, {}, repo, params["owner"])
            oid = await contents.commit_for_archive(git, ref)
        except NotFound:
            return _not_found()
        if oid is None:
            return _not_found()
        name = archive.label(repo.name, ref)
        headers = object_headers(oid, repo.is_private)
        if not_modified(request.headers.get("if-none-match", ""), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        suffix = next(s for s, f in archive.FORMATS.items() if f == fmt)
        headers["Content-Type"] = archive.MEDIA_TYPES[fmt]
        headers["Content-Disposition"] = content_disposition(name + suffix, "attachment")
        return _Job(archive.command(git.path, oid, fmt, name), headers)

    async def _stream(self, job: _Job, scope: Scope, receive: Receive, send: Send) -> None:
        env = {"PATH": self.settings.path_env, "LANG": "C", "GIT_TERMINAL_PROMPT": "0"}
        async with gitproc.download(job.argv, env, receive, LIMIT) as (process, left):
            chunks = process.chunks()
            first = await anext(chunks, b"")
            if not first:
                await process.wait()
                if not left.is_set():
                    log.warning("git archive failed: %r", bytes(process.stderr))
                    failed = PlainTextResponse("The archive could not be made.", status_code=500)
                    await failed(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 200, "headers": _raw(job)})
            await send({"type": "http.response.body", "body": first, "more_body": True})
            await gitproc.send_rest(process, chunks, left, send, "git archive")


def routes(runtime: Runtime) -> list[BaseRoute]:
    """Mounted after the git routes, so ``/{owner}/{repo}.git/...`` stays theirs."""
    return [
        Route("/{owner}/{repo}/archive/{archive:path}", Archive(runtime), methods=["GET", "HEAD"])
    ]
