"""Who the client is: the direct peer, or ``X-Forwarded-For`` when the peer is a trusted proxy.

``INGOT_TRUSTED_PROXIES`` lists the proxies (addresses or CIDR networks). Only a
request whose direct peer is one of them has its ``X-Forwarded-For`` read, right
to left: each hop added by a trusted proxy is skipped, and the first address no
trusted proxy stands for is the client. Anyone else's ``X-Forwarded-For`` is
ignored, so a client cannot pick its own address (and budget) by sending one.
The middleware leaves the answer in the scope's state as ``client_address``,
which the rate limits, the sign-in limiter and the git transfer slots read.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
STATE_KEY = "client_address"


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def resolve(peer: str, forwarded_for: list[str], trusted: tuple[Network, ...]) -> str:
    """The client's address for a request from ``peer`` carrying these X-Forwarded-For values."""
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    client = peer
    for hop in reversed(hops):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # garbage beyond this point was not written by a trusted proxy
        client = address
        if not _trusted(address, trusted):
            break
    return client


def of(scope: MutableMapping[str, Any]) -> str:
    """The address the middleware resolved, or the direct peer's."""
    state = scope.get("state") or {}
    address = state.get(STATE_KEY)
    if isinstance(address, str):
        return address
    client = scope.get("client")
    return client[0] if client else "unknown"


class ClientAddressMiddleware:
    def __init__(self, app: ASGIApp, trusted: Iterable[str] = ()) -> None:
        self.app = app
        self.trusted = networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"}:
            client = scope.get("client")
            peer = client[0] if client else "unknown"
            forwarded = Headers(scope=scope).getlist("x-forwarded-for") if self.trusted else []
            scope.setdefault("state", {})[STATE_KEY] = resolve(peer, forwarded, self.trusted)
        await self.app(scope, receive, send)
