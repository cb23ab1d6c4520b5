"""Slowing down password guessing: failures per account and per client address, with backoff.

Apart from the request budgets (``app.services.rate_limit``): only attempts with a
password count here (the ``signIn`` mutation, token minting with HTTP Basic), and
only failed ones. Within a window of ``window`` seconds:

- an address's first ``free`` failures (a quarter of its limit) cost nothing;
  after each further one the address must wait 2, 4, 8, ... seconds (at most
  ``MAX_BACKOFF``) before its next attempt; at ``address_limit`` failures it is
  refused until the window ends;
- an account's failures (from any address) slow it down the same way past a
  quarter of ``account_limit``, but never refuse it outright: whoever knows the
  password gets in after at most ``MAX_BACKOFF`` seconds, even while an
  attacker's addresses are refused.

A refused attempt is ``RateLimited`` with its ``retry_after`` and checks no
password (argon2's CPU stays spent on real attempts). Failure counts are rows
of the request counters' table, shared by every process on the database; the
time of the latest failure, which the backoff runs from, is kept per process.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable

from app.errors import RateLimited
from app.models import rate_limit as counters

MAX_BACKOFF = 60
_MAX_REMEMBERED = 50_000


class SignInLimit:
    def __init__(
        self,
        *,
        address_limit: int = 20,
        account_limit: int = 100,
        window_seconds: int = 900,
        secret: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.address_limit = max(1, address_limit)
        self.account_limit = max(1, account_limit)
        self.window = max(1, window_seconds)
        self._secret = ("ingot-sign-in:" + secret).encode()
        self._clock = clock
        self._last_failure: dict[str, float] = {}

    def _key(self, identity: str) -> str:
        return hmac.new(self._secret, identity.encode(), hashlib.sha256).hexdigest()

    def _keys(self, login: str, address: str) -> tuple[str, str]:
        return self._key(f"sign-in-address:{address}"), self._key(
            f"sign-in-account:{login.lower()}"
        )

    def _window(self, now: float) -> tuple[int, int]:
        start = int(now // self.window) * self.window
        return start, start + self.window

    @staticmethod
    def _backoff(failures: int, free: int) -> int:
        if failures <= free:
            return 0
        return min(MAX_BACKOFF, 2 ** (failures - free))

    def _wait(self, key: str, failures: int, free: int, now: float) -> int:
        backoff = self._backoff(failures, free)
        last = self._last_failure.get(key)
        if not backoff or last is None:
            return 0
        return max(0, math.ceil(last + backoff - now))

    async def check(self, login: str, address: str) -> None:
        """Raise RateLimited when an attempt for ``login`` from ``address`` must wait."""
        now = self._clock()
        start, end = self._window(now)
        address_key, account_key = self._keys(login, address)
        by_address = await counters.lease(address_key, start, 0)
        if by_address >= self.address_limit:
            wait = max(1, math.ceil(end - now))
            raise RateLimited(
                f"Too many failed sign-ins from this address; retry in {wait} seconds.",
                retry_after=wait,
            )
        by_account = await counters.lease(account_key, start, 0)
        wait = max(
            self._wait(address_key, by_address, self.address_limit // 4, now),
            self._wait(account_key, by_account, self.account_limit // 4, now),
        )
        if wait:
            raise RateLimited(
                f"Too many failed sign-ins; retry in {wait} seconds.", retry_after=wait
            )

    async def failed(self, login: str, address: str) -> None:
        """Count a wrong password for ``login`` from ``address``."""
        now = self._clock()
        start, _ = self._window(now)
        if len(self._last_failure) >= _MAX_REMEMBERED:
            self._last_failure.clear()
        for key in self._keys(login, address):
            await counters.lease(key, start, 1)
            self._last_failure[key] = now
