"""Repository collaborators: users on the connection, their permission on the edge."""

from __future__ import annotations

import strawberry

from app.models import Collaborator, CollaboratorPermission
from app.models import Repository as RepositoryModel
from app.services import collaborator as collaborators
from app.services import pagination
from schema.context import Info
from schema.types.account import User
from schema.types.connection import PagedConnection, cursors_of
from schema.types.repository_permission import RepositoryPermission

PERMISSION = {
    CollaboratorPermission.READ: RepositoryPermission.READ,
    CollaboratorPermission.WRITE: RepositoryPermission.WRITE,
    CollaboratorPermission.ADMIN: RepositoryPermission.ADMIN,
}


@strawberry.type
class RepositoryCollaboratorEdge:
    cursor: str
    node: User
    permission: RepositoryPermission


@strawberry.type(description="Collaborators, with each one's permission on the edge.")
class RepositoryCollaboratorConnection(PagedConnection):
    edges: list[RepositoryCollaboratorEdge]

    @strawberry.field
    def nodes(self) -> list[User]:
        return [edge.node for edge in self.edges]


async def collaborator_connection(
    info: Info,
    repo: RepositoryModel,
    first: int | None,
    after: str | None,
    page: int | None,
    login: str | None = None,
) -> RepositoryCollaboratorConnection:
    collaborators.require_lister(info.context.actor)
    result = await pagination.paginate(
        collaborators.collaborators_query(repo, login), first=first, after=after, page=page
    )
    users = await info.context.loaders.accounts_by_id.load_many([c.user_id for c in result.items])
    cursors = cursors_of(result)
    edges = [
        RepositoryCollaboratorEdge(
            cursor=cursor,
            node=User(model=user),
            permission=PERMISSION[CollaboratorPermission(row.permission)],
        )
        for cursor, row, user in zip(cursors, result.items, users, strict=True)
        if user is not None
    ]
    return RepositoryCollaboratorConnection(cursors=cursors, page=result, edges=edges)


def permission_of(row: Collaborator) -> RepositoryPermission:
    return PERMISSION[CollaboratorPermission(row.permission)]
