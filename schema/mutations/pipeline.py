"""CI: trigger, cancel and re-run pipelines; set and delete repository secrets.

Pipelines need WRITE on the repository and ``workflow:trigger``; secrets the
ADMIN role and ``secrets:write``. Whoever cannot read the repository gets
NOT_FOUND. A secret's value goes in and never comes out.
"""

from __future__ import annotations

import strawberry

from app import models as tables
from app.services import ci_secret
from app.services import pipeline_action as actions
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import in_repository, repository_by_id
from schema.types.pipeline import Pipeline


@bounded(tables.Pipeline, "branch")
class TriggerPipelineInput:
    repository_id: strawberry.ID
    branch: str
    files: list[str] | None = strawberry.field(
        default=None,
        description="Workflow files to run (each *.toml directly inside .kod/workflows/); "
        "all of the branch's when omitted.",
    )


@strawberry.input
class PipelineIdInput:
    pipeline_id: strawberry.ID


@strawberry.type
class PipelinePayload:
    pipeline: Pipeline


@bounded(tables.Secret, "name")
class SetRepositorySecretInput:
    repository_id: strawberry.ID
    name: str
    value: str = strawberry.field(description="Stored encrypted; never returned.")


@bounded(tables.Secret, "name")
class DeleteRepositorySecretInput:
    repository_id: strawberry.ID
    name: str


@strawberry.type
class RepositorySecretPayload:
    name: str


@strawberry.type
class PipelineMutations:
    @strawberry.mutation(
        description="Queue a pipeline (event MANUAL) for the tip of a branch. Needs WRITE "
        "and workflow:trigger."
    )
    async def trigger_pipeline(self, info: Info, input: TriggerPipelineInput) -> PipelinePayload:
        repo = await repository_by_id(info, str(input.repository_id))
        pipeline = await actions.trigger(
            info.context.actor,
            info.context.runtime.storage,
            repo,
            input.branch,
            list(input.files) if input.files is not None else None,
        )
        return PipelinePayload(pipeline=Pipeline.of(pipeline))

    @strawberry.mutation(
        description="Cancel: a PENDING pipeline at once; a RUNNING one asks its runner to stop "
        "(cancelRequested) and becomes CANCELLED when it has."
    )
    async def cancel_pipeline(self, info: Info, input: PipelineIdInput) -> PipelinePayload:
        repo, pipeline = await in_repository(
            info, str(input.pipeline_id), "Pipeline", "pipelineId", "Pipeline not found."
        )
        pipeline = await actions.cancel(info.context.actor, repo, pipeline)
        # Subscribers see CANCELLED (pending) or cancelRequested (running) at once.
        await info.context.runtime.pipeline_events.publish_status(pipeline.id, pipeline.status)
        return PipelinePayload(pipeline=Pipeline.of(pipeline))

    @strawberry.mutation(description="A new pipeline (event RERUN) on the same commit.")
    async def rerun_pipeline(self, info: Info, input: PipelineIdInput) -> PipelinePayload:
        repo, pipeline = await in_repository(
            info, str(input.pipeline_id), "Pipeline", "pipelineId", "Pipeline not found."
        )
        pipeline = await actions.rerun(info.context.actor, repo, pipeline)
        return PipelinePayload(pipeline=Pipeline.of(pipeline))

    @strawberry.mutation(
        description="Create or replace a CI secret. Needs the repository's ADMIN role and "
        "secrets:write."
    )
    async def set_repository_secret(
        self, info: Info, input: SetRepositorySecretInput
    ) -> RepositorySecretPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        secret = await ci_secret.set_secret(
            info.context.runtime.secrets, info.context.actor, repo, input.name, input.value
        )
        return RepositorySecretPayload(name=secret.name)

    @strawberry.mutation(description="Delete a CI secret by name.")
    async def delete_repository_secret(
        self, info: Info, input: DeleteRepositorySecretInput
    ) -> RepositorySecretPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        await ci_secret.delete_secret(info.context.actor, repo, input.name)
        return RepositorySecretPayload(name=input.name)
