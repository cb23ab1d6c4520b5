"""CI runners as site administrators see them, and a claimed job as a runner sees it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models import PipelineEvent, Step, StepStatus
from app.models.runner import Runner as RunnerModel
from app.services import runner as runners
from app.services.ci_agent import Job
from schema.node import Node


@strawberry.type(description="A machine running `ingot runner` (site administrators only).")
class Runner(Node):
    model: strawberry.Private[RunnerModel]

    @staticmethod
    def of(row: RunnerModel) -> Runner:
        return Runner(model=row)

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="How many pipelines it runs at once (its last heartbeat says).")
    def capacity(self) -> int:
        return self.model.capacity

    @strawberry.field(description="Its last call to the agent API; null before the first.")
    def last_heartbeat_at(self) -> datetime | None:
        return self.model.last_heartbeat_at

    @strawberry.field(description="How many pipelines it is running now.")
    async def busy(self) -> int:
        return await runners.busy(self.model)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="Its token ends with these characters.")
    def token_last_eight(self) -> str:
        return self.model.last_eight


@strawberry.type(description="An environment variable given to a step.")
class EnvironmentVariable:
    name: str
    value: str


def _variables(values: dict) -> list[EnvironmentVariable]:
    return [EnvironmentVariable(name=str(k), value=str(v)) for k, v in values.items()]


@strawberry.type(description="A step of a claimed pipeline, as the runner runs it.")
class AgentStep:
    database_id: int
    number: int
    name: str
    image: str
    commands: list[str]
    environment: list[EnvironmentVariable]
    status: str
    condition: str = strawberry.field(description="Kod's `if`; empty: always.")
    working_dir: str
    continue_on_error: bool

    @staticmethod
    def of(step: Step) -> AgentStep:
        return AgentStep(
            database_id=step.id,
            number=step.number,
            name=step.name,
            image=step.image,
            commands=[str(c) for c in step.commands],
            environment=_variables(step.environment or {}),
            status=StepStatus(step.status).value,
            condition=step.condition,
            working_dir=step.working_dir,
            continue_on_error=step.continue_on_error,
        )


@strawberry.type(
    description="A pipeline claimed by the calling runner: what it needs to run it. "
    "`jobToken` fetches the repository over git while the pipeline runs; `secrets` are "
    "the repository's CI secrets, decrypted (only a runner ever receives them)."
)
class AgentJob:
    job: strawberry.Private[Job]

    @strawberry.field
    def pipeline_database_id(self) -> int:
        return self.job.pipeline.id

    @strawberry.field
    def number(self) -> int:
        return self.job.pipeline.number

    @strawberry.field
    def commit_oid(self) -> str:
        return self.job.pipeline.commit_oid

    @strawberry.field
    def branch(self) -> str:
        return self.job.pipeline.branch

    @strawberry.field
    def event(self) -> str:
        return PipelineEvent(self.job.pipeline.event).value

    @strawberry.field(description="Seconds the whole run may take.")
    def timeout(self) -> int:
        return self.job.pipeline.timeout

    @strawberry.field
    def clone_url(self) -> str:
        return self.job.clone_url

    @strawberry.field
    def owner(self) -> str:
        return self.job.owner

    @strawberry.field
    def repository_name(self) -> str:
        return self.job.name

    @strawberry.field
    def job_token(self) -> str:
        return self.job.token

    @strawberry.field
    def ci_env(self) -> list[EnvironmentVariable]:
        return _variables(self.job.ci_env)

    @strawberry.field
    def secrets(self) -> list[EnvironmentVariable]:
        return _variables(self.job.secrets)

    @strawberry.field
    def steps(self) -> list[AgentStep]:
        return [AgentStep.of(step) for step in self.job.steps]
