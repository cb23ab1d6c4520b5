"""Issues, comments and labels."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models import Account as AccountModel
from app.models import Comment as CommentModel
from app.models import Issue as IssueModel
from app.models import Label as LabelModel
from app.services import issue as issues
from schema.context import Info
from schema.markdown import BODY_HTML, HTML, body_html
from schema.node import Node
from schema.types import fields, github_fields, registry
from schema.types.account import User
from schema.types.connection import Connection, loaded_connection, paged
from schema.types.issue_state import IssueState
from schema.types.milestone import Milestone


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

    repository = strawberry.field(resolver=fields.repository)


@strawberry.type
class IssueComment(Node):
    model: strawberry.Private[CommentModel]

    @staticmethod
    def of(model: CommentModel) -> IssueComment:
        return IssueComment(model=model)

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field(
        name="bodyHTML",
        description=BODY_HTML,
    )
    async def body_html(self, info: Info) -> HTML:
        issue = await info.context.loaders.issues_by_id.load(self.model.issue_id)
        return HTML(await body_html(info, self.model.body, issue.repository_id if issue else 0))

    author = strawberry.field(resolver=fields.author)

    @strawberry.field(description="The issue this comment is on.")
    async def issue(self, info: Info) -> Issue:
        issue = await info.context.loaders.issues_by_id.load(self.model.issue_id)
        return Issue.of(issue)  # type: ignore[arg-type]

    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)
    url = strawberry.field(resolver=github_fields.comment_url)
    author_association = strawberry.field(resolver=github_fields.author_association)
    viewer_did_author = strawberry.field(resolver=github_fields.viewer_did_author)
    includes_created_edit = strawberry.field(resolver=github_fields.includes_created_edit)
    is_minimized = strawberry.field(resolver=github_fields.is_minimized)
    minimized_reason = strawberry.field(resolver=github_fields.minimized_reason)
    reaction_groups = strawberry.field(resolver=github_fields.reaction_groups)

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

    @strawberry.field(
        name="bodyHTML",
        description=BODY_HTML,
    )
    async def body_html(self, info: Info) -> HTML:
        return HTML(await body_html(info, self.model.body, self.model.repository_id))

    @strawberry.field
    def state(self) -> IssueState:
        return IssueState(self.model.state.value)

    @strawberry.field
    def closed(self) -> bool:
        return self.model.state.value == IssueState.CLOSED.value

    reaction_groups = strawberry.field(resolver=github_fields.reaction_groups)
    project_cards = strawberry.field(resolver=github_fields.project_cards)

    @strawberry.field(
        description="Whether the issue was triaged (Isurus shows an open, untriaged issue "
        "as 'new'); reopening triages."
    )
    def is_triaged(self) -> bool:
        return self.model.triaged

    author = strawberry.field(resolver=fields.author)
    repository = strawberry.field(resolver=fields.repository)

    @strawberry.field
    async def url(self, info: Info) -> str:
        return await fields.repository_url(
            info, self.model.repository_id, f"issues/{self.model.number}"
        )

    @strawberry.field(description="The issue's labels by name, batched across issues.")
    async def labels(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Label]:
        rows = await info.context.loaders.labels_by_issue_id.load(self.model.id)
        query = LabelModel.filter(issues__id=self.model.id)
        return loaded_connection(rows, query, Label.of, first=first, after=after)

    @strawberry.field(description="How many comments the issue has, batched across issues.")
    async def comment_count(self, info: Info) -> int:
        return await info.context.loaders.comment_counts_by_issue_id.load(self.model.id)

    @strawberry.field(description="Up to ten users the issue is assigned to, by login.")
    async def assignees(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[User]:
        rows = await info.context.loaders.assignees_by_issue_id.load(self.model.id)
        query = AccountModel.filter(assigned_issues__id=self.model.id)
        return loaded_connection(rows, query, _user, first=first, after=after)

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

    @strawberry.field(
        description="Every comment, oldest first, in one query (at most 10,000): a whole "
        "thread for clients that show one; page through 'comments' otherwise."
    )
    async def all_comments(self) -> list[IssueComment]:
        return [IssueComment.of(c) for c in await issues.thread(self.model)]

    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.model.closed_at


def _user(account: AccountModel) -> User:
    return User(model=account)


registry.register(IssueModel, Issue)
