"""Activity: what happened in repositories, for the dashboard and profile feeds."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from tortoise.queryset import QuerySet

from app.models import Activity as ActivityModel
from app.services import permission
from schema.context import Info
from schema.node import Node
from schema.types import fields, registry
from schema.types.account import User
from schema.types.connection import Connection, paged
from schema.types.issue import Issue
from schema.types.pull_request import PullRequest
from schema.types.push import Push
from schema.types.release import Release


@strawberry.enum(description="What an activity records.")
class ActivityKind(Enum):
    PUSH = "PUSH"
    ISSUE_OPENED = "ISSUE_OPENED"
    ISSUE_CLOSED = "ISSUE_CLOSED"
    ISSUE_REOPENED = "ISSUE_REOPENED"
    ISSUE_COMMENTED = "ISSUE_COMMENTED"
    PULL_REQUEST_OPENED = "PULL_REQUEST_OPENED"
    PULL_REQUEST_MERGED = "PULL_REQUEST_MERGED"
    PULL_REQUEST_CLOSED = "PULL_REQUEST_CLOSED"
    RELEASE_PUBLISHED = "RELEASE_PUBLISHED"
    REPOSITORY_CREATED = "REPOSITORY_CREATED"


@strawberry.type(
    description="Something that happened in a repository: a push, an issue or pull request "
    "opened, closed, merged or commented on, a release published, the repository created. "
    "The subject field matching the kind is set; it is null if the subject was deleted since."
)
class Activity(Node):
    model: strawberry.Private[ActivityModel]

    @staticmethod
    def of(model: ActivityModel) -> Activity:
        return Activity(model=model)

    @strawberry.field
    def kind(self) -> ActivityKind:
        return ActivityKind(self.model.kind.value)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="Who acted; null if that account was deleted.")
    async def actor(self, info: Info) -> User | None:
        if self.model.actor_id is None:
            return None
        account = await info.context.loaders.accounts_by_id.load(self.model.actor_id)
        return User(model=account) if account and not account.is_organization else None

    repository = strawberry.field(resolver=fields.repository)

    @strawberry.field(description="The issue opened, closed, reopened or commented on.")
    async def issue(self, info: Info) -> Issue | None:
        if self.model.issue_id is None:
            return None
        found = await info.context.loaders.issues_by_id.load(self.model.issue_id)
        return Issue.of(found) if found else None

    @strawberry.field(description="The pull request opened, merged, closed or commented on.")
    async def pull_request(self, info: Info) -> PullRequest | None:
        if self.model.pull_request_id is None:
            return None
        found = await info.context.loaders.pull_requests_by_id.load(self.model.pull_request_id)
        return PullRequest.of(found) if found else None

    @strawberry.field(description="The release published; null while it is a draft again.")
    async def release(self, info: Info) -> Release | None:
        if self.model.release_id is None:
            return None
        found = await info.context.loaders.releases_by_id.load(self.model.release_id)
        if found is None:
            return None
        if found.is_draft:
            repo = await info.context.loaders.repositories_by_id.load(found.repository_id)
            if repo is None or await info.context.access(repo) < permission.Access.WRITE:
                return None
        return Release.of(found)

    @strawberry.field(description="The push, for PUSH activity.")
    async def push(self, info: Info) -> Push | None:
        if self.model.push_id is None:
            return None
        found = await info.context.loaders.pushes_by_id.load(self.model.push_id)
        return Push.of(found) if found else None

    @strawberry.field(description="The full ref a PUSH created or moved, e.g. refs/heads/main.")
    def ref_name(self) -> str | None:
        return _text(self.model.payload.get("ref"))

    @strawberry.field(
        description="How many commits a PUSH brought in (new to the repository), "
        "counted up to 1000: 1000 means 1000 or more."
    )
    def commit_count(self) -> int | None:
        count = self.model.payload.get("commits")
        return count if isinstance(count, int) else None

    @strawberry.field(
        description="The subject's title (issue, pull request) or name (release) when the "
        "activity was recorded; kept after the subject is renamed or deleted."
    )
    def title(self) -> str | None:
        return _text(self.model.payload.get("title"))

    @strawberry.field(description="The issue or pull request number, or the release's tag.")
    def subject_ref(self) -> str | None:
        number = self.model.payload.get("number")
        if isinstance(number, int):
            return f"#{number}"
        return _text(self.model.payload.get("tag"))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


async def activity_connection(
    query: QuerySet[ActivityModel], first: int | None, after: str | None
) -> Connection[Activity]:
    """Newest first, keyset-paginated on the id."""
    return await paged(query, Activity.of, first=first, after=after, descending=True)


registry.register(ActivityModel, Activity)
