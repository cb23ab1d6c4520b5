"""CI runners: site administrators revoke them; runners claim and report pipelines.

The agent mutations (``claimPipeline``, ``runnerHeartbeat``, ``updateStepStatus``,
``updatePipelineStatus``, ``appendStepLog``) serve the agent API's REST routes
(``/isurus/api/v1/ci/*``), the only surface that accepts a runner token: anyone
else calling them is UNAUTHENTICATED. Ids are database ids, as the agent API's paths.
"""

from __future__ import annotations

import strawberry

from app.models import PipelineStatus
from app.services import ci_agent
from app.services import runner as runners
from schema.context import Info
from schema.node import decode_global_id
from schema.types.runner import AgentJob, AgentStep, Runner


@strawberry.input
class RevokeRunnerInput:
    id: strawberry.ID


@strawberry.type
class RevokeRunnerPayload:
    runner: Runner


@strawberry.input
class ClaimPipelineInput:
    capacity: int | None = strawberry.field(
        default=None, description="Pipelines the runner runs at once (recorded)."
    )


@strawberry.type
class ClaimPipelinePayload:
    job: AgentJob | None = strawberry.field(description="Null when nothing is pending.")


@strawberry.input
class RunnerHeartbeatInput:
    capacity: int | None = None
    pipeline_ids: list[int] = strawberry.field(
        default_factory=list, description="The pipelines the runner is running."
    )


@strawberry.type
class RunnerHeartbeatPayload:
    stop_pipeline_ids: list[int] = strawberry.field(
        description="Of those, the ones to stop now (cancelled, lost or ended)."
    )


@strawberry.input
class UpdateStepStatusInput:
    step_id: int
    status: str = strawberry.field(
        description="pending, running, success, failure, skipped or cancelled."
    )
    exit_code: int | None = None


@strawberry.type
class UpdateStepStatusPayload:
    step: AgentStep


@strawberry.input
class UpdatePipelineStatusInput:
    pipeline_id: int
    status: str = strawberry.field(
        description="pending, running, success, failure, cancelled or error."
    )
    message: str | None = strawberry.field(default=None, description="Why, for `error`.")


@strawberry.type
class UpdatePipelineStatusPayload:
    pipeline_database_id: int
    status: str


@strawberry.input
class AppendStepLogInput:
    step_id: int
    text: str


@strawberry.type
class AppendStepLogPayload:
    bytes_stored: int = strawberry.field(description="0 once the step's log is full.")


@strawberry.type
class RunnerMutations:
    @strawberry.mutation(description="Revokes a runner's token (site administrators).")
    async def revoke_runner(self, info: Info, input: RevokeRunnerInput) -> RevokeRunnerPayload:
        _, pk = decode_global_id(str(input.id), "Runner", "id")
        runner = await runners.revoke_runner(info.context.actor, pk)
        return RevokeRunnerPayload(runner=Runner.of(runner))

    @strawberry.mutation(description="Agent API: claim the oldest pending pipeline.")
    async def claim_pipeline(
        self, info: Info, input: ClaimPipelineInput | None = None
    ) -> ClaimPipelinePayload:
        runner = runners.require_runner(info.context.actor)
        if input is not None and input.capacity is not None:
            await runners.heartbeat(runner, input.capacity)
        job = await ci_agent.poll(info.context.runtime, runner)
        return ClaimPipelinePayload(job=AgentJob(job=job) if job else None)

    @strawberry.mutation(description="Agent API: the runner lives; which pipelines to stop.")
    async def runner_heartbeat(
        self, info: Info, input: RunnerHeartbeatInput
    ) -> RunnerHeartbeatPayload:
        runner = runners.require_runner(info.context.actor)
        stop = await ci_agent.heartbeat(runner, input.capacity, input.pipeline_ids)
        return RunnerHeartbeatPayload(stop_pipeline_ids=stop)

    @strawberry.mutation(description="Agent API: move a step (CONFLICT for an illegal move).")
    async def update_step_status(
        self, info: Info, input: UpdateStepStatusInput
    ) -> UpdateStepStatusPayload:
        runner = runners.require_runner(info.context.actor)
        step = await ci_agent.step_status(
            info.context.runtime, runner, input.step_id, input.status, input.exit_code
        )
        return UpdateStepStatusPayload(step=AgentStep.of(step))

    @strawberry.mutation(description="Agent API: finish a pipeline (CONFLICT for an illegal move).")
    async def update_pipeline_status(
        self, info: Info, input: UpdatePipelineStatusInput
    ) -> UpdatePipelineStatusPayload:
        runner = runners.require_runner(info.context.actor)
        pipeline = await ci_agent.pipeline_status(
            info.context.runtime, runner, input.pipeline_id, input.status, input.message or ""
        )
        return UpdatePipelineStatusPayload(
            pipeline_database_id=pipeline.id, status=PipelineStatus(pipeline.status).value
        )

    @strawberry.mutation(description="Agent API: append text to a step's log (secrets masked).")
    async def append_step_log(self, info: Info, input: AppendStepLogInput) -> AppendStepLogPayload:
        runner = runners.require_runner(info.context.actor)
        kept = await ci_agent.append_log(info.context.runtime, runner, input.step_id, input.text)
        return AppendStepLogPayload(bytes_stored=kept)
