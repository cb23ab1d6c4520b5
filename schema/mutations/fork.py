"""Forking repositories."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.services import fork as forks
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import account_by_id, repository_by_id
from schema.types.repository import Repository


@bounded(tables.Repository, "name")
class ForkRepositoryInput:
    repository_id: strawberry.ID
    organization_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="An organization the viewer may create repositories in; "
        "the viewer's own account when omitted.",
    )
    name: str | None = strawberry.field(
        default=None, description="The fork's name; the parent's when omitted."
    )


@strawberry.type
class ForkRepositoryPayload:
    repository: Repository


@strawberry.type
class ForkMutations:
    @strawberry.mutation(
        description="Fork a repository the viewer can read: its branches, tags and default "
        "branch, sharing its objects. A private repository's fork is private."
    )
    async def fork_repository(
        self, info: Info, input: ForkRepositoryInput
    ) -> ForkRepositoryPayload:
        parent = await repository_by_id(info, str(input.repository_id))
        owner = None
        if input.organization_id is not None:
            owner = await account_by_id(
                info, str(input.organization_id), "organizationId", "Organization"
            )
        fork = await forks.fork_repository(
            info.context.runtime.storage, info.context.actor, parent, owner, input.name
        )
        return ForkRepositoryPayload(repository=Repository.of(fork))
