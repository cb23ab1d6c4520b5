"""Request budgets: 5,000 an hour per account, 60 per anonymous client address (and 5,000
for the web interface's anonymous requests from one address).

Counters are fixed windows (aligned to multiples of the window length) kept
in the database, so every server process on one database draws on the same
budget. A process does not ask the database for every request: it leases a
block of up to ``BLOCK`` requests at once (one atomic upsert that adds the
block to the window's count) and hands them out locally. Each request gets a
globally unique slot number, so the limit is never exceeded; what a process
leased and did not use is lost to the others, so a client can be refused up
to ``BLOCK - 1`` requests early per other process that served it. Blocks
shrink as the window fills, which keeps that loss small near the limit.

Keys are HMACs of ``account:<id>`` or ``address:<ip>``: neither tokens nor
addresses are stored. All tokens of one account share its budget. A token
that is unknown, expired or revoked, a password and malformed credentials
count against the client address, so inventing tokens buys no budget. A CI job
token (a runner cloning) draws on a budget of its pipeline's, as large as an
account's, so runners behind one address do not exhaust the anonymous budget.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.auth.credentials import Credentials
from app.auth.token import hash_token, looks_like_token
from app.models import AccessToken
from app.models import rate_limit as counters
from app.models.runner import JobToken
from app.services.job_token import is_job_token

BLOCK = 10
# How long a token's account is remembered per process, in seconds.
_ACCOUNT_TTL = 60.0
_MAX_CACHED = 50_000


# Where the transport leaves a request's Decision (in its ASGI scope's ``state``), for
# GraphQL's ``rateLimit`` to report.
DECISION_KEY = "ingot.rate_limit_decision"


@dataclass(frozen=True)
class Decision:
    """The outcome for one request, and what its ``X-RateLimit-*`` headers say."""

    allowed: bool
    limit: int
    remaining: int
    reset: int
    retry_after: int

    def headers(self) -> dict[str, str]:
        values = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            values["Retry-After"] = str(self.retry_after)
        return values


@dataclass
class _Lease:
    window_start: int
    next_slot: int = 1
    last_slot: int = 0
    # The window's count after this process's latest lease (others' use included).
    seen: int = 0


class RateLimiter:
    """One per process; ``check`` decides each request of the limited surfaces."""

    def __init__(
        self,
        *,
        token_limit: int,
        anonymous_limit: int,
        window_seconds: int = 3600,
        browser_limit: int = 5000,
        secret: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token_limit = token_limit
        self.anonymous_limit = anonymous_limit
        self.browser_limit = browser_limit
        self.window = max(1, window_seconds)
        self._secret = ("ingot-rate-limit:" + secret).encode()
        self._clock = clock
        self._leases: dict[str, _Lease] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._accounts: dict[str, tuple[int | None, float]] = {}
        self._pruned_before = 0

    async def check(self, credentials: Credentials | None, address: str) -> Decision:
        if credentials is not None and is_job_token(credentials.secret):
            job = await JobToken.get_or_none(token_hash=hash_token(credentials.secret)).only(
                "id", "pipeline_id"
            )
            if job is not None:
                return await self.take(self._key(f"job:{job.pipeline_id}"), self.token_limit)
        return await self.check_account(await self._account_of(credentials), address)

    async def check_account(self, account_id: int | None, address: str) -> Decision:
        """One request of the account's budget, or (None: anonymous, or credentials that
        failed) of the client address's: the same budgets for every transport (SSH too)."""
        if account_id is not None:
            return await self.take(self._key(f"account:{account_id}"), self.token_limit)
        return await self.take(self._key(f"address:{address}"), self.anonymous_limit)

    async def check_browser(self, address: str) -> Decision:
        """One anonymous request of the web interface from ``address``: a budget of its own,
        apart from the address's script budget."""
        return await self.take(self._key(f"browser:{address}"), self.browser_limit)

    async def check_ssh_key(self, key_id: int) -> Decision:
        """One request of a deploy key's budget (it acts for no account): a token's."""
        return await self.take(self._key(f"ssh-key:{key_id}"), self.token_limit)

    async def take(self, key: str, limit: int) -> Decision:
        """Use one request of ``key``'s budget in the current window."""
        now = self._clock()
        window_start = int(now // self.window) * self.window
        reset = window_start + self.window
        lease = self._leases.get(key)
        if lease is None or lease.window_start != window_start:
            lease = self._leases[key] = _Lease(window_start)
            await self._prune(window_start)
        if lease.next_slot > lease.last_slot and lease.seen < limit:
            lock = self._locks.setdefault(key, asyncio.Lock())
            async with lock:
                if lease.next_slot > lease.last_slot and lease.seen < limit:
                    block = max(1, min(BLOCK, (limit - lease.seen) // 4))
                    count = await counters.lease(key, window_start, block)
                    lease.seen = count
                    lease.next_slot, lease.last_slot = count - block + 1, min(count, limit)
        if lease.next_slot > lease.last_slot:
            retry = max(1, math.ceil(reset - now))
            return Decision(False, limit, 0, reset, retry)
        slot = lease.next_slot
        lease.next_slot += 1
        return Decision(True, limit, max(0, limit - slot), reset, 0)

    def _key(self, identity: str) -> str:
        return hmac.new(self._secret, identity.encode(), hashlib.sha256).hexdigest()

    async def _account_of(self, credentials: Credentials | None) -> int | None:
        if credentials is None or not looks_like_token(credentials.secret):
            return None
        digest = hash_token(credentials.secret)
        now = time.monotonic()
        cached = self._accounts.get(digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        row = await AccessToken.get_or_none(token_hash=digest, revoked_at=None).only(
            "id", "user_id", "expires_at"
        )
        usable = row is not None and (row.expires_at is None or row.expires_at > datetime.now(UTC))
        account_id = row.user_id if row is not None and usable else None
        if len(self._accounts) >= _MAX_CACHED:
            self._accounts.clear()
        self._accounts[digest] = (account_id, now + _ACCOUNT_TTL)
        return account_id

    async def _prune(self, window_start: int) -> None:
        """Once per new window per process, forget earlier windows here and in the database."""
        if window_start <= self._pruned_before:
            return
        self._pruned_before = window_start
        for key in [k for k, v in self._leases.items() if v.window_start < window_start]:
            del self._leases[key]
            self._locks.pop(key, None)
        await counters.forget_before(window_start - self.window)
