"""Repositories: the row and the bare git repository on disk move together."""

from __future__ import annotations

from pathlib import Path

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.errors import Conflict, Forbidden, NotFound
from app.git import storage
from app.models import (
    Account,
    ActivityKind,
    Collaborator,
    ImportState,
    Membership,
    ReleaseAsset,
    Repository,
    RepositoryImport,
    TeamRepository,
    columns,
)
from app.models.prepared import Prepared
from app.services import activity, blobstore, fork_link, permission
from app.services.actor import Actor
from app.services.naming import branch_name, validate_repository_name, validate_text
from app.services.runtime import Storage


async def path_of(store: Storage, repo: Repository) -> Path:
    # ``find`` brings the owner along; a repository loaded without it costs a query.
    owner: object = repo.owner
    if not isinstance(owner, Account):
        owner = await Account.get(id=repo.owner_id)
    return store.repository_path(owner.login, repo.name)


def _validate_branch(branch: str) -> str:
    return branch_name(branch, "defaultBranch")


async def _require_no_tag_named(path: Path, branch: str) -> None:
    """A default branch that does not exist yet will be pushed: not if a tag has its name."""
    if await anyio.to_thread.run_sync(storage.has_only_tag, path, branch):
        raise Conflict(
            f"'{branch}' is the name of a tag: a branch of that name would make "
            f"'git push origin {branch}' ambiguous for everyone.",
            field="defaultBranch",
        )


async def can_create_in(actor: Actor, owner: Account) -> None:
    user = actor.require_scope(sc.REPO_WRITE)
    if owner.id == user.id or actor.is_site_admin:
        return
    if owner.is_organization and await Membership.exists(organization_id=owner.id, user_id=user.id):
        return
    raise Forbidden(f"You cannot create repositories in '{owner.login}'.")


async def create_repository(
    store: Storage,
    actor: Actor,
    owner: Account,
    name: str,
    *,
    description: str = "",
    is_private: bool = False,
    default_branch: str = "main",
) -> Repository:
    await can_create_in(actor, owner)
    validate_repository_name(name)
    validate_text(description, field="description", max_length=2000)
    _validate_branch(default_branch)
    path = store.repository_path(owner.login, name)
    try:
        async with in_transaction():
            repo = await Repository.create(
                owner=owner,
                name=name,
                name_lower=name.lower(),
                description=description,
                is_private=is_private,
                default_branch=default_branch,
            )
            await activity.record(ActivityKind.REPOSITORY_CREATED, repo, actor.account)
            if path.exists():
                raise Conflict(f"Storage for '{owner.login}/{name}' already exists.", field="name")
            await anyio.to_thread.run_sync(storage.init_bare, path, default_branch)
    except IntegrityError:
        raise Conflict(
            f"A repository named '{name}' already exists for '{owner.login}'.", field="name"
        ) from None
    return repo


async def find(owner_login: str, name: str) -> Repository | None:
    if not isinstance(owner_login, str) or not isinstance(name, str):
        return None
    if name.lower().endswith(".git"):
        name = name[:-4]
    # A key that no row can hold matches nothing: no query (and no database error).
    if not columns.fits(Account, "login_lower", owner_login) or not columns.fits(
        Repository, "name_lower", name
    ):
        return None
    return await _BY_OWNER_AND_NAME.first(owner_login.lower(), name.lower())


# Nearly every request looks a repository up this way. The owner comes along in the
# same query: every caller shows or checks it.
_BY_OWNER_AND_NAME = Prepared(
    Repository,
    2,
    lambda owner, name: (
        Repository.filter(owner__login_lower=owner, name_lower=name)
        .select_related("owner")
        .limit(1)
    ),
)


async def get_visible(actor: Actor, owner_login: str, name: str) -> Repository:
    return await permission.require_read(actor, await find(owner_login, name))


async def visible_query(actor: Actor, owner: Account | None = None) -> QuerySet[Repository]:
    """Repositories (of ``owner``, or all) the actor can read."""
    query = Repository.all()
    if owner is not None:
        query = query.filter(owner_id=owner.id)
    account = actor.account
    can_read_private = account is not None and (
        actor.scopes is None or sc.REPO_READ in actor.scopes
    )
    if not can_read_private or account is None:
        return query.filter(is_private=False)
    if account.is_admin:
        return query
    org_ids = await Membership.filter(user_id=account.id).values_list("organization_id", flat=True)
    readable_owners = [account.id, *org_ids]
    if owner is not None and owner.id in readable_owners:
        return query
    collaborations = Subquery(Collaborator.filter(user_id=account.id).values("repository_id"))
    # Repositories the account's teams reach (permission.team_permissions decides the level).
    teams = Subquery(
        TeamRepository.filter(team__members__user_id=account.id).values("repository_id")
    )
    if owner is not None:
        return query.filter(Q(is_private=False) | Q(id__in=collaborations) | Q(id__in=teams))
    return query.filter(
        Q(is_private=False)
        | Q(owner_id__in=readable_owners)
        | Q(id__in=collaborations)
        | Q(id__in=teams)
    )


