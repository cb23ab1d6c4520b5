"""Git smart HTTP: ``info/refs``, ``git-upload-pack`` and ``git-receive-pack``.

A raw ASGI application, not a Starlette endpoint: Starlette's StreamingResponse
drops request-body chunks while it streams under uvicorn. Request chunks go
into the git process's stdin as they arrive, its stdout goes out as response
chunks, so neither a push nor a clone is ever held in memory whole.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.routing import BaseRoute, Route

from app.errors import Forbidden, IngotError, NotFound, Unauthenticated
from app.git import transport
from app.services import git_access
from app.services import push as pushes
from app.services.runtime import Runtime
from server.gitproc import GitProcess

log = logging.getLogger("ingot.git")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# How much of git's output may wait for a slow client before the pipe is no longer read.
CHUNK = 1024 * 1024
# How much decompressed data one gzip step may produce, so a small bomb stays small.
INFLATE_STEP = 256 * 1024

_STATUS = {Unauthenticated: 401, Forbidden: 403, NotFound: 404}


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]]) -> None:
    """A text/plain answer: git prints each of its lines as ``remote: ...``."""
    body = (text.rstrip("\n") + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-cache"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _error(send: Send, error: IngotError) -> None:
    status = next((s for cls, s in _STATUS.items() if isinstance(error, cls)), 400)
    headers = [(b"www-authenticate", b'Basic realm="Ingot"')] if status == 401 else []
    await _plain(send, status, error.message, headers)


async def _request_body(receive: Receive, gzip: bool) -> AsyncIterator[bytes]:
    """The request body chunk by chunk, inflated in bounded steps when gzip-encoded.

    Raises ``ConnectionAbortedError`` when the client goes away mid-body.
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ConnectionAbortedError
        chunk = message.get("body", b"")
        if inflater is None:
            if chunk:
                yield chunk
        else:
            data = chunk
            while data:
                piece = inflater.decompress(data, INFLATE_STEP)
                data = inflater.unconsumed_tail
                if piece:
                    yield piece
        if not message.get("more_body", False):
            if inflater is not None:
                tail = inflater.flush()
                if tail:
                    yield tail
            return


class _Exchange:
    """The response side of one git request: headers go out with the first chunk."""

    def __init__(self, send: Send, service: str, advertise: bool, protocol: str | None) -> None:
        self.send = send
        self.service = service
        self.advertise = advertise
        self.protocol = protocol
        self.started = False

    async def start(self) -> None:
        self.started = True
        content_type = transport.content_type(self.service, advertise=self.advertise)
        await self.send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", content_type.encode()),
                    (b"cache-control", b"no-cache, max-age=0, must-revalidate"),
                    (b"expires", b"Fri, 01 Jan 1980 00:00:00 GMT"),
                    (b"pragma", b"no-cache"),
                ],
            }
        )
        if self.advertise:
            header = transport.advertisement_header(self.service, self.protocol)
            if header:
                await self.body(header)

    async def body(self, chunk: bytes) -> None:
        if not self.started:
            await self.start()
        await self.send({"type": "http.response.body", "body": chunk, "more_body": True})

    async def end(self) -> None:
        if not self.started:
            await self.start()
        await self.send({"type": "http.response.body", "body": b"", "more_body": False})


