"""Repositories."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.errors import NotFound
from app.models import IssueState as IssueStateModel
from app.models import Repository as RepositoryModel
from app.services import issue as issues
from app.services import pagination
from app.services.permission import Access
from schema.context import Info
from schema.node import Node
from schema.types.account import RepositoryOwner
from schema.types.connection import Connection, connection

if TYPE_CHECKING:
    from schema.types.issue import Issue, IssueState, Label

IssueRef = Annotated["Issue", strawberry.lazy("schema.types.issue")]
IssueStateRef = Annotated["IssueState", strawberry.lazy("schema.types.issue")]
LabelRef = Annotated["Label", strawberry.lazy("schema.types.issue")]


@strawberry.enum
class RepositoryVisibility(Enum):
    PUBLIC = "public"
    PRIVATE = "private"


@strawberry.enum(description="The viewer's access to a repository.")
class RepositoryPermission(Enum):
    ADMIN = "admin"
    WRITE = "write"
    READ = "read"


_PERMISSION = {
    Access.ADMIN: RepositoryPermission.ADMIN,
    Access.WRITE: RepositoryPermission.WRITE,
    Access.READ: RepositoryPermission.READ,
}


async def full_name(info: Info, model: RepositoryModel) -> str:
    """``owner/name``, with the owner batched per request."""
    owner = await info.context.loaders.accounts_by_id.load(model.owner_id)
    return f"{owner.login if owner else ''}/{model.name}"


@strawberry.type(description="A git repository with its issues.")
class Repository(Node):
    model: strawberry.Private[RepositoryModel]

    @staticmethod
    def of(model: RepositoryModel) -> Repository:
        return Repository(model=model)

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="owner/name")
    async def name_with_owner(self, info: Info) -> str:
        return await full_name(info, self.model)

    @strawberry.field
    async def owner(self, info: Info) -> RepositoryOwner:
        owner = await info.context.loaders.accounts_by_id.load(self.model.owner_id)
        if owner is None:
            raise NotFound("Repository owner not found.")
        return RepositoryOwner.of(owner)

    @strawberry.field
    def description(self) -> str:
        return self.model.description

    @strawberry.field
    def is_private(self) -> bool:
        return self.model.is_private

    @strawberry.field
    def visibility(self) -> RepositoryVisibility:
        return (
            RepositoryVisibility.PRIVATE if self.model.is_private else RepositoryVisibility.PUBLIC
        )

    @strawberry.field(description="The branch HEAD points at.")
    def default_branch(self) -> str:
        return self.model.default_branch

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field(description="When a push last moved a ref.")
    def pushed_at(self) -> datetime | None:
        return self.model.pushed_at

    @strawberry.field(description="The repository's web page.")
    async def url(self, info: Info) -> str:
        return f"{info.context.base_url}/{await full_name(info, self.model)}"

    @strawberry.field(description="The HTTPS clone URL; the password is an access token.")
    async def clone_url(self, info: Info) -> str:
        return f"{info.context.base_url}/{await full_name(info, self.model)}.git"

    @strawberry.field(description="The viewer's access, or null for none.")
    async def viewer_permission(self, info: Info) -> RepositoryPermission | None:
        return _PERMISSION.get(await info.context.access(self.model))

    @strawberry.field(description="Issue counts by state, batched across repositories.")
    async def open_issue_count(self, info: Info) -> int:
        counts = await info.context.loaders.issue_counts_by_repository_id.load(self.model.id)
        return counts.get(IssueStateModel.NEW, 0) + counts.get(IssueStateModel.OPEN, 0)

    @strawberry.field
    async def issues(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        states: list[IssueStateRef] | None = None,
        newest_first: bool = False,
    ) -> Connection[IssueRef]:
        from schema.types.issue import Issue

        query = issues.issues_query(
            self.model, [IssueStateModel(s.value) for s in states] if states else None
        )
        result = await pagination.paginate(
            query,
            first=first,
            after=after,
            last=last,
            before=before,
            page=page,
            descending=newest_first,
        )
        return connection(result, Issue.of)

    @strawberry.field(description="One issue by its number.")
    async def issue(self, number: int) -> IssueRef | None:
        from schema.types.issue import Issue

        found = await issues.issues_query(self.model, None).filter(number=number).first()
        return Issue.of(found) if found else None

    @strawberry.field
    async def labels(
        self,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[LabelRef]:
        from schema.types.issue import Label

        query = issues.labels_query(self.model)
        result = await pagination.paginate(query, first=first, after=after, page=page)
        return connection(result, Label.of)
