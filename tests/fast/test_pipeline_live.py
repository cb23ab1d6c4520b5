"""The live log and status streams over a stand-in source: no gaps, no repeats, an end.

The database side is a list of strings per step held here; the events go through
a real ``PipelineEvents`` hub in its single-process mode (SQLite's).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Hashable

from app.services.pipeline_events import (
    QUEUE_SIZE,
    LogAppended,
    PipelineEvents,
    Resync,
    StatusChanged,
    decode,
    encode,
)
from app.services.pipeline_live import MERGED_CHARACTERS, LogChunk, log_stream, status_stream


class Stored:
    """A pipeline as the database would hold it: chunks with ids shared by all steps."""

    def __init__(self) -> None:
        self.chunks: list[LogChunk] = []
        self.current = "running"
        self.steps: list[str] = []
        self.reads = 0

    async def status(self) -> str:
        return self.current

    async def state(self) -> tuple[str, Hashable]:
        return self.current, tuple(self.steps)

    async def log_after(self, positions: dict[int, int], step_number: int | None) -> list[LogChunk]:
        self.reads += 1
        found = [
            c
            for c in self.chunks
            if (step_number is None or c.step_number == step_number)
            and c.position > positions.get(c.step_number, 0)
        ]
        return sorted(found, key=lambda c: (c.step_number, c.position))

    def append(self, step: int, text: str) -> int:
        chunk = LogChunk(step, len(self.chunks) + 1, text)
        self.chunks.append(chunk)
        return chunk.position


async def _collect(stream: object, into: list[object]) -> None:
    async for item in stream:  # type: ignore[attr-defined]
        into.append(item)


def _text(chunks: list[LogChunk], step: int) -> str:
    return "".join(c.text for c in chunks if c.step_number == step)


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_log_stream_gives_stored_text_then_appends_once_each_and_ends() -> None:
    async def run() -> None:
        hub, stored = PipelineEvents(), Stored()
        stored.append(1, "cloning\n")
        got: list[LogChunk] = []
        task = asyncio.create_task(_collect(log_stream(hub, 7, stored), got))
        await _settle()
        assert _text(got, 1) == "cloning\n"
        # Appended and published: read once and given.
        chunk = stored.append(1, "step one\n")
        await hub.publish_log(7, 1, "step one\n", chunk_id=chunk)
        await _settle()
        # A repeat of an event already handled costs no read and gives nothing.
        reads = stored.reads
        await hub.publish_log(7, 1, chunk_id=chunk)
        await _settle()
        assert _text(got, 1) == "cloning\nstep one\n"
        assert stored.reads == reads
        # A chunk whose event was lost comes with the next one's.
        stored.append(2, "lost\n")
        chunk = stored.append(2, "seen\n")
        await hub.publish_log(7, 2, chunk_id=chunk)
        await _settle()
        assert _text(got, 2) == "lost\nseen\n"
        # Events that arrive together are handled with one read.
        reads = stored.reads
        for n in range(5):
            await hub.publish_log(7, 2, chunk_id=stored.append(2, f"{n}"))
        await _settle()
        assert _text(got, 2) == "lost\nseen\n01234"
        assert stored.reads == reads + 1
        # The end: text that raced the final status is read before completing.
        stored.append(3, "last words\n")
        stored.current = "success"
        await hub.publish_status(7, "success")
        await asyncio.wait_for(task, 5)
        assert _text(got, 3) == "last words\n"
        # Every stored chunk was given once (some joined with their neighbours).
        assert "".join(c.text for c in sorted(got, key=lambda c: (c.step_number, c.position))) == (
            "".join(
                c.text for c in sorted(stored.chunks, key=lambda c: (c.step_number, c.position))
            )
        )
        assert hub.subscriber_count() == 0

    asyncio.run(run())


def test_log_stream_of_a_finished_pipeline_gives_its_log_and_ends() -> None:
    async def run() -> None:
        hub, stored = PipelineEvents(), Stored()
        stored.append(1, "done\n")
        stored.current = "failure"
        got: list[LogChunk] = []
        await asyncio.wait_for(_collect(log_stream(hub, 1, stored), got), 5)
        assert got == [LogChunk(1, 1, "done\n")]

    asyncio.run(run())


def test_status_stream_gives_now_then_each_change_until_the_end() -> None:
    async def run() -> None:
        hub, stored = PipelineEvents(), Stored()
        got: list[str] = []
        task = asyncio.create_task(_collect(status_stream(hub, 3, stored), got))
        await _settle()
        await hub.publish_log(3, 1, "ignored")
        stored.steps.append("success")
        await hub.publish_status(3, "running", step_number=1, step_status="success")
        await _settle()
        # An event that changed nothing yields nothing.
        await hub.publish_status(3, "running", step_number=1, step_status="success")
        await _settle()
        stored.current = "cancelled"
        await hub.publish_status(3, "cancelled")
        await asyncio.wait_for(task, 5)
        assert got == ["running", "running", "cancelled"]
        # Another pipeline's subscribers hear nothing of this one.
        assert hub.subscriber_count() == 0

    asyncio.run(run())


def test_a_slow_subscriber_is_told_to_resync_instead_of_growing_without_end() -> None:
    async def run() -> None:
        hub = PipelineEvents()
        subscription = hub.subscribe(5)
        for n in range(QUEUE_SIZE + 3):
            await hub.publish_log(5, 1, chunk_id=n + 1)
        events = []
        while not subscription._queue.empty():
            events.append(await subscription.__anext__())
        assert isinstance(events[0], Resync)
        assert len(events) < QUEUE_SIZE
        subscription.close()
        assert hub.subscriber_count() == 0

    asyncio.run(run())


def test_notification_payloads_round_trip() -> None:
    assert decode(encode(LogAppended(1, 2, 40))) == LogAppended(1, 2, 40)
    assert decode(encode(LogAppended(1, 2, None))) == LogAppended(1, 2, None)
    status = StatusChanged(9, "running", 2, "failure")
    assert decode(encode(status)) == status
    assert decode(encode(StatusChanged(9, "success"))) == StatusChanged(9, "success")
    assert decode("not json") is None
    assert decode(json.dumps({"k": "other", "p": 1})) is None


def test_a_long_stored_log_arrives_in_a_few_joined_messages() -> None:
    async def run() -> None:
        hub, stored = PipelineEvents(), Stored()
        for n in range(3000):
            stored.append(1, f"line {n:04d} " + "x" * 100 + "\n")
        stored.append(2, "other step\n")
        stored.current = "success"
        got: list[LogChunk] = []
        await asyncio.wait_for(_collect(log_stream(hub, 1, stored), got), 5)
        assert len(got) <= 4
        assert _text(got, 1) == "".join(c.text for c in stored.chunks if c.step_number == 1)
        assert all(len(c.text) <= MERGED_CHARACTERS for c in got)
        assert got[-1] == LogChunk(2, 3001, "other step\n")

    asyncio.run(run())
