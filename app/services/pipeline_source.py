"""The live streams' view of a stored pipeline (``app/services/pipeline_live.py``
``PipelineSource``): its status, its steps' states, its log chunks after a position;
and the newest pipeline of commits (the status icons beside branches and commits)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from tortoise.expressions import Q

from app.models import Pipeline, PipelineStatus, Step, StepLogChunk
from app.services.pipeline_live import LogChunk

# A pipeline whose row is gone (its repository was deleted) has ended for its subscribers.
GONE = PipelineStatus.ERROR.value


class StoredPipeline:
    """Reads one pipeline's rows; its steps' numbers are read once (steps never change)."""

    def __init__(self, pipeline_id: int) -> None:
        self.pipeline_id = pipeline_id
        self._numbers: dict[int, int] | None = None

    async def status(self) -> str:
        found = await Pipeline.filter(id=self.pipeline_id).first().values_list("status", flat=True)
        return str(PipelineStatus(str(found)).value) if found else GONE

    async def state(self) -> tuple[str, Hashable]:
        found = await Pipeline.filter(id=self.pipeline_id).values_list(
            "status", "cancel_requested", "started_at", "finished_at"
        )
        if not found:
            return GONE, None
        status, cancel_requested, started, finished = found[0]
        steps = await (
            Step.filter(pipeline_id=self.pipeline_id)
            .order_by("number")
            .values_list("number", "status", "exit_code", "started_at", "finished_at")
        )
        return str(PipelineStatus(status).value), (
            cancel_requested,
            started,
            finished,
            tuple(steps),
        )

    async def _step_numbers(self) -> dict[int, int]:
        if self._numbers is None:
            rows = await Step.filter(pipeline_id=self.pipeline_id).values_list("id", "number")
            self._numbers = {step_id: number for step_id, number in rows}
        return self._numbers

    async def log_after(self, positions: dict[int, int], step_number: int | None) -> list[LogChunk]:
        numbers = await self._step_numbers()
        wanted = {
            step_id: number
            for step_id, number in numbers.items()
            if step_number is None or number == step_number
        }
        if not wanted:
            return []
        # One query: each step's chunks after its own position.
        condition = Q(
            *(Q(step_id=step_id, id__gt=positions.get(n, 0)) for step_id, n in wanted.items()),
            join_type=Q.OR,
        )
        rows = await (
            StepLogChunk.filter(condition)
            .order_by("step_id", "id")
            .values_list("step_id", "id", "text")
        )
        chunks = [LogChunk(wanted[step_id], chunk_id, text) for step_id, chunk_id, text in rows]
        return sorted(chunks, key=lambda c: (c.step_number, c.position))


async def latest_by_commit(repository_id: int, oids: Sequence[str]) -> list[Pipeline | None]:
    """The newest pipeline of each commit in ``oids`` (None where none ran), one query."""
    newest: dict[str, Pipeline] = {}
    rows = await Pipeline.filter(repository_id=repository_id, commit_oid__in=list(set(oids)))
    for row in rows:
        known = newest.get(row.commit_oid)
        if known is None or row.id > known.id:
            newest[row.commit_oid] = row
    return [newest.get(oid) for oid in oids]
