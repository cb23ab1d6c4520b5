"""Pipeline events: who appended log text or changed a status, for the live subscriptions.

One ``PipelineEvents`` per application lives in the ``Runtime``
(``runtime.pipeline_events``). Whoever writes a pipeline's log or status tells it:

- after storing text in a step's log (``app.services.pipeline.append_log``): ``await
  runtime.pipeline_events.publish_log(pipeline_id, step_number, text)`` (with
  ``chunk_id=`` the new ``StepLogChunk``'s id when the caller has it);
- after changing a pipeline's or a step's status: ``await
  runtime.pipeline_events.publish_status(pipeline_id, status, step_number=n,
  step_status=s)`` (``step_number`` None for the pipeline's own status).

Call them inside the transaction that wrote the change or right after it commits.
On PostgreSQL an event is a ``NOTIFY`` (delivered when the transaction commits, to
every server process on the database, this one included, in commit order); on
SQLite, where one process serves, it goes straight to this process's subscribers.
A publish never fails the write it reports.

An event is a wake-up, not the data: a log subscriber reads the step's chunks
after the last one it delivered from the database, so what it streams is exactly
what is stored (masked, capped) and a lost or repeated event costs a read, never
a gap or a repeat. The chunk id lets it skip the read when it already has that
chunk (its first read of the stored log raced the event). Payloads stay far below
PostgreSQL's 8000-byte limit since they carry no text.

Subscribers call ``subscribe(pipeline_id)`` and iterate the ``Subscription``. When
this process may have missed events (the ``LISTEN`` connection dropped and came
back, or a slow subscriber's queue overflowed) it receives ``Resync`` and reads
the current state from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("ingot.pipeline_events")

CHANNEL = "ingot_pipeline_events"
# Events one subscriber may have waiting before it is told to read the database instead.
QUEUE_SIZE = 256
# The LISTEN connection's application_name (operators and tests can find it).
LISTENER_NAME = "ingot-pipeline-events"
# How often the LISTEN connection is checked, and the longest wait between reconnects.
KEEPALIVE_SECONDS = 15.0
MAX_BACKOFF_SECONDS = 5.0


@dataclass(frozen=True)
class LogAppended:
    """Chunk ``chunk_id`` (None: not said) was appended to step ``step_number``'s log."""

    pipeline_id: int
    step_number: int
    chunk_id: int | None


@dataclass(frozen=True)
class StatusChanged:
    """The pipeline (``step_number`` None) or one of its steps changed status."""

    pipeline_id: int
    status: str
    step_number: int | None = None
    step_status: str | None = None


@dataclass(frozen=True)
class Resync:
    """Events may have been missed: read the current state from the database."""

    pipeline_id: int


Event = LogAppended | StatusChanged | Resync


def encode(event: LogAppended | StatusChanged) -> str:
    """The notification payload of ``event`` (a few dozen bytes of JSON)."""
    if isinstance(event, StatusChanged):
        body: dict[str, Any] = {"k": "status", "p": event.pipeline_id, "st": event.status}
        if event.step_number is not None:
            body["s"], body["ss"] = event.step_number, event.step_status
        return json.dumps(body, separators=(",", ":"))
    body = {"k": "log", "p": event.pipeline_id, "s": event.step_number, "c": event.chunk_id}
    return json.dumps(body, separators=(",", ":"))


def decode(payload: str) -> LogAppended | StatusChanged | None:
    """The event in a notification payload; None for one this version does not know."""
    try:
        body = json.loads(payload)
        pipeline_id = int(body["p"])
        if body["k"] == "log":
            chunk = body.get("c")
            return LogAppended(pipeline_id, int(body["s"]), None if chunk is None else int(chunk))
        if body["k"] == "status":
            step = body.get("s")
            return StatusChanged(
                pipeline_id, str(body["st"]), None if step is None else int(step), body.get("ss")
            )
    except (ValueError, KeyError, TypeError):
        pass
    log.warning("ignored a pipeline event this server does not understand: %.200s", payload)
    return None


class Subscription:
    """The events of one pipeline for one subscriber, in the order this process learnt them.

    Iterate it (``async for event in subscription``) and ``close`` it when done (or use
    it as an async context manager). A subscriber that falls ``QUEUE_SIZE`` events
    behind loses them and gets one ``Resync`` instead.
    """

    def __init__(self, hub: PipelineEvents, pipeline_id: int) -> None:
        self.pipeline_id = pipeline_id
        self._hub = hub
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._closed = False

    def deliver(self, event: Event) -> None:
        if self._closed:
            return
        if self._queue.qsize() >= QUEUE_SIZE:
            while not self._queue.empty():
                self._queue.get_nowait()
            event = Resync(self.pipeline_id)
        self._queue.put_nowait(event)

    async def next(self, wait: float) -> Event:
        """The next event, or ``Resync`` after ``wait`` seconds without one (so a writer
        that forgot to publish delays a subscriber, never stalls it)."""
        try:
            return await asyncio.wait_for(self._queue.get(), wait)
        except TimeoutError:
            return Resync(self.pipeline_id)

    def pending(self) -> list[Event]:
        """The events already waiting, taken without waiting (to handle them in one go)."""
        events = []
        while not self._queue.empty():
            events.append(self._queue.get_nowait())
        return events

    def __aiter__(self) -> AsyncIterator[Event]:
        return self

    async def __anext__(self) -> Event:
        if self._closed:
            raise StopAsyncIteration
        return await self._queue.get()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._hub._forget(self)

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()