class GitHttp:
    """One of the three smart HTTP routes; ``action`` is ``info/refs`` or a service name."""

    def __init__(self, runtime: Runtime, action: str, hooks_dir: Path) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.action = action
        self.hooks_dir = hooks_dir

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        params = scope.get("path_params", {})
        advertise = self.action == "info/refs"
        if advertise:
            if scope["method"] != "GET":
                await _plain(send, 405, "Method not allowed.", [(b"allow", b"GET")])
                return
            service = query.get("service", "")
            if service not in transport.SERVICES:
                await _plain(send, 404, "Ingot serves git over smart HTTP only.", [])
                return
        else:
            service = self.action
            if scope["method"] != "POST":
                await _plain(send, 405, "Method not allowed.", [(b"allow", b"POST")])
                return
            expected = f"application/x-{service}-request"
            if headers.get("content-type", "").split(";")[0].strip() != expected:
                await _plain(send, 415, f"Expected Content-Type {expected}.", [])
                return
        encoding = headers.get("content-encoding", "").strip().lower()
        if encoding not in {"", "identity", "gzip", "x-gzip"}:
            await _plain(send, 415, f"Unsupported Content-Encoding '{encoding}'.", [])
            return
        # Read or write follows the program that will run, never the query alone.
        write = service == transport.RECEIVE_PACK
        owner, name = str(params.get("owner", "")), str(params.get("repo", ""))
        exchange = _Exchange(send, service, advertise, None)
        try:
            grant = await git_access.authorize(
                self.runtime.storage, headers, query, owner, name, write=write
            )
            session = None
            if write and not advertise:
                first = await receive()
                if _only_a_flush(first, encoding):
                    # git probes with a bare flush before streaming a large push, to see
                    # that its credentials work; receive-pack would answer it with nothing.
                    await exchange.end()
                    return
                receive = _replay(first, receive)
                session = await pushes.begin(self.settings.data_dir, grant)
        except IngotError as exc:
            await _error(send, exc)
            return
        protocol = transport.git_protocol(headers.get("git-protocol"))
        env = {"PATH": self.settings.path_env, "LANG": "C", "GIT_TERMINAL_PROMPT": "0"}
        if protocol:
            env["GIT_PROTOCOL"] = protocol
        argv = transport.command(
            service, grant.path, advertise=advertise, hooks_dir=self.hooks_dir if write else None
        )
        exchange.protocol = protocol
        try:
            if session is not None:
                env.update(session.env)
            gzip = encoding in {"gzip", "x-gzip"}
            held = session.pass_fds if session is not None else ()
            corrupt = await _run(argv, env, gzip, receive, exchange, held)
            if session is not None:
                # Recorded before the response ends, so the pusher sees its push listed.
                await pushes.finish(self.runtime, session)
            if corrupt and not exchange.started:
                await _plain(send, 400, "The gzip-encoded request body is corrupt.", [])
            else:
                await exchange.end()
        finally:
            if session is not None:
                # After the response: the pusher's git does not wait for the log to go.
                await pushes.discard(self.runtime, session)


def _only_a_flush(message: Message, encoding: str) -> bool:
    """Whether this first message is the whole request and holds nothing but ``0000``."""
    return (
        message["type"] == "http.request"
        and not message.get("more_body", False)
        and message.get("body", b"") == transport.FLUSH
        and encoding in {"", "identity"}
    )


def _replay(first: Message, receive: Receive) -> Receive:
    """``receive``, giving ``first`` (already read) before the messages still to come."""
    pending = [first]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


async def _run(
    argv: list[str],
    env: dict[str, str],
    gzip: bool,
    receive: Receive,
    exchange: _Exchange,
    pass_fds: tuple[int, ...] = (),
) -> bool:
    """Run git, streaming the request into it and its output out; True if the gzip was corrupt.

    ``pass_fds``: the push's writers lock, which receive-pack holds as long as it lives.
    """
    process = await GitProcess.start(
        argv, env, stdin=not exchange.advertise, limit=CHUNK, pass_fds=pass_fds
    )
    corrupt = False

    async def feed() -> None:
        nonlocal corrupt
        stdin = process.stdin
        if stdin is None:
            return
        try:
            async for chunk in _request_body(receive, gzip):
                if stdin.is_closing():
                    return  # git stopped reading; its answer says why
                stdin.write(chunk)
                await process.writable.wait()
        except ConnectionAbortedError:
            process.kill()  # the client left before its request was complete
        except zlib.error:
            corrupt = True
            process.kill()
        finally:
            stdin.close()

    async def drain() -> None:
        async for chunk in process.chunks():
            await exchange.body(chunk)

    try:
        await asyncio.gather(feed(), drain())
    except BaseException:
        process.kill()
        process.close()
        raise
    finally:
        returncode = await process.wait()
    if returncode and not corrupt:
        log.warning("%s exited with %s: %r", argv[-4:], returncode, bytes(process.stderr[-2000:]))
    return corrupt


class _DumbHttp:
    """Raw ASGI (an instance, so Starlette passes scope, receive and send through)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _plain(send, 404, "Ingot serves git over smart HTTP only.", [])


def routes(runtime: Runtime) -> list[BaseRoute]:
    """The smart HTTP routes, with and without ``.git``; only these exact paths are claimed.

    ``{repo}`` matches ``name`` and ``name.git`` alike. Any other path under
    ``/{owner}/{repo}.git/`` is dumb HTTP, which is not served.
    """
    hooks_dir = runtime.settings.hooks_dir
    prefix = "/{owner}/{repo}"
    return [
        Route(f"{prefix}/info/refs", GitHttp(runtime, "info/refs", hooks_dir)),
        Route(
            f"{prefix}/{transport.UPLOAD_PACK}", GitHttp(runtime, transport.UPLOAD_PACK, hooks_dir)
        ),
        Route(
            f"{prefix}/{transport.RECEIVE_PACK}",
            GitHttp(runtime, transport.RECEIVE_PACK, hooks_dir),
        ),
        Route(prefix + ".git/{rest:path}", _DumbHttp()),
    ]
