"""Collaborators: who manages them, and adding (upsert), listing and removing them.

Managing needs the ADMIN role on the repository and the ``collaborator:write``
scope; listing needs read access and ``collaborator:read``. For a private
repository a token also needs ``repo:read``, or the repository does not exist.
"""

from __future__ import annotations

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.errors import Forbidden, InvalidInput, NotFound
from app.models import (
    Account,
    AccountKind,
    Collaborator,
    CollaboratorPermission,
    Repository,
    columns,
)
from app.services import permission
from app.services.actor import Actor


async def require_manager(actor: Actor, repo: Repository) -> None:
    await permission.require_read(actor, repo)
    actor.require_account()
    if await permission.role_access(actor, repo) < permission.Access.ADMIN:
        raise Forbidden("Only an admin of the repository can manage its collaborators.")
    if not actor.has_scope(sc.COLLABORATOR_WRITE):
        raise Forbidden("This token lacks the 'collaborator:write' scope.")


def require_lister(actor: Actor) -> None:
    """Called on a repository the actor can already read."""
    actor.require_scope(sc.COLLABORATOR_READ)


async def _target(repo: Repository, login: str) -> Account:
    user = None
    if columns.fits(Account, "login_lower", login):
        user = await Account.get_or_none(login_lower=login.lower(), kind=AccountKind.USER)
    if user is None:
        raise NotFound(f"No user named '{login}'.", field="login")
    if user.id == repo.owner_id:
        raise InvalidInput("The owner already has every permission.", field="login")
    return user


async def add_collaborator(
    actor: Actor, repo: Repository, login: str, role: CollaboratorPermission
) -> Collaborator:
    """Add the user, or change their permission if they already collaborate."""
    await require_manager(actor, repo)
    user = await _target(repo, login)
    async with in_transaction():
        existing = await Collaborator.get_or_none(repository_id=repo.id, user_id=user.id)
        if existing is None:
            return await Collaborator.create(repository_id=repo.id, user=user, permission=role)
        existing.permission = role
        await existing.save()
        return existing


async def remove_collaborator(actor: Actor, repo: Repository, login: str) -> Account:
    await require_manager(actor, repo)
    user = await _target(repo, login)
    deleted = await Collaborator.filter(repository_id=repo.id, user_id=user.id).delete()
    if not deleted:
        raise NotFound(f"'{login}' is not a collaborator.", field="login")
    return user


def collaborators_query(repo: Repository, login: str | None = None) -> QuerySet[Collaborator]:
    """The repository's collaborators, or only the user ``login`` among them."""
    query = Collaborator.filter(repository_id=repo.id)
    if login is not None:
        # A login too long to exist matches no one, without asking the database.
        key = login.lower() if columns.fits(Account, "login_lower", login) else ""
        query = query.filter(user__login_lower=key)
    return query
