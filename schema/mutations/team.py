"""Teams: create, edit and delete them, their members and their repositories.

``createTeam``, ``updateTeam``, ``deleteTeam``, ``addTeamMember``, ``removeTeamMember``,
``addTeamRepository`` and ``removeTeamRepository``: the organization's owners and site
administrators only (``app/services/team.py``). A team's id is visible only to those who
may see the team; to anyone else it is NOT_FOUND.
"""

from __future__ import annotations

from typing import Any

import strawberry

from app.errors import InvalidInput, NotFound
from app.models import AccountKind, TeamPermission
from app.models import Team as TeamModel
from app.services import team as teams
from app.services.permission import Access
from schema.context import Info
from schema.lookup import account_by_id, repository_by_id
from schema.node import decode_global_id
from schema.types.account import Organization, User
from schema.types.repository import Repository
from schema.types.repository_permission import RepositoryPermission
from schema.types.team import Team

_PERMISSION = {
    RepositoryPermission.READ: TeamPermission.READ,
    RepositoryPermission.WRITE: TeamPermission.WRITE,
    RepositoryPermission.ADMIN: TeamPermission.ADMIN,
}


async def team_by_id(info: Info, global_id: str, field: str = "teamId") -> TeamModel:
    _, pk = decode_global_id(global_id, "Team", field)
    team = await teams.get_visible(info.context.actor, pk)
    if team is None:
        raise NotFound("Team not found.", field=field)
    # Managers only, decided before any other input is looked up.
    await teams.require_manager(info.context.actor, team)
    return team


async def _user(info: Info, login: str) -> User:
    account = await info.context.account_named(login, AccountKind.USER)
    if account is None:
        raise NotFound(f"No user named '{login}'.", field="login")
    return User(model=account)


@strawberry.input
class CreateTeamInput:
    organization_id: strawberry.ID
    name: str = strawberry.field(description="Letters, digits, '_', '-' and '.'; at most 30.")
    description: str = ""
    permission: RepositoryPermission = RepositoryPermission.READ


@strawberry.type
class CreateTeamPayload:
    team: Team


@strawberry.input
class UpdateTeamInput:
    team_id: strawberry.ID
    name: str | None = None
    description: str | None = None
    permission: RepositoryPermission | None = None


@strawberry.type
class UpdateTeamPayload:
    team: Team


@strawberry.input
class DeleteTeamInput:
    team_id: strawberry.ID


@strawberry.type
class DeleteTeamPayload:
    organization: Organization


@strawberry.input
class TeamMemberInput:
    team_id: strawberry.ID
    login: str


@strawberry.type
class TeamMemberPayload:
    team: Team
    user: User


@strawberry.input
class TeamRepositoryInput:
    team_id: strawberry.ID
    repository_id: strawberry.ID | None = strawberry.field(
        default=None, description="The repository; or give repositoryName."
    )
    repository_name: str | None = strawberry.field(
        default=None, description="The repository's name in the team's organization."
    )


async def _team_repository(info: Info, team: TeamModel, input: TeamRepositoryInput) -> Any:
    if input.repository_id is not None:
        return await repository_by_id(info, str(input.repository_id))
    if input.repository_name is None:
        raise InvalidInput("Give repositoryId or repositoryName.", field="repositoryId")
    org = await info.context.account(team.organization_id)
    assert org is not None
    repo = await info.context.repository_named(org.login, input.repository_name)
    if repo is None or await info.context.access(repo) < Access.READ:
        raise NotFound("Repository not found.", field="repositoryName")
    return repo


@strawberry.type
class TeamRepositoryPayload:
    team: Team
    repository: Repository


@strawberry.type
class TeamMutations:
    @strawberry.mutation(description="Create a team (owners of the organization, site admins).")
    async def create_team(self, info: Info, input: CreateTeamInput) -> CreateTeamPayload:
        org = await account_by_id(info, str(input.organization_id), "organizationId")
        if not org.is_organization:
            raise NotFound("Organization not found.", field="organizationId")
        team = await teams.create_team(
            info.context.actor,
            org,
            input.name,
            description=input.description,
            permission=_PERMISSION[input.permission],
        )
        return CreateTeamPayload(team=Team.of(team))

    @strawberry.mutation(description="Rename a team, or change its description or permission.")
    async def update_team(self, info: Info, input: UpdateTeamInput) -> UpdateTeamPayload:
        team = await team_by_id(info, str(input.team_id))
        permission = None if input.permission is None else _PERMISSION[input.permission]
        await teams.update_team(
            info.context.actor,
            team,
            name=input.name,
            description=input.description,
            permission=permission,
        )
        return UpdateTeamPayload(team=Team.of(team))

    @strawberry.mutation(description="Delete a team; its members lose the access it gave.")
    async def delete_team(self, info: Info, input: DeleteTeamInput) -> DeleteTeamPayload:
        team = await team_by_id(info, str(input.team_id))
        await teams.delete_team(info.context.actor, team)
        org = await info.context.account(team.organization_id)
        assert org is not None
        return DeleteTeamPayload(organization=Organization(model=org))

    @strawberry.mutation(description="Add a user to a team (nothing changes if already there).")
    async def add_team_member(self, info: Info, input: TeamMemberInput) -> TeamMemberPayload:
        team = await team_by_id(info, str(input.team_id))
        user = await _user(info, input.login)
        await teams.add_member(info.context.actor, team, user.model)
        return TeamMemberPayload(team=Team.of(team), user=user)

    @strawberry.mutation(description="Take a user out of a team (nothing changes if not there).")
    async def remove_team_member(self, info: Info, input: TeamMemberInput) -> TeamMemberPayload:
        team = await team_by_id(info, str(input.team_id))
        user = await _user(info, input.login)
        await teams.remove_member(info.context.actor, team, user.model)
        return TeamMemberPayload(team=Team.of(team), user=user)

    @strawberry.mutation(
        description="Give a team's members the team's permission on a repository of its "
        "organization."
    )
    async def add_team_repository(
        self, info: Info, input: TeamRepositoryInput
    ) -> TeamRepositoryPayload:
        team = await team_by_id(info, str(input.team_id))
        repo = await _team_repository(info, team, input)
        await teams.add_repository(info.context.actor, team, repo)
        return TeamRepositoryPayload(team=Team.of(team), repository=Repository.of(repo))

    @strawberry.mutation(description="Take a repository from a team.")
    async def remove_team_repository(
        self, info: Info, input: TeamRepositoryInput
    ) -> TeamRepositoryPayload:
        team = await team_by_id(info, str(input.team_id))
        repo = await _team_repository(info, team, input)
        await teams.remove_repository(info.context.actor, team, repo)
        return TeamRepositoryPayload(team=Team.of(team), repository=Repository.of(repo))
