"""The ASGI middleware that applies request budgets to the API surfaces.

Every REST dialect, ``/graphql``, git transport and downloads (raw files,
archives, release assets) are limited; static files, the SPA and ``/health``
are not (``server/surfaces.py``). Each surface says which requests are its own
and how its 429 looks, so a refusal arrives in the error shape its client
parses. Every response of a limited surface carries ``X-RateLimit-Limit``,
``X-RateLimit-Remaining`` and ``X-RateLimit-Reset``; a refusal adds ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.credentials import Credentials, MalformedCredentials, parse_once
from app.errors import RateLimited
from app.services.rate_limit import DECISION_KEY, RateLimiter
from server import client_address as client_addresses
from server.browser_pass import BrowserPass

Reject = Callable[[RateLimited, Scope], Response]


@dataclass(frozen=True)
class Surface:
    """Requests ``matches`` claims are limited and refused with ``reject``."""

    matches: Callable[[Scope], bool]
    reject: Reject


def under(prefix: str) -> Callable[[Scope], bool]:
    """A matcher for ``prefix`` itself and every path below it."""
    bare = prefix.rstrip("/")

    def matches(scope: Scope) -> bool:
        path: str = scope["path"]
        return path == bare or path.startswith(bare + "/")

    return matches


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        limiter: RateLimiter,
        surfaces: Sequence[Surface],
        browser: BrowserPass | None = None,
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.surfaces = tuple(surfaces)
        self.browser = browser

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        surface = self._surface(scope) if scope["type"] == "http" else None
        if surface is None:
            await self.app(scope, receive, send)
            return
        address = client_addresses.of(scope)
        credentials = _credentials(scope)
        if credentials is None and self.browser is not None and self.browser.carried_by(scope):
            # The SPA's anonymous requests (server/browser_pass.py): a budget of their own.
            decision = await self.limiter.check_browser(address)
        else:
            decision = await self.limiter.check(credentials, address)
        scope.setdefault("state", {})[DECISION_KEY] = decision
        headers = decision.headers()
        if not decision.allowed:
            error = RateLimited(
                f"API rate limit exceeded; retry in {decision.retry_after} seconds.",
                retry_after=decision.retry_after,
            )
            response = surface.reject(error, scope)
            response.headers.update(headers)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _surface(self, scope: Scope) -> Surface | None:
        for surface in self.surfaces:
            if surface.matches(scope):
                return surface
        return None


def _credentials(scope: Scope) -> Credentials | None:
    """The request's credentials, or ``None`` when absent or malformed (the route refuses those).

    Parsed once: the route's context reads the same memo from the scope's state.
    """
    query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
    try:
        return parse_once(scope.setdefault("state", {}), Headers(scope=scope), query)
    except MalformedCredentials:
        return None
