"""Adding and removing repository collaborators."""

from __future__ import annotations

import strawberry

from app.models import CollaboratorPermission
from app.services import collaborator as collaborators
from schema.context import Info
from schema.lookup import repository_by_id
from schema.types.account import User
from schema.types.collaborator import permission_of
from schema.types.repository import Repository
from schema.types.repository_permission import RepositoryPermission


@strawberry.input
class AddCollaboratorInput:
    repository_id: strawberry.ID
    login: str
    permission: RepositoryPermission = RepositoryPermission.WRITE


@strawberry.type
class AddCollaboratorPayload:
    repository: Repository
    user: User
    permission: RepositoryPermission


@strawberry.input
class RemoveCollaboratorInput:
    repository_id: strawberry.ID
    login: str


@strawberry.type
class RemoveCollaboratorPayload:
    repository: Repository
    user: User


@strawberry.type
class CollaboratorMutations:
    @strawberry.mutation(
        description="Add a collaborator or change their permission. Needs ADMIN on the "
        "repository and the collaborator:write scope."
    )
    async def add_collaborator(
        self, info: Info, input: AddCollaboratorInput
    ) -> AddCollaboratorPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        row = await collaborators.add_collaborator(
            info.context.actor, repo, input.login, CollaboratorPermission(input.permission.value)
        )
        user = await info.context.loaders.accounts_by_id.load(row.user_id)
        return AddCollaboratorPayload(
            repository=Repository.of(repo),
            user=User(model=user),  # type: ignore[arg-type]
            permission=permission_of(row),
        )

    @strawberry.mutation(description="Needs ADMIN and the collaborator:write scope.")
    async def remove_collaborator(
        self, info: Info, input: RemoveCollaboratorInput
    ) -> RemoveCollaboratorPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        user = await collaborators.remove_collaborator(info.context.actor, repo, input.login)
        return RemoveCollaboratorPayload(repository=Repository.of(repo), user=User(model=user))
