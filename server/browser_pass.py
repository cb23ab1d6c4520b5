"""The web interface's pass: a signed cookie that puts anonymous SPA requests on their own budget.

Every page of the SPA (``server/spa.py``) sets ``ingot_browser``: the time it was
issued and an HMAC of it under the server's rate-limit secret (HttpOnly,
SameSite=Strict). The SPA's own ``/graphql`` requests carry it, so anonymous
browsing draws on ``INGOT_RATE_LIMIT_BROWSER`` per client address instead of
the 60 an hour a script without a token gets. A script can fetch a page and
keep the cookie too, but what it gains is bounded: the same per-address budget,
and nothing for the sign-in limiter (``docs/rate-limits.md``). A cookie that is
invented, altered or older than ``MAX_AGE`` counts as no cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Scope

COOKIE = "ingot_browser"
MAX_AGE = 7 * 86400


class BrowserPass:
    def __init__(self, secret: str, clock: Callable[[], float] = time.time) -> None:
        self._key = ("ingot-browser-pass:" + secret).encode()
        self._clock = clock

    def _mac(self, issued: str) -> str:
        return hmac.new(self._key, issued.encode(), hashlib.sha256).hexdigest()[:32]

    def mint(self) -> str:
        issued = str(int(self._clock()))
        return f"{issued}.{self._mac(issued)}"

    def valid(self, value: str | None) -> bool:
        if not value or len(value) > 64:
            return False
        issued, _, mac = value.partition(".")
        if not issued.isdigit() or not hmac.compare_digest(mac, self._mac(issued)):
            return False
        return 0 <= self._clock() - int(issued) <= MAX_AGE

    def carried_by(self, scope: Scope) -> bool:
        """Whether the request carries a valid pass."""
        header = Headers(scope=scope).get("cookie")
        if not header:
            return False
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(header)
        except CookieError:
            return False
        morsel = cookies.get(COOKIE)
        return self.valid(morsel.value if morsel else None)

    def give(self, response: Response, secure: bool) -> None:
        """Set a fresh pass on a page of the SPA."""
        response.set_cookie(
            COOKIE,
            self.mint(),
            max_age=MAX_AGE,
            path="/",
            httponly=True,
            samesite="strict",
            secure=secure,
        )
