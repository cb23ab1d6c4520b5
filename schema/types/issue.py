"""Issues, comments and labels."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.models import Comment as CommentModel
from app.models import Issue as IssueModel
from app.models import Label as LabelModel
from app.services import issue as issues
from schema.context import Info
from schema.node import Node
from schema.types.account import User
from schema.types.connection import Connection, paged
from schema.types.milestone import Milestone

if TYPE_CHECKING:
    from schema.types.repository import Repository

RepositoryRef = Annotated["Repository", strawberry.lazy("schema.types.repository")]


@strawberry.enum(description="NEW until triaged, then OPEN; CLOSED; reopening returns to OPEN.")
class IssueState(Enum):
    NEW = "NEW"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


@strawberry.type
class Label(Node):
    model: strawberry.Private[LabelModel]

    @staticmethod
    def of(model: LabelModel) -> Label:
        return Label(model=model)

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="#RRGGBB")
    def color(self) -> str:
        return self.model.color

    @strawberry.field
    def description(self) -> str:
        return self.model.description

    @strawberry.field
    async def repository(self, info: Info) -> RepositoryRef:
        from schema.types.repository import Repository

        repo = await info.context.loaders.repositories_by_id.load(self.model.repository_id)
        return Repository.of(repo)  # type: ignore[arg-type]


async def _user(info: Info, account_id: int | None) -> User | None:
    if account_id is None:
        return None
    account = await info.context.loaders.accounts_by_id.load(account_id)
    return User(model=account) if account else None


@strawberry.type
class IssueComment(Node):
    model: strawberry.Private[CommentModel]

    @staticmethod
    def of(model: CommentModel) -> IssueComment:
        return IssueComment(model=model)

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field
    async def author(self, info: Info) -> User | None:
        return await _user(info, self.model.author_id)

    @strawberry.field(description="The issue this comment is on.")
    async def issue(self, info: Info) -> Issue:
        issue = await info.context.loaders.issues_by_id.load(self.model.issue_id)
        return Issue.of(issue)  # type: ignore[arg-type]

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field(description="When the body was last edited, or null if never.")
    def last_edited_at(self) -> datetime | None:
        return self.model.last_edited_at


@strawberry.type
class Issue(Node):
    model: strawberry.Private[IssueModel]

    @staticmethod
    def of(model: IssueModel) -> Issue:
        return Issue(model=model)

    @strawberry.field
    def number(self) -> int:
        return self.model.number

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field
    def state(self) -> IssueState:
        return IssueState(self.model.state.value)

    @strawberry.field
    def closed(self) -> bool:
        return self.model.state.value == IssueState.CLOSED.value

    @strawberry.field
    async def author(self, info: Info) -> User | None:
        return await _user(info, self.model.author_id)

    @strawberry.field
    async def repository(self, info: Info) -> RepositoryRef:
        from schema.types.repository import Repository

        repo = await info.context.loaders.repositories_by_id.load(self.model.repository_id)
        return Repository.of(repo)  # type: ignore[arg-type]

    @strawberry.field
    async def url(self, info: Info) -> str:
        from schema.types.repository import full_name

        repo = await info.context.loaders.repositories_by_id.load(self.model.repository_id)
        if repo is None:
            return ""
        return f"{info.context.base_url}/{await full_name(info, repo)}/issues/{self.model.number}"

    @strawberry.field
    async def labels(self, info: Info) -> list[Label]:
        return [
            Label.of(label)
            for label in await info.context.loaders.labels_by_issue_id.load(self.model.id)
        ]

    @strawberry.field(description="How many comments the issue has, batched across issues.")
    async def comment_count(self, info: Info) -> int:
        return await info.context.loaders.comment_counts_by_issue_id.load(self.model.id)

    @strawberry.field(description="Up to ten users the issue is assigned to, by login.")
    async def assignees(self, info: Info) -> list[User]:
        return [
            User(model=account)
            for account in await info.context.loaders.assignees_by_issue_id.load(self.model.id)
        ]

    @strawberry.field
    async def milestone(self, info: Info) -> Milestone | None:
        if self.model.milestone_id is None:
            return None
        found = await info.context.loaders.milestones_by_id.load(self.model.milestone_id)
        return Milestone.of(found) if found else None

    @strawberry.field
    async def comments(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
    ) -> Connection[IssueComment]:
        query = issues.comments_query(self.model)
        return await paged(
            query, IssueComment.of, first=first, after=after, last=last, before=before, page=page
        )

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.model.closed_at