async def affiliated_query(
    actor: Actor,
    user: Account,
    *,
    owned: bool = True,
    member: bool = False,
    collaborator: bool = False,
) -> QuerySet[Repository]:
    """Readable repositories owned by ``user``, by ``user``'s organizations (and, as on
    GitHub, those of ``user``'s teams) and/or that ``user`` collaborates on (one query:
    the collaborations and teams are subqueries)."""
    owners: list[int] = [user.id] if owned else []
    if member:
        orgs = Membership.filter(user_id=user.id).values_list("organization_id", flat=True)
        owners += [int(org_id) for org_id in await orgs]  # type: ignore[call-overload]
    related = Q(owner_id__in=owners)
    if member:
        teams = TeamRepository.filter(team__members__user_id=user.id).values("repository_id")
        related |= Q(id__in=Subquery(teams))
    if collaborator:
        collaborations = Subquery(Collaborator.filter(user_id=user.id).values("repository_id"))
        related |= Q(id__in=collaborations)
    return (await visible_query(actor)).filter(related)


async def search_query(
    actor: Actor, text: str, owner_id: int | None = None
) -> QuerySet[Repository]:
    """Readable repositories whose name contains ``text`` (case-insensitive)."""
    query = (await visible_query(actor)).filter(name_lower__contains=text.strip()[:100].lower())
    return query if owner_id is None else query.filter(owner_id=owner_id)


async def update_repository(
    store: Storage,
    actor: Actor,
    repo: Repository,
    *,
    name: str | None = None,
    description: str | None = None,
    is_private: bool | None = None,
    default_branch: str | None = None,
) -> Repository:
    await permission.require_access(actor, repo, permission.Access.ADMIN)
    if await RepositoryImport.exists(
        repository_id=repo.id, state__in=[ImportState.QUEUED, ImportState.RUNNING]
    ):
        raise Conflict("The repository is still being imported; change it once that is done.")
    owner = await Account.get(id=repo.owner_id)
    old_path = store.repository_path(owner.login, repo.name)
    if description is not None:
        repo.description = validate_text(description, field="description", max_length=2000)
    if is_private is not None:
        await fork_link.require_visibility(repo, is_private)
        repo.is_private = is_private
    if default_branch is not None and default_branch != repo.default_branch:
        repo.default_branch = _validate_branch(default_branch)
        await _require_no_tag_named(old_path, default_branch)
    new_path = old_path
    if name is not None and name != repo.name:
        validate_repository_name(name)
        new_path = store.repository_path(owner.login, name)
        repo.name, repo.name_lower = name, name.lower()
    try:
        async with in_transaction():
            await repo.save()
            if new_path != old_path:
                if new_path.exists() and new_path.resolve() != old_path.resolve():
                    raise Conflict(f"Storage for '{name}' already exists.", field="name")
                # A failed import has a row but no directory.
                if old_path.exists():
                    await anyio.to_thread.run_sync(storage.move, old_path, new_path)
                    await fork_link.relink(store, repo)
            if default_branch is not None and new_path.exists():
                await anyio.to_thread.run_sync(storage.set_head, new_path, repo.default_branch)
    except IntegrityError:
        raise Conflict(
            f"A repository named '{name}' already exists for '{owner.login}'.", field="name"
        ) from None
    return repo


async def delete_repository(store: Storage, actor: Actor, repo: Repository) -> None:
    await permission.require_delete(actor, repo)
    owner = await Account.get(id=repo.owner_id)
    path = store.repository_path(owner.login, repo.name)
    hashes = await ReleaseAsset.filter(release__repository_id=repo.id).values_list(
        "sha256", flat=True
    )
    # Forks borrow its objects: each takes its own copy before the directory goes.
    await fork_link.detach_forks(store, repo)
    async with in_transaction():
        # Again, cheaply: a fork made meanwhile is detached too (the others are already).
        await fork_link.detach_forks(store, repo)
        await fork_link.forgotten(repo)
        deleted = await Repository.filter(id=repo.id).delete()
        if not deleted:
            raise NotFound("Repository not found.")
        # Move aside inside the transaction so a failure keeps row and data together.
        trash = (
            store.repositories / ".trash" / f"{repo.id}-{owner.login.lower()}-{repo.name_lower}.git"
        )
        if path.exists():
            await anyio.to_thread.run_sync(storage.move, path, trash)
    await anyio.to_thread.run_sync(storage.remove, trash)
    for sha256 in set(hashes):
        await blobstore.forget(store, str(sha256))
