"""CI pipelines, their steps and logs; a repository's secrets (names only)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from tortoise.queryset import QuerySet

from app.models import Pipeline as PipelineModel
from app.models import PipelineEvent as PipelineEventModel
from app.models import PipelineStatus as PipelineStatusModel
from app.models import Secret as SecretModel
from app.models import Step as StepModel
from app.models import StepStatus as StepStatusModel
from app.services import pipeline as pipelines
from schema.context import Info
from schema.node import Node
from schema.types import fields
from schema.types.account import User
from schema.types.connection import Connection, paged


@strawberry.enum(description="Where a pipeline is: PENDING until a runner claims it.")
class PipelineStatus(Enum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    FAILURE = "failure"
    CANCELLED = "cancelled"
    ERROR = "error"


@strawberry.enum(description="What queued a pipeline.")
class PipelineEvent(Enum):
    PUSH = "push"
    MANUAL = "manual"
    RERUN = "rerun"


@strawberry.enum
class PipelineStepStatus(Enum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    FAILURE = "failure"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


def model_statuses(statuses: list[PipelineStatus] | None) -> list[PipelineStatusModel] | None:
    return [PipelineStatusModel(s.value) for s in statuses] if statuses else None


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds(), 3)


@strawberry.type(description="One step of a pipeline, in the order it runs.")
class PipelineStep:
    model: strawberry.Private[StepModel]

    @strawberry.field(description="The step's numeric id (the runner API's step id).")
    def database_id(self) -> int:
        return self.model.id

    @strawberry.field(description="1-based, in run order across the pipeline's files.")
    def number(self) -> int:
        return self.model.number

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The workflow file the step comes from.")
    def workflow(self) -> str:
        return self.model.workflow

    @strawberry.field
    def status(self) -> PipelineStepStatus:
        return PipelineStepStatus(StepStatusModel(self.model.status).value)

    @strawberry.field(description="The command's exit code; null until it ends.")
    def exit_code(self) -> int | None:
        return self.model.exit_code

    @strawberry.field
    def started_at(self) -> datetime | None:
        return self.model.started_at

    @strawberry.field
    def finished_at(self) -> datetime | None:
        return self.model.finished_at

    @strawberry.field(description="Seconds from start to finish; null until it ends.")
    def duration(self) -> float | None:
        return _seconds(self.model.started_at, self.model.finished_at)

    @strawberry.field(description="The container image it runs in, if any (empty: the host).")
    def image(self) -> str:
        return self.model.image

    @strawberry.field(description='The run lines as written (env.NAME = "value" lines too).')
    def commands(self) -> list[str]:
        return list(self.model.commands)

    @strawberry.field(description="The if condition; empty when the step always runs.")
    def condition(self) -> str:
        return self.model.condition

    @strawberry.field
    def working_dir(self) -> str:
        return self.model.working_dir

    @strawberry.field
    def continue_on_error(self) -> bool:
        return self.model.continue_on_error

    @strawberry.field(
        description="The output stored so far (secrets masked as ***; capped at 4 MiB "
        "with a truncation note)."
    )
    async def log(self, info: Info) -> str:
        return await info.context.loaders.step_logs_by_step_id.load(self.model.id)

    @strawberry.field(description="Whether output past the cap was dropped.")
    def log_truncated(self) -> bool:
        return self.model.log_truncated


@strawberry.type
class PipelineStepConnection:
    nodes: list[PipelineStep]
    total_count: int


@strawberry.type(description="One run of a commit's workflow files (.kod/workflows/*.toml).")
class Pipeline(Node):
    model: strawberry.Private[PipelineModel]

    @staticmethod
    def of(model: PipelineModel) -> Pipeline:
        return Pipeline(model=model)

    @strawberry.field(description="Numbered per repository from 1.")
    def number(self) -> int:
        return self.model.number

    @strawberry.field
    def status(self) -> PipelineStatus:
        return PipelineStatus(PipelineStatusModel(self.model.status).value)

    @strawberry.field
    def event(self) -> PipelineEvent:
        return PipelineEvent(PipelineEventModel(self.model.event).value)

    @strawberry.field
    def branch(self) -> str:
        return self.model.branch

    @strawberry.field
    def commit_oid(self) -> str:
        return self.model.commit_oid

    created_at = strawberry.field(resolver=fields.created_at)

    @strawberry.field
    def started_at(self) -> datetime | None:
        return self.model.started_at

    @strawberry.field
    def finished_at(self) -> datetime | None:
        return self.model.finished_at

    @strawberry.field(description="Seconds from start to finish; null until both are known.")
    def duration(self) -> float | None:
        return _seconds(self.model.started_at, self.model.finished_at)

    @strawberry.field(description="Who pushed or triggered it; null if that account is gone.")
    async def triggered_by(self, info: Info) -> User | None:
        return await fields.user_by_id(info, self.model.triggered_by_id)

    @strawberry.field(description="Why it ended in ERROR (a parse error, a lost runner); else ''.")
    def error_message(self) -> str:
        return self.model.error_message

    @strawberry.field(description="The workflow files it runs, in order.")
    def files(self) -> list[str]:
        return list(self.model.files)

    @strawberry.field(description="Seconds the whole run may take.")
    def timeout(self) -> int:
        return self.model.timeout

    @strawberry.field(description="True once cancelled while running, until the runner stops.")
    def cancel_requested(self) -> bool:
        return self.model.cancel_requested

    @strawberry.field(description="The pipeline this one re-ran, if it is a rerun.")
    async def rerun_of(self) -> Pipeline | None:
        if self.model.rerun_of_id is None:
            return None
        found = await PipelineModel.get_or_none(id=self.model.rerun_of_id)
        return Pipeline.of(found) if found else None

    repository = strawberry.field(resolver=fields.repository)

    @strawberry.field(description="Its steps in run order (a pipeline has at most 200).")
    async def steps(self, first: int | None = None) -> PipelineStepConnection:
        rows = await pipelines.steps_query(self.model).order_by("number")
        total = len(rows)
        if first is not None:
            rows = rows[: max(first, 0)]
        return PipelineStepConnection(
            nodes=[PipelineStep(model=row) for row in rows], total_count=total
        )


@strawberry.type(description="A repository secret: its name only; values are never returned.")
class RepositorySecret:
    model: strawberry.Private[SecretModel]

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)


async def pipeline_connection(
    query: QuerySet[PipelineModel],
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    page: int | None = None,
) -> Connection[Pipeline]:
    """Newest first."""
    return await paged(
        query,
        Pipeline.of,
        first=first,
        after=after,
        last=last,
        before=before,
        page=page,
        descending=True,
    )
