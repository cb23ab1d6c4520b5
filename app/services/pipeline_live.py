"""What a live subscriber sees: a pipeline's log and status as they change, without gaps
or repeats, ending when the pipeline ends.

Both streams subscribe to the process's ``PipelineEvents`` *before* reading the
database, so nothing written in between is lost: what the first read already
returned is recognised by its position and skipped. The log stream starts with
every step's stored log, then follows appends; the status stream starts with the
current state, then yields again after each change. Both finish once the pipeline
has ended (after a last read of the database, so text appended just before the
end is never cut off).

The database side is a ``PipelineSource`` (``app/services/pipeline_source.py``
reads the CI model), which keeps this module testable without one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
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


@dataclass(frozen=True)
class LogChunk:
    """``text`` of step ``step_number``'s log, starting at character ``offset``."""

    step_number: int
    offset: int
    text: str


class PipelineSource(Protocol):
    """How the streams read a pipeline from the database."""

    async def status(self) -> str:
        """The pipeline's current status."""
        ...

    async def log_after(self, offsets: dict[int, int], step_number: int | None) -> list[LogChunk]:
        """Each step's stored log past ``offsets[step]`` (0 when absent), in step order;
        only step ``step_number``'s when given. Steps without new text are left out."""
        ...


class LogCursor:
    """How much of each step's log a subscriber has been given."""

    def __init__(self) -> None:
        self.offsets: dict[int, int] = {}

    def take(self, chunk: LogChunk) -> LogChunk | None:
        """The part of ``chunk`` not given yet, or None; a chunk past a gap is None too
        (the caller reads the gap from the database)."""
        have = self.offsets.get(chunk.step_number, 0)
        end = chunk.offset + len(chunk.text)
        if end <= have or chunk.offset > have:
            return None
        self.offsets[chunk.step_number] = end
        return LogChunk(chunk.step_number, have, chunk.text[have - chunk.offset :])

    def covers(self, step_number: int, end: int) -> bool:
        return self.offsets.get(step_number, 0) >= end


async def _catch_up(
    source: PipelineSource, cursor: LogCursor, step_number: int | None = None
) -> AsyncIterator[LogChunk]:
    for chunk in await source.log_after(dict(cursor.offsets), step_number):
        given = cursor.take(chunk)
        if given is not None and given.text:
            yield given


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
        async for event in subscription:
            if isinstance(event, LogAppended):
                if event.end is not None and cursor.covers(event.step_number, event.end):
                    continue
                if event.text is not None and event.end is not None:
                    offset = event.end - len(event.text)
                    given = cursor.take(LogChunk(event.step_number, offset, event.text))
                    if given is not None:
                        yield given
                        continue
                async for chunk in _catch_up(source, cursor, event.step_number):
                    yield chunk
            elif isinstance(event, Resync) or (
                isinstance(event, StatusChanged) and event.step_number is None
            ):
                # Also on a pipeline status change: text that raced the change is read here.
                async for chunk in _catch_up(source, cursor):
                    yield chunk
                if await source.status() in FINISHED:
                    return


async def status_stream(
    events: PipelineEvents, pipeline_id: int, source: PipelineSource
) -> AsyncIterator[str]:
    """The pipeline's status now, then again after every change of it or of a step
    (the caller reads whatever else it shows), until the pipeline ends."""
    async with events.subscribe(pipeline_id) as subscription:
        status = await source.status()
        yield status
        if status in FINISHED:
            return
        async for event in subscription:
            if isinstance(event, LogAppended):
                continue
            status = await source.status()
            yield status
            if status in FINISHED:
                return
