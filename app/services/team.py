"""Teams of an organization: who manages them, who sees them, their members and repositories.

An organization's owners (and site administrators) manage its teams. A team is seen by
the organization's members, the team's own members and site administrators; to anyone
else it does not exist (NotFound). What a team's membership gives is decided where every
repository access is decided, ``app/services/permission.py`` (``team_permissions``).
"""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.errors import Conflict, InvalidInput, NotFound
from app.models import (
    Account,
    AccountKind,
    Membership,
    Repository,
    Team,
    TeamMember,
    TeamPermission,
    TeamRepository,
    case_key,
)
from app.services import account as accounts
from app.services.actor import Actor
from app.services.naming import validate_text

# Gogs' rule for team names (AlphaDashDot, at most 30 characters).
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
MAX_NAME = 30
MAX_DESCRIPTION = 255


def validate_name(name: object, field: str = "name") -> str:
    if not isinstance(name, str) or not name:
        raise InvalidInput("A team name is required.", field=field)
    if len(name) > MAX_NAME:
        raise InvalidInput(f"A team name has at most {MAX_NAME} characters.", field=field)
    if not _NAME.fullmatch(name) or name in (".", ".."):
        raise InvalidInput(
            "A team name may contain only ASCII letters, digits, '_', '-' and '.'.", field=field
        )
    return name


def permission_of(value: object, field: str = "permission") -> TeamPermission:
    try:
        return TeamPermission(str(value).lower())
    except ValueError:
        raise InvalidInput("A team's permission is read, write or admin.", field=field) from None


async def require_manager(actor: Actor, team: Team) -> None:
    """Forbidden unless the actor owns the team's organization (or is a site admin)."""
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)


async def may_see(actor: Actor, team: Team) -> bool:
    account = actor.account
    if account is None:
        return False
    if account.is_admin:
        return True
    if await Membership.exists(organization_id=team.organization_id, user_id=account.id):
        return True
    return await TeamMember.exists(team_id=team.id, user_id=account.id)


async def get_visible(actor: Actor, pk: int) -> Team | None:
    team = await Team.get_or_none(id=pk)
    return team if team is not None and await may_see(actor, team) else None


def visible_teams(actor: Actor, org: Account) -> QuerySet[Team]:
    """The organization's teams the actor may see, by name."""
    query = Team.filter(organization_id=org.id).order_by("name_lower", "id")
    account = actor.account
    if account is None:
        return query.filter(id=0)
    if account.is_admin:
        return query
    member = Subquery(Membership.filter(user_id=account.id).values("organization_id"))
    own = Subquery(TeamMember.filter(user_id=account.id).values("team_id"))
    return query.filter(Q(organization_id__in=member) | Q(id__in=own))


async def create_team(
    actor: Actor,
    org: Account,
    name: str,
    *,
    description: str = "",
    permission: TeamPermission = TeamPermission.READ,
) -> Team:
    await accounts.require_org_owner(actor, org)
    if not org.is_organization:
        raise NotFound("Organization not found.")
    validate_name(name)
    validate_text(description, field="description", max_length=MAX_DESCRIPTION)
    if await Team.exists(organization_id=org.id, name_lower=case_key(name)):
        raise Conflict(f"The team '{name}' already exists.", field="name")
    try:
        return await Team.create(
            organization_id=org.id, name=name, description=description, permission=permission
        )
    except IntegrityError:
        raise Conflict(f"The team '{name}' already exists.", field="name") from None


async def update_team(
    actor: Actor,
    team: Team,
    *,
    name: str | None = None,
    description: str | None = None,
    permission: TeamPermission | None = None,
) -> Team:
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)
    if name is not None and case_key(validate_name(name)) != team.name_lower:
        if await Team.exists(organization_id=org.id, name_lower=case_key(name)):
            raise Conflict(f"The team '{name}' already exists.", field="name")
        team.name = name
    elif name is not None:
        team.name = name
    if description is not None:
        team.description = validate_text(
            description, field="description", max_length=MAX_DESCRIPTION
        )
    if permission is not None:
        team.permission = permission
    try:
        await team.save()
    except IntegrityError:
        raise Conflict(f"The team '{name}' already exists.", field="name") from None
    return team


async def delete_team(actor: Actor, team: Team) -> None:
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)
    await team.delete()


async def add_member(actor: Actor, team: Team, user: Account) -> None:
    """Put ``user`` in the team (nothing to do if they are in it already)."""
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)
    if user.kind != AccountKind.USER:
        raise InvalidInput("Only users can be members of a team.", field="login")
    try:
        async with in_transaction():
            if not await TeamMember.exists(team_id=team.id, user_id=user.id):
                await TeamMember.create(team_id=team.id, user_id=user.id)
    except IntegrityError:
        pass  # Added by a concurrent request: the same outcome.


async def remove_member(actor: Actor, team: Team, user: Account) -> None:
    """Take ``user`` out of the team (nothing to do if they are not in it, as in Gogs)."""
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)
    await TeamMember.filter(team_id=team.id, user_id=user.id).delete()


async def add_repository(actor: Actor, team: Team, repo: Repository) -> None:
    """Give the team's members the team's access to ``repo``, a repository of its organization."""
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)
    if repo.owner_id != team.organization_id:
        raise NotFound("Repository not found.", field="repositoryId")
    try:
        async with in_transaction():
            if not await TeamRepository.exists(team_id=team.id, repository_id=repo.id):
                await TeamRepository.create(team_id=team.id, repository_id=repo.id)
    except IntegrityError:
        pass


async def remove_repository(actor: Actor, team: Team, repo: Repository) -> None:
    org = await Account.get(id=team.organization_id)
    await accounts.require_org_owner(actor, org)
    await TeamRepository.filter(team_id=team.id, repository_id=repo.id).delete()


def members_query(team: Team) -> QuerySet[Account]:
    return Account.filter(team_memberships__team_id=team.id).order_by("login_lower", "id")


def repositories_query(team: Team, readable: QuerySet[Repository]) -> QuerySet[Repository]:
    """The team's repositories among ``readable`` (the viewer's), by name."""
    ids = Subquery(TeamRepository.filter(team_id=team.id).values("repository_id"))
    return readable.filter(id__in=ids).order_by("name_lower", "id")
