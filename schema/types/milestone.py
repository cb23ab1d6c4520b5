"""Milestones."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.models import Issue as IssueModel
from app.models import IssueState as IssueStateModel
from app.models import Milestone as MilestoneModel
from app.services import milestone as milestones
from schema.context import Info
from schema.markdown import HTML, body_html
from schema.node import Node
from schema.types import fields, registry
from schema.types.connection import Connection, paged
from schema.types.issue_state import IssueState, state_values

if TYPE_CHECKING:
    from schema.types.issue import Issue

# Issue.milestone returns a milestone, so the issues here are lazy and built through the registry.
IssueRef = Annotated["Issue", strawberry.lazy("schema.types.issue")]


@strawberry.enum
class MilestoneState(Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


@strawberry.type(description="A target for a set of issues, numbered per repository.")
class Milestone(Node):
    model: strawberry.Private[MilestoneModel]

    @staticmethod
    def of(model: MilestoneModel) -> Milestone:
        return Milestone(model=model)

    @strawberry.field
    def number(self) -> int:
        return self.model.number

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def description(self) -> str:
        return self.model.description

    @strawberry.field(
        name="descriptionHTML", description="The description as sanitized HTML (GFM)."
    )
    async def description_html(self, info: Info) -> HTML:
        return HTML(await body_html(info, self.model.description, self.model.repository_id))

    @strawberry.field
    def due_on(self) -> datetime | None:
        return self.model.due_on

    @strawberry.field
    def state(self) -> MilestoneState:
        return MilestoneState(self.model.state.value)

    @strawberry.field
    def closed(self) -> bool:
        return self.model.state.value == MilestoneState.CLOSED.value

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.model.closed_at

    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)
    repository = strawberry.field(resolver=fields.repository)

    @strawberry.field(description="The issues in this milestone, oldest first.")
    async def issues(
        self,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        states: list[IssueState] | None = None,
    ) -> Connection[IssueRef]:
        wanted = state_values(states)
        query = milestones.issues_query(self.model, wanted)
        return await paged(
            query, registry.type_for(IssueModel).of, first=first, after=after, page=page
        )

    @strawberry.field(description="Issues in this milestone that are OPEN.")
    async def open_issue_count(self, info: Info) -> int:
        counts = await info.context.loaders.issue_counts_by_milestone_id.load(self.model.id)
        return counts.get(IssueStateModel.OPEN, 0)

    @strawberry.field
    async def closed_issue_count(self, info: Info) -> int:
        counts = await info.context.loaders.issue_counts_by_milestone_id.load(self.model.id)
        return counts.get(IssueStateModel.CLOSED, 0)

    @strawberry.field(description="Closed issues as a share of all issues, 0 to 100.")
    async def progress_percentage(self, info: Info) -> float:
        counts = await info.context.loaders.issue_counts_by_milestone_id.load(self.model.id)
        total = sum(counts.values())
        return 100.0 * counts.get(IssueStateModel.CLOSED, 0) / total if total else 0.0
