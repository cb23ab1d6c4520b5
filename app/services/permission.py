"""Who may do what to a repository: the one place these decisions are made.

A repository the actor may not read does not exist for them: every lookup
that fails the read check raises ``NotFound``, never ``Forbidden``.
"""

from __future__ import annotations

from enum import IntEnum

from app.auth import scopes as sc
from app.errors import Forbidden, NotFound
from app.models import (
    Account,
    Collaborator,
    CollaboratorPermission,
    Membership,
    MembershipRole,
    Repository,
    TeamPermission,
    TeamRepository,
)
from app.models.tortoise_internals import loaded_relation
from app.services.actor import Actor


class Access(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2
    ADMIN = 3


_COLLABORATOR_ACCESS = {
    CollaboratorPermission.READ: Access.READ,
    CollaboratorPermission.WRITE: Access.WRITE,
    CollaboratorPermission.ADMIN: Access.ADMIN,
}

_TEAM_ACCESS = {
    TeamPermission.READ: Access.READ,
    TeamPermission.WRITE: Access.WRITE,
    TeamPermission.ADMIN: Access.ADMIN,
}


def team_access(permissions: list[str]) -> Access:
    """The highest access the given team permissions (``read``/``write``/``admin``) give."""
    return max((_TEAM_ACCESS[TeamPermission(p)] for p in permissions), default=Access.NONE)


async def team_permissions(user_id: int, repository_ids: list[int]) -> dict[int, list[str]]:
    """The permissions of ``user_id``'s teams on each of the repositories, by repository id.

    Only teams of the repository's own organization count (a team lists repositories
    of its organization; the join keeps it so should a repository change owners)."""
    rows = await TeamRepository.filter(
        repository_id__in=repository_ids, team__members__user_id=user_id
    ).values_list(
        "repository_id", "team__permission", "team__organization_id", "repository__owner_id"
    )
    found: dict[int, list[str]] = {}
    for repository_id, team_permission, organization_id, owner_id in rows:
        if organization_id == owner_id:
            found.setdefault(repository_id, []).append(str(team_permission))
    return found


def role_for(
    actor: Actor,
    repo: Repository,
    member: Membership | None,
    collaborator: Collaborator | None = None,
    *,
    public_reads: bool = True,
    team: Access = Access.NONE,
) -> Access:
    """What the account may do, before token scopes narrow it.

    ``member`` is the actor's membership in the owning organization, if any;
    ``collaborator`` the actor's collaborator row on ``repo``, if any; ``team`` the
    highest access the actor's teams give on ``repo`` (``team_access``). The
    highest of the roles they give wins. ``public_reads=False`` leaves out the
    READ a public repository gives everyone: the account's own standing only.
    """
    account = actor.account
    public = Access.READ if public_reads and not repo.is_private else Access.NONE
    if account is None:
        return Access.READ if actor.reader_of == repo.id else public
    if account.is_admin or repo.owner_id == account.id:
        return Access.ADMIN
    access = public
    if member is not None:
        access = Access.ADMIN if member.role == MembershipRole.OWNER else Access.WRITE
    if collaborator is not None:
        access = max(access, _COLLABORATOR_ACCESS[CollaboratorPermission(collaborator.permission)])
    return max(access, team)


def teams_may_raise(account: Account, member: Membership | None) -> bool:
    """Whether a team could give more than the account has already: not for site admins
    and the organization's owners (ADMIN); a member's WRITE an ADMIN team raises."""
    owner = member is not None and member.role == MembershipRole.OWNER
    return not (owner or account.is_admin)


async def role_access(actor: Actor, repo: Repository, *, public_reads: bool = True) -> Access:
    member = collaborator = None
    team = Access.NONE
    if actor.account is not None and repo.owner_id != actor.account.id:
        member = await Membership.get_or_none(
            organization_id=repo.owner_id, user_id=actor.account.id
        )
        collaborator = await Collaborator.get_or_none(
            repository_id=repo.id, user_id=actor.account.id
        )
        # Teams only exist in organizations: a user's repository (when its owner is
        # loaded already, as it is on every request path) needs no lookup.
        owner = loaded_relation(repo, "owner")
        organization = owner is None or owner.is_organization
        if teams_may_raise(actor.account, member) and organization:
            teams = await team_permissions(actor.account.id, [repo.id])
            team = team_access(teams.get(repo.id, []))
    return role_for(actor, repo, member, collaborator, public_reads=public_reads, team=team)


def narrow(actor: Actor, repo: Repository, access: Access) -> Access:
    """Narrow a role's access by the token's scopes.

    Public repositories are readable with any token; private ones need
    ``repo:read``; writing needs ``repo:write``.
    """
    if actor.scopes is None or access == Access.NONE:
        return access
    if repo.is_private and sc.REPO_READ not in actor.scopes:
        return Access.NONE
    if sc.REPO_WRITE not in actor.scopes:
        return min(access, Access.READ)
    return access


async def repository_access(actor: Actor, repo: Repository) -> Access:
    return narrow(actor, repo, await role_access(actor, repo))


async def require_read(actor: Actor, repo: Repository | None) -> Repository:
    if repo is None or await repository_access(actor, repo) < Access.READ:
        raise NotFound("Repository not found.")
    return repo


async def require_access(actor: Actor, repo: Repository | None, wanted: Access) -> Repository:
    """The repository, if the actor has ``wanted`` access; NotFound if it cannot even read it."""
    if repo is None:
        raise NotFound("Repository not found.")
    role = await role_access(actor, repo)
    access = narrow(actor, repo, role)
    if access < Access.READ:
        raise NotFound("Repository not found.")
    if access < wanted:
        actor.require_account()
        if role >= wanted:
            raise Forbidden("This token lacks the 'repo:write' scope.")
        raise Forbidden("You do not have permission to do this in this repository.")
    return repo


async def require_delete(actor: Actor, repo: Repository | None) -> Repository:
    """Deleting needs an admin role and ``repo:delete`` (``repo:write`` is not required)."""
    repo = await require_read(actor, repo)
    actor.require_account()
    if await role_access(actor, repo) < Access.ADMIN:
        raise Forbidden("Only the repository's owner or an admin can delete it.")
    if not actor.has_scope(sc.REPO_DELETE):
        raise Forbidden("This token lacks the 'repo:delete' scope.")
    return repo
