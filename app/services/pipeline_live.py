"""What a live subscriber sees: a pipeline's log and status as they change, without gaps
or repeats, ending when the pipeline ends.

Both streams subscribe to the process's ``PipelineEvents`` *before* reading the
database, so nothing written in between is lost. The log stream starts with every
step's stored log, then, woken by each event, reads the chunks stored after the
last one it gave (a chunk's position is its id, in the order appended): never a
gap, never a repeat, and the text is exactly what is stored (masked, capped).
Events that arrive together are handled with one read. The status stream starts
with the current status, then yields again after each change. Both finish once
the pipeline has ended (after a last read, so text appended just before the end
is never cut off).

The database side is a ``PipelineSource`` (``app/services/pipeline_source.py``
reads the CI model), which keeps this module testable without one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable
from dataclasses import dataclass
from typing import Protocol

from app.services.pipeline_events import (
    LogAppended,
    PipelineEvents,
    Resync,
    StatusChanged,
)

# Pipeline statuses after which nothing more happens (issue 16's model).
FINISHED = frozenset({"success", "failure", "cancelled", "error"})
# Seconds without an event after which a stream reads the database anyway.
QUIET_SECONDS = 5.0
# Stored chunks read together are sent joined, up to this many characters a message.
MERGED_CHARACTERS = 256 * 1024


@dataclass(frozen=True)
class LogChunk:
    """``text`` stored in step ``step_number``'s log at ``position`` (its chunk's id)."""

    step_number: int
    position: int
    text: str


class PipelineSource(Protocol):
    """How the streams read a pipeline from the database."""

    async def status(self) -> str:
        """The pipeline's current status."""
        ...

    async def state(self) -> tuple[str, Hashable]:
        """The pipeline's status and a value that changes whenever it or a step changes."""
        ...

    async def log_after(self, positions: dict[int, int], step_number: int | None) -> list[LogChunk]:
        """The chunks stored after ``positions[step]`` (0 when absent) in each step's log
        (only step ``step_number``'s when given), by step then position."""
        ...


class LogCursor:
    """The last position of each step's log a subscriber has been given."""

    def __init__(self) -> None:
        self.positions: dict[int, int] = {}

    def take(self, chunk: LogChunk) -> bool:
        """Whether ``chunk`` is new (and now given)."""
        if chunk.position <= self.positions.get(chunk.step_number, 0):
            return False
        self.positions[chunk.step_number] = chunk.position
        return True

    def has(self, event: LogAppended) -> bool:
        return event.chunk_id is not None and event.chunk_id <= self.positions.get(
            event.step_number, 0
        )


async def _catch_up(
    source: PipelineSource, cursor: LogCursor, step_number: int | None = None
) -> AsyncIterator[LogChunk]:
    """The new chunks, consecutive ones of a step joined up to ``MERGED_CHARACTERS``:
    a long stored log (a runner sends a chunk every 200 ms) arrives in a few
    messages, not thousands."""
    pending: LogChunk | None = None
    for chunk in await source.log_after(dict(cursor.positions), step_number):
        if not cursor.take(chunk) or not chunk.text:
            continue
        if (
            pending is not None
            and pending.step_number == chunk.step_number
            and len(pending.text) + len(chunk.text) <= MERGED_CHARACTERS
        ):
            pending = LogChunk(chunk.step_number, chunk.position, pending.text + chunk.text)
            continue
        if pending is not None:
            yield pending
        pending = chunk
    if pending is not None:
        yield pending


async def log_stream(
    events: PipelineEvents, pipeline_id: int, source: PipelineSource
) -> AsyncIterator[LogChunk]:
    """The pipeline's log: what is stored, then each append, until the pipeline ends."""
    cursor = LogCursor()
    async with events.subscribe(pipeline_id) as subscription:
        async for chunk in _catch_up(source, cursor):
            yield chunk
        if await source.status() in FINISHED:
            return
        while True:
            batch = [await subscription.next(QUIET_SECONDS), *subscription.pending()]
            ended = any(
                isinstance(e, Resync) or (isinstance(e, StatusChanged) and e.step_number is None)
                for e in batch
            )
            steps = {
                e.step_number for e in batch if isinstance(e, LogAppended) and not cursor.has(e)
            }
            if ended or len(steps) > 1:
                # Also on a pipeline status change: text that raced the change is read here.
                async for chunk in _catch_up(source, cursor):
                    yield chunk
            elif steps:
                async for chunk in _catch_up(source, cursor, steps.pop()):
                    yield chunk
            if ended and await source.status() in FINISHED:
                return


async def status_stream(
    events: PipelineEvents, pipeline_id: int, source: PipelineSource
) -> AsyncIterator[str]:
    """The pipeline's status now, then again after every change of it or of a step
    (the caller reads whatever else it shows), until the pipeline ends. Nothing is
    yielded twice for one state."""
    async with events.subscribe(pipeline_id) as subscription:
        last = await source.state()
        yield last[0]
        if last[0] in FINISHED:
            return
        while True:
            batch = [await subscription.next(QUIET_SECONDS), *subscription.pending()]
            if all(isinstance(e, LogAppended) for e in batch):
                continue
            now = await source.state()
            if now == last:
                continue
            last = now
            yield now[0]
            if now[0] in FINISHED:
                return
