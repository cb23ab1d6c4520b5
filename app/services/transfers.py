"""How many git processes and streamed downloads run at once, in total and per client.

One ``TransferSlots`` per application (in the ``Runtime``) is shared by git
smart HTTP, archives, raw files and release downloads: each holds a slot while
its git process runs or its file streams. A request over a cap waits briefly
for a slot to free (``queue_seconds``), then is refused with ``Busy``, which
the transports answer 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

# How long a request over a cap waits for a slot before it is refused.
QUEUE_SECONDS = 5.0
# What a refusal asks the client to wait, in seconds.
RETRY_AFTER = 10


class Busy(Exception):
    """No slot freed in time; ``reason`` says which cap was reached."""

    def __init__(self, reason: str, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class TransferSlots:
    def __init__(self, total: int, per_client: int, queue_seconds: float = QUEUE_SECONDS) -> None:
        self.total = max(1, total)
        self.per_client = max(1, per_client)
        self.queue_seconds = queue_seconds
        self._in_use = 0
        self._by_client: dict[str, int] = {}
        # Requests waiting for a slot; each is woken when any slot frees and looks again.
        self._waiting: set[asyncio.Future[None]] = set()

    @property
    def in_use(self) -> int:
        return self._in_use

    def held_by(self, client: str) -> int:
        return self._by_client.get(client, 0)

    def _free_for(self, client: str) -> bool:
        return self._in_use < self.total and self.held_by(client) < self.per_client

    @contextlib.asynccontextmanager
    async def slot(self, client: str) -> AsyncIterator[None]:
        """Hold one slot for ``client`` (an address) while the block runs; ``Busy`` if none."""
        await self._acquire(client)
        try:
            yield
        finally:
            self._release(client)

    async def _acquire(self, client: str) -> None:
        deadline = time.monotonic() + self.queue_seconds
        loop = asyncio.get_running_loop()
        while not self._free_for(client):
            left = deadline - time.monotonic()
            if left <= 0:
                raise Busy(self._reason(client))
            woken = loop.create_future()
            self._waiting.add(woken)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken, left)
            finally:
                self._waiting.discard(woken)
        self._in_use += 1
        self._by_client[client] = self._by_client.get(client, 0) + 1

    def _reason(self, client: str) -> str:
        if self.held_by(client) >= self.per_client:
            return f"Too many git transfers from your address at once (at most {self.per_client})."
        return f"The server is busy with {self._in_use} git transfers."

    def _release(self, client: str) -> None:
        self._in_use -= 1
        left = self._by_client[client] - 1
        if left:
            self._by_client[client] = left
        else:
            del self._by_client[client]
        for woken in self._waiting:
            if not woken.done():
                woken.set_result(None)
