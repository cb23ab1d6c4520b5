"""Milestones: create, edit, close or reopen, delete."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app import models as tables
from app.models import MilestoneState as MilestoneStateModel
from app.services import milestone as milestones
from app.services.issue import UNSET, Unset
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import milestone_by_id, repository_by_id
from schema.types.milestone import Milestone, MilestoneState


@bounded(tables.Milestone, "title")
class CreateMilestoneInput:
    repository_id: strawberry.ID
    title: str
    description: str = ""
    due_on: datetime | None = None


@bounded(tables.Milestone, "title")
class UpdateMilestoneInput:
    id: strawberry.ID
    title: str | None = None
    description: str | None = None
    due_on: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Null clears the due date; omit to keep it."
    )
    state: MilestoneState | None = None


@strawberry.input
class MilestoneIdInput:
    id: strawberry.ID


@strawberry.type
class MilestonePayload:
    milestone: Milestone


@strawberry.type
class DeleteMilestonePayload:
    deleted_milestone_id: strawberry.ID


async def _set_state(info: Info, global_id: str, state: MilestoneStateModel) -> MilestonePayload:
    repo, milestone = await milestone_by_id(info, global_id)
    milestone = await milestones.update_milestone(info.context.actor, repo, milestone, state=state)
    return MilestonePayload(milestone=Milestone.of(milestone))


@strawberry.type
class MilestoneMutations:
    @strawberry.mutation(description="Needs WRITE on the repository.")
    async def create_milestone(self, info: Info, input: CreateMilestoneInput) -> MilestonePayload:
        repo = await repository_by_id(info, str(input.repository_id))
        milestone = await milestones.create_milestone(
            info.context.actor,
            repo,
            input.title,
            description=input.description,
            due_on=input.due_on,
        )
        return MilestonePayload(milestone=Milestone.of(milestone))

    @strawberry.mutation
    async def update_milestone(self, info: Info, input: UpdateMilestoneInput) -> MilestonePayload:
        repo, milestone = await milestone_by_id(info, str(input.id))
        due_on: datetime | Unset | None = (
            UNSET if input.due_on is strawberry.UNSET else input.due_on
        )
        milestone = await milestones.update_milestone(
            info.context.actor,
            repo,
            milestone,
            title=input.title,
            description=input.description,
            due_on=due_on,
            state=MilestoneStateModel(input.state.value) if input.state else None,
        )
        return MilestonePayload(milestone=Milestone.of(milestone))

    @strawberry.mutation
    async def close_milestone(self, info: Info, input: MilestoneIdInput) -> MilestonePayload:
        return await _set_state(info, str(input.id), MilestoneStateModel.CLOSED)

    @strawberry.mutation
    async def reopen_milestone(self, info: Info, input: MilestoneIdInput) -> MilestonePayload:
        return await _set_state(info, str(input.id), MilestoneStateModel.OPEN)

    @strawberry.mutation(description="Its issues keep existing, without a milestone.")
    async def delete_milestone(self, info: Info, input: MilestoneIdInput) -> DeleteMilestonePayload:
        repo, milestone = await milestone_by_id(info, str(input.id))
        await milestones.delete_milestone(info.context.actor, repo, milestone)
        return DeleteMilestonePayload(deleted_milestone_id=input.id)