class PipelineEvents:
    """This process's side of the pipeline events: its subscribers and, on PostgreSQL,
    the ``LISTEN`` connection that brings every process's events to them.

    ``start`` (in the application's lifespan, once the ORM is up) opens the
    connection on PostgreSQL; ``stop`` closes it. Without ``start`` (SQLite, tools,
    the worker) events go to this process's subscribers only.
    """

    def __init__(self, listen_dsn: dict[str, Any] | None = None) -> None:
        # asyncpg.connect keyword arguments; None on SQLite.
        self._listen_dsn = listen_dsn
        self._subscribers: dict[int, set[Subscription]] = {}
        self._task: asyncio.Task[None] | None = None
        # Set while the LISTEN connection is up (tests and start-up wait for it).
        self.listening = asyncio.Event()
        # How many times the LISTEN connection was (re)established.
        self.connections = 0

    @property
    def shared(self) -> bool:
        """Whether events travel through the database (PostgreSQL) to every process."""
        return self._listen_dsn is not None

    def subscribe(self, pipeline_id: int) -> Subscription:
        """A new subscriber to ``pipeline_id``'s events, receiving from now on."""
        subscription = Subscription(self, pipeline_id)
        self._subscribers.setdefault(pipeline_id, set()).add(subscription)
        return subscription

    def subscriber_count(self) -> int:
        return sum(len(subs) for subs in self._subscribers.values())

    def _forget(self, subscription: Subscription) -> None:
        subs = self._subscribers.get(subscription.pipeline_id)
        if subs is not None:
            subs.discard(subscription)
            if not subs:
                del self._subscribers[subscription.pipeline_id]

    def _fan_out(self, event: Event) -> None:
        for subscription in list(self._subscribers.get(event.pipeline_id, ())):
            subscription.deliver(event)

    def _resync_all(self) -> None:
        for pipeline_id, subs in list(self._subscribers.items()):
            for subscription in list(subs):
                subscription.deliver(Resync(pipeline_id))

    async def publish_log(
        self, pipeline_id: int, step_number: int, text: str = "", *, chunk_id: int | None = None
    ) -> None:
        """Tell every subscriber that text was stored in the step's log.

        ``text`` is not sent: subscribers read what was stored (masked, capped). With
        ``chunk_id`` a subscriber that already has that chunk skips its read.
        """
        await self._publish(LogAppended(pipeline_id, step_number, chunk_id))

    async def publish_status(
        self,
        pipeline_id: int,
        status: str,
        *,
        step_number: int | None = None,
        step_status: str | None = None,
    ) -> None:
        """Tell every subscriber that the pipeline (or, with ``step_number``, that step)
        changed status; ``status`` is the pipeline's status after the change."""
        await self._publish(StatusChanged(pipeline_id, status, step_number, step_status))

    async def _publish(self, event: LogAppended | StatusChanged) -> None:
        if not self.shared:
            self._fan_out(event)
            return
        # Imported here: the hub is also built where no ORM runs (tools, fast tests).
        from tortoise import connections

        try:
            await connections.get("default").execute_query(
                "SELECT pg_notify($1, $2)", [CHANNEL, encode(event)]
            )
        except Exception:
            # The write it reports stands; subscribers catch up from the database
            # at their next event or when the pipeline ends.
            log.exception("could not publish a pipeline event")

    async def start(self) -> None:
        """Listen for every process's events (PostgreSQL); nothing to do on SQLite."""
        if self.shared and self._task is None:
            self._task = asyncio.create_task(self._listen(), name="pipeline-events-listener")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _listen(self) -> None:
        """Keep one ``LISTEN`` connection up; after each reconnection every subscriber
        resyncs, since events sent while it was down are lost."""
        import asyncpg

        backoff = 0.1
        while True:
            connection = None
            try:
                lost = asyncio.Event()
                connection = await asyncpg.connect(
                    **(self._listen_dsn or {}),
                    server_settings={"application_name": LISTENER_NAME},
                )
                connection.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._on_notification)
                self.connections += 1
                self.listening.set()
                if self.connections > 1:
                    self._resync_all()
                backoff = 0.1
                while not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), KEEPALIVE_SECONDS)
                    if not lost.is_set():
                        # A half-open connection only shows itself when used.
                        await asyncio.wait_for(connection.execute("SELECT 1"), KEEPALIVE_SECONDS)
                log.warning("the pipeline events connection was closed; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("pipeline events connection failed (%s); retrying", exc)
            finally:
                self.listening.clear()
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(connection.close(), 2)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _on_notification(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        event = decode(payload)
        if event is not None:
            self._fan_out(event)
