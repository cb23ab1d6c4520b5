"""The live log and status streams over a stand-in source: no gaps, no repeats, an end.

The database side is a list of strings per step held here; the events go through
a real ``PipelineEvents`` hub in its single-process mode (SQLite's).
"""

from __future__ import annotations

import asyncio
import json

from app.services.pipeline_events import (
    MAX_PAYLOAD_BYTES,
    QUEUE_SIZE,
    LogAppended,
    PipelineEvents,
    Resync,
    StatusChanged,
    decode,
    encode,
)
from app.services.pipeline_live import LogChunk, log_stream, status_stream


class Stored:
    """A pipeline as the database would hold it."""

    def __init__(self) -> None:
        self.logs: dict[int, str] = {}
        self.state = "running"
        self.reads = 0

    async def status(self) -> str:
        return self.state

    async def log_after(self, offsets: dict[int, int], step_number: int | None) -> list[LogChunk]:
        self.reads += 1
        steps = [step_number] if step_number is not None else sorted(self.logs)
        chunks = []
        for step in steps:
            have = offsets.get(step, 0)
            text = self.logs.get(step, "")[have:]
            if text:
                chunks.append(LogChunk(step, have, text))
        return chunks

    def append(self, step: int, text: str) -> int:
        self.logs[step] = self.logs.get(step, "") + text
        return len(self.logs[step])


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
        # Appended and published: delivered from the event, no read.
        reads = stored.reads
        end = stored.append(1, "step one\n")
        await hub.publish_log(7, 1, "step one\n", end=end)
        # A repeat of an event already delivered is skipped.
        await hub.publish_log(7, 1, "step one\n", end=end)
        await _settle()
        assert _text(got, 1) == "cloning\nstep one\n"
        assert stored.reads == reads
        # A chunk whose event was lost: the next one is past a gap and reads the database.
        stored.append(2, "lost\n")
        end = stored.append(2, "seen\n")
        await hub.publish_log(7, 2, "seen\n", end=end)
        await _settle()
        assert _text(got, 2) == "lost\nseen\n"
        # Too large for a notification: a pointer, read from the database.
        end = stored.append(2, "x" * 10)
        hub._fan_out(LogAppended(7, 2, None, end))
        await _settle()
        assert _text(got, 2) == "lost\nseen\n" + "x" * 10
        # The end: text that raced the final status is read before completing.
        stored.append(3, "last words\n")
        stored.state = "success"
        await hub.publish_status(7, "success")
        await asyncio.wait_for(task, 5)
        assert _text(got, 3) == "last words\n"
        offsets = [(c.step_number, c.offset, len(c.text)) for c in got]
        for step in (1, 2, 3):
            mine = [(o, n) for s, o, n in offsets if s == step]
            assert [o for o, _ in mine] == [sum(n for _, n in mine[:i]) for i in range(len(mine))]
        assert hub.subscriber_count() == 0

    asyncio.run(run())


def test_log_stream_of_a_finished_pipeline_gives_its_log_and_ends() -> None:
    async def run() -> None:
        hub, stored = PipelineEvents(), Stored()
        stored.append(1, "done\n")
        stored.state = "failure"
        got: list[LogChunk] = []
        await asyncio.wait_for(_collect(log_stream(hub, 1, stored), got), 5)
        assert got == [LogChunk(1, 0, "done\n")]

    asyncio.run(run())


def test_status_stream_gives_now_then_each_change_until_the_end() -> None:
    async def run() -> None:
        hub, stored = PipelineEvents(), Stored()
        got: list[str] = []
        task = asyncio.create_task(_collect(status_stream(hub, 3, stored), got))
        await _settle()
        await hub.publish_log(3, 1, "ignored\n", end=8)
        await hub.publish_status(3, "running", step_number=1, step_status="success")
        await _settle()
        stored.state = "cancelled"
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
            await hub.publish_log(5, 1, "x", end=n + 1)
        events = []
        while not subscription._queue.empty():
            events.append(await subscription.__anext__())
        assert isinstance(events[0], Resync)
        assert len(events) < QUEUE_SIZE
        subscription.close()
        assert hub.subscriber_count() == 0

    asyncio.run(run())


def test_notification_payloads_round_trip_and_stay_under_the_limit() -> None:
    small = LogAppended(1, 2, "héllo\n", 40)
    assert decode(encode(small)) == small
    big = LogAppended(1, 2, "é" * 5000, 5000)
    payload = encode(big)
    assert len(payload.encode()) < MAX_PAYLOAD_BYTES
    assert decode(payload) == LogAppended(1, 2, None, 5000)
    status = StatusChanged(9, "running", 2, "failure")
    assert decode(encode(status)) == status
    assert decode(encode(StatusChanged(9, "success"))) == StatusChanged(9, "success")
    assert decode("not json") is None
    assert decode(json.dumps({"k": "other", "p": 1})) is None
