"""What every long transfer (git smart HTTP, archives, raw files, release downloads) shares.

A slot of the runtime's ``TransferSlots`` for the client's address, an idle
timeout on the request body and on each response chunk (a client that sends
or takes nothing for ``INGOT_GIT_IDLE_TIMEOUT`` seconds is dropped), and the
plain-text 503 that answers a full server or an exhausted one (no file
descriptors, no processes) instead of a 500.
"""

from __future__ import annotations

import asyncio
import errno
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

from app.services.transfers import RETRY_AFTER, Busy, TransferSlots
from server import client_address as client_addresses

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("ingot.transfers")

# The errors that mean the machine or the process ran out of something, not a bug.
EXHAUSTION = frozenset({errno.EMFILE, errno.ENFILE, errno.EAGAIN, errno.ENOMEM, errno.ENOSPC})


class IdleTimeout(Exception):
    """The client sent (or took) nothing for the idle timeout."""


def client_address(scope: Scope) -> str:
    """The client's address (X-Forwarded-For only from a trusted proxy)."""
    return client_addresses.of(scope)


def is_exhaustion(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in EXHAUSTION


def idle_receive(receive: Receive, timeout: float) -> Receive:
    """``receive`` that raises ``IdleTimeout`` when no message comes for ``timeout`` seconds."""

    async def timed() -> Message:
        try:
            async with asyncio.timeout(timeout):
                return await receive()
        except TimeoutError:
            raise IdleTimeout from None

    return timed


def idle_send(send: Send, timeout: float) -> Send:
    """``send`` that raises ``IdleTimeout`` when the client takes nothing for ``timeout`` seconds.

    uvicorn's ``send`` waits while the socket's buffer is full, so a client that
    stops reading would otherwise hold its git process and its slot for ever.
    """

    async def timed(message: Message) -> None:
        try:
            async with asyncio.timeout(timeout):
                await send(message)
        except TimeoutError:
            raise IdleTimeout from None

    return timed


async def plain(
    send: Send,
    status: int,
    text: str,
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    close: bool = False,
) -> None:
    """A text/plain answer (git prints each of its lines as ``remote: ...``).

    ``close`` ends the connection after it, for answers given before the request
    body was read: the rest of the body is never read.
    """
    body = (text.rstrip("\n") + "\n").encode()
    extra = [(b"connection", b"close")] if close else []
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-cache"),
                (b"x-content-type-options", b"nosniff"),
                *(headers or []),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def busy(send: Send, error: Busy) -> None:
    """503 with ``Retry-After`` for a request over a cap."""
    retry = str(error.retry_after).encode()
    await plain(send, 503, error.reason, [(b"retry-after", retry)], close=True)


async def exhausted(send: Send) -> None:
    """503 for a request the machine had no resources left for (EMFILE, fork failing)."""
    text = "The server is out of resources for the moment; try again shortly."
    await plain(send, 503, text, [(b"retry-after", str(RETRY_AFTER).encode())], close=True)


async def timed_out(send: Send, seconds: float) -> None:
    text = f"Request timed out: nothing was received for {seconds:g} seconds."
    await plain(send, 408, text, close=True)


class Transfer:
    """An ASGI response run under a transfer slot and the idle timeout.

    Release downloads, raw files and archives; ``what`` names the program it
    starts, for the log line when it could not start.
    """

    def __init__(
        self, slots: TransferSlots, idle: float, inner: ASGIApp, what: str = "a download"
    ) -> None:
        self.slots, self.idle, self.inner, self.what = slots, idle, inner, what

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            async with self.slots.slot(client_address(scope)):
                await self.inner(scope, receive, idle_send(send, self.idle))
        except Busy as exc:
            await busy(send, exc)
        except IdleTimeout:
            pass  # the client stopped reading: the connection is cut
        except OSError as exc:
            if not is_exhaustion(exc):
                raise
            log.warning("%s could not start: %s", self.what, exc)
            await exhausted(send)


async def exhaustion_handler(request: Request, exc: Exception) -> Response:
    """Starlette's handler for ``OSError``: running out of descriptors or processes is 503."""
    if not is_exhaustion(exc):
        raise exc
    return PlainTextResponse(
        "The server is out of resources for the moment; try again shortly.",
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER)},
    )
