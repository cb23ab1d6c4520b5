"""One POST to a webhook URL: resolved once, checked, connected to that address, 5 s in all.

The host is resolved once and the connection goes to that address (pinned),
while TLS still verifies the host name (SNI) and ``Host`` names it too. The
address policy is the repository imports' (``app.git.remote.is_public``):
loopback, private, link-local (cloud metadata at 169.254.169.254 among them),
multicast, reserved and unspecified addresses are refused unless
``INGOT_ALLOW_PRIVATE_WEBHOOKS``. Redirects are never followed (a 3xx is a
failed attempt).

The HTTP client is httpcore (the engine under httpx, kept by Encode): its
network backend is pluggable, which is exactly the hook pinning needs, and it
never follows redirects on its own.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import anyio
import httpcore

from app.git import remote as remotes
from app.services.webhook_delivery import MAX_RESPONSE_BODY, Outcome

TIMEOUT_SECONDS = 5.0


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects every TCP stream to one pre-checked address, whatever the host asked."""

    def __init__(self, address: remotes.IPAddress) -> None:
        self._address = str(address)
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_tcp(
            self._address,
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Webhooks do not connect to local sockets.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class Refused(Exception):
    """The URL may not be contacted; the message is recorded on the delivery."""


async def pick_address(url: str, allow_private: bool) -> remotes.IPAddress:
    """The one address this attempt connects to; Refused when policy forbids it."""
    try:
        remote = remotes.parse(url, for_git=False)
        if remote.scheme not in ("http", "https"):
            raise Refused("A webhook URL must be http:// or https://.")
        addresses = await anyio.to_thread.run_sync(remotes.resolve, remote.host, remote.port)
    except remotes.UnsafeRemote as exc:
        raise Refused(str(exc)) from None
    if not allow_private:
        refused = [a for a in addresses if not remotes.is_public(a)]
        if refused:
            raise Refused(
                f"'{remote.host}' resolves to {refused[0]}, a loopback, private, link-local or "
                "otherwise non-public address; webhooks may not be sent there "
                "(INGOT_ALLOW_PRIVATE_WEBHOOKS)."
            )
    return addresses[0]


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


async def post(url: str, headers: dict[str, str], body: bytes, *, allow_private: bool) -> Outcome:
    """POST ``body``; never raises: failures are in the outcome's ``error``."""
    started_at = datetime.now(UTC)
    started = time.monotonic()
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            address = await pick_address(url, allow_private)
            return await _send(url, address, headers, body, started_at, started)
    except Refused as exc:
        return Outcome(started_at, _ms(started), error=str(exc))
    except TimeoutError:
        return Outcome(
            started_at, _ms(started), error=f"No response within {TIMEOUT_SECONDS:g} seconds."
        )
    except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
        return Outcome(started_at, _ms(started), error=f"{type(exc).__name__}: {exc}"[:500])
    except (OSError, ssl.SSLError, httpcore.UnsupportedProtocol) as exc:
        return Outcome(started_at, _ms(started), error=f"{type(exc).__name__}: {exc}"[:500])


async def _send(
    url: str,
    address: remotes.IPAddress,
    headers: dict[str, str],
    body: bytes,
    started_at: datetime,
    started: float,
) -> Outcome:
    pool = httpcore.AsyncConnectionPool(
        network_backend=_PinnedBackend(address), max_connections=1, retries=0
    )
    async with pool:
        wire = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        async with pool.stream("POST", url, headers=wire, content=body) as response:
            received = bytearray()
            async for chunk in response.aiter_stream():
                received += chunk
                if len(received) >= MAX_RESPONSE_BODY:
                    break
            answer = {k.decode("latin-1"): v.decode("latin-1") for k, v in response.headers[:50]}
            status = response.status
    error = ""
    if 300 <= status < 400:
        error = f"The receiver answered {status} (a redirect, which is never followed)."
    elif not 200 <= status < 300:
        error = f"The receiver answered {status}."
    return Outcome(
        started_at,
        _ms(started),
        status=status,
        body=bytes(received[:MAX_RESPONSE_BODY]),
        headers=answer,
        error=error,
    )
