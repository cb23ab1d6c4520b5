"""Teams of an organization (GitHub's ``Team``): members, repositories and one permission.

``Organization.teams`` (in ``account.py``, lazy) lists them; the mutations are in
``schema/mutations/team.py``. Who sees a team and what its membership gives are decided
in ``app/services/team.py`` and ``app/services/permission.py``.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from app.models import Account, TeamPermission
from app.models import Team as TeamModel
from app.services import repository as repositories
from app.services import team as teams
from schema.context import Info
from schema.node import Node
from schema.types import registry
from schema.types.account import Organization, User
from schema.types.connection import Connection, paged
from schema.types.repository import Repository
from schema.types.repository_permission import RepositoryPermission


@strawberry.enum(description="Who can see a team: VISIBLE, to every member of the organization.")
class TeamPrivacy(Enum):
    VISIBLE = "visible"


PERMISSION = {
    TeamPermission.READ: RepositoryPermission.READ,
    TeamPermission.WRITE: RepositoryPermission.WRITE,
    TeamPermission.ADMIN: RepositoryPermission.ADMIN,
}


@strawberry.type(
    description="A group of an organization's users with one permission on chosen repositories "
    "of the organization. Seen by the organization's members, the team's members and site "
    "administrators."
)
class Team(Node):
    model: strawberry.Private[TeamModel]

    @staticmethod
    def of(model: TeamModel) -> Team:
        return Team(model=model)

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The name in lower case, as it appears in URLs.")
    def slug(self) -> str:
        return self.model.name_lower

    @strawberry.field
    def description(self) -> str:
        return self.model.description

    @strawberry.field
    def privacy(self) -> TeamPrivacy:
        return TeamPrivacy.VISIBLE

    @strawberry.field(
        description="What the team's members may do in the team's repositories (Gogs' permission)."
    )
    def permission(self) -> RepositoryPermission:
        return PERMISSION[TeamPermission(self.model.permission)]

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        org = await info.context.account(self.model.organization_id)
        assert org is not None
        return Organization(model=org)

    @strawberry.field(description="The team's members, by login.")
    async def members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[User]:
        def user(account: Account) -> User:
            info.context.loaders.accounts_by_id.prime(account.id, account)
            return User(model=account)

        return await paged(
            teams.members_query(self.model), user, first=first, after=after, page=page
        )

    @strawberry.field(description="The team's repositories the viewer can read, by name.")
    async def repositories(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[Repository]:
        readable = await repositories.visible_query(info.context.actor)
        query = teams.repositories_query(self.model, readable)
        return await paged(query, Repository.of, first=first, after=after, page=page)


registry.register(TeamModel, Team)
