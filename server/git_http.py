"""Git smart HTTP: ``info/refs``, ``git-upload-pack`` and ``git-receive-pack``.

A raw ASGI application, not a Starlette endpoint: Starlette's StreamingResponse
drops request-body chunks while it streams under uvicorn. Request chunks go
into the git process's stdin as they arrive, its stdout goes out as response
chunks, so neither a push nor a clone is ever held in memory whole.

No git process starts for a POST before its body has arrived (all of it, or
its first ``FIRST_BYTES``), and none without a slot of the runtime's
``TransferSlots`` for the client's address. A client that sends or takes
nothing for the idle timeout is dropped and its git process killed and reaped
(``server/transfers.py``; docs/security.md, "Transport limits").
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
from app.git import hooks, transport
from app.services import git_access
from app.services import push as pushes
from app.services.runtime import Runtime
from app.services.transfers import Busy
from server import transfers
from server.gitproc import GitProcess
from server.transfers import IdleTimeout

log = logging.getLogger("ingot.git")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# How much of git's output may wait for a slow client before the pipe is no longer read.
CHUNK = 1024 * 1024
# How much decompressed data one gzip step may produce, so a small bomb stays small.
INFLATE_STEP = 256 * 1024
# How much of a POST body is read before git starts (a whole negotiation usually fits):
# a client that opens a request and sends a few bytes holds a socket, not a process.
FIRST_BYTES = 64 * 1024

_STATUS = {Unauthenticated: 401, Forbidden: 403, NotFound: 404}


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]]) -> None:
    """A text/plain answer: git prints each of its lines as ``remote: ...``."""
    await transfers.plain(send, status, text, headers)


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
        idle = self.settings.git_idle_timeout
        exchange = _Exchange(transfers.idle_send(send, idle), service, advertise, None)
        try:
            grant = await git_access.authorize(
                self.runtime.storage, headers, query, owner, name, write=write
            )
        except IngotError as exc:
            await _error(send, exc)
            return
        if not advertise:
            try:
                # A whole deadline, not only an idle one: a client trickling a byte at a
                # time must still deliver the first bytes within the idle timeout.
                async with asyncio.timeout(idle):
                    first = await _first_bytes(transfers.idle_receive(receive, idle))
            except (IdleTimeout, TimeoutError):
                await transfers.timed_out(send, idle)
                return
            except ConnectionAbortedError:
                return
            if write and _only_a_flush(first, encoding):
                # git probes with a bare flush before streaming a large push, to see
                # that its credentials work; receive-pack would answer it with nothing.
                await exchange.end()
                return
            receive = _replay(first, transfers.idle_receive(receive, idle))
        try:
            async with self.runtime.transfers.slot(transfers.client_address(scope)):
                await self._serve(service, grant, headers, encoding, receive, exchange)
        except Busy as exc:
            await transfers.busy(send, exc)
        except IdleTimeout:
            if not exchange.started:
                await transfers.timed_out(send, idle)
            # Else the connection is cut: the client sees a broken transfer, not a whole one.
        except OSError as exc:
            if not transfers.is_exhaustion(exc) or exchange.started:
                raise
            log.warning("git could not start: %s", exc)
            await transfers.exhausted(send)

    async def _serve(
        self,
        service: str,
        grant: git_access.GitGrant,
        headers: dict[str, str],
        encoding: str,
        receive: Receive,
        exchange: _Exchange,
    ) -> None:
        write = service == transport.RECEIVE_PACK
        advertise = exchange.advertise
        session = None
        if write and not advertise:
            try:
                session = await pushes.begin(self.settings.data_dir, grant, self.settings.base_url)
            except IngotError as exc:
                await _error(exchange.send, exc)
                return
        protocol = transport.git_protocol(headers.get("git-protocol"))
        env = {"PATH": self.settings.path_env, "LANG": "C", "GIT_TERMINAL_PROMPT": "0"}
        if protocol:
            env["GIT_PROTOCOL"] = protocol
        argv = transport.command(
            service,
            grant.path,
            advertise=advertise,
            hooks_dir=self.hooks_dir if write else None,
            max_input_bytes=self.settings.max_push_bytes,
        )
        exchange.protocol = protocol
        try:
            if session is not None:
                env.update(session.env)
                if self.settings.max_object_bytes:
                    env[hooks.MAX_OBJECT_ENV] = str(self.settings.max_object_bytes)
            gzip = encoding in {"gzip", "x-gzip"}
            held = session.pass_fds if session is not None else ()
            corrupt = await _run(argv, env, gzip, receive, exchange, held)
            if session is not None:
                # Recorded before the response ends, so the pusher sees its push listed.
                await pushes.finish(self.runtime, session)
            if corrupt and not exchange.started:
                await _plain(exchange.send, 400, "The gzip-encoded request body is corrupt.", [])
            else:
                await exchange.end()
        finally:
            if session is not None:
                # After the response: the pusher's git does not wait for the log to go.
                await pushes.discard(self.runtime, session)


async def _first_bytes(receive: Receive) -> Message:
    """The body's first ``FIRST_BYTES`` (or all of it) as one request message.

    Raises ``ConnectionAbortedError`` when the client goes away, ``IdleTimeout``
    when it stops sending.
    """
    parts: list[bytes] = []
    size = 0
    more = True
    while more and size < FIRST_BYTES:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ConnectionAbortedError
        chunk = message.get("body", b"")
        parts.append(chunk)
        size += len(chunk)
        more = bool(message.get("more_body", False))
    return {"type": "http.request", "body": b"".join(parts), "more_body": more}


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
        except IdleTimeout:
            process.kill()  # the client stopped sending: drop it
            raise
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
