"""Forks: a repository made from another one, sharing its objects (``app.git.alternates``).

Decisions:

- Who may fork: whoever can read the parent, into their own account or an
  organization they may create repositories in (``repository.can_create_in``).
- A fork of a private repository is private; it cannot be made public while its
  parent is private (``repository.update_repository`` asks ``require_visibility``).
- One fork of a parent per owner, as Gitea: a second is CONFLICT, and so is a
  name the owner already uses.
- The fork gets the parent's branches, tags and default branch; its objects are
  borrowed, so forking costs no copy of the pack.
- Deleting a parent first makes each fork whole (``detach_forks``); its forks
  then are forks of nothing (``parent`` null), as Gitea's become.
- Renaming either one rewrites the fork's alternates (``relink``).
- ``fork_count`` counts every fork (Gitea's ``num_forks``); the list shows the
  viewer only the forks they may read.
"""

from __future__ import annotations

from pathlib import Path

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.errors import Conflict
from app.git import alternates, storage
from app.models import Account, ActivityKind, Repository
from app.services import activity, permission
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.naming import validate_repository_name
from app.services.runtime import Storage


async def fork_repository(
    store: Storage,
    actor: Actor,
    parent: Repository,
    owner: Account | None = None,
    name: str | None = None,
) -> Repository:
    """Fork ``parent`` into ``owner`` (the actor's account when None) as ``name``."""
    await permission.require_read(actor, parent)
    owner = owner or actor.require_account()
    await repositories.can_create_in(actor, owner)
    name = parent.name if name is None else name
    validate_repository_name(name)
    if await Repository.exists(owner_id=owner.id, parent_id=parent.id):
        raise Conflict(f"'{owner.login}' already has a fork of this repository.", field="owner")
    parent_path = await repositories.path_of(store, parent)
    if not parent_path.is_dir():
        raise Conflict("The repository is still being imported; fork it once that is done.")
    path = store.repository_path(owner.login, name)
    try:
        async with in_transaction():
            fork = await Repository.create(
                owner=owner,
                name=name,
                name_lower=name.lower(),
                description=parent.description,
                is_private=parent.is_private,
                default_branch=parent.default_branch,
                parent_id=parent.id,
                pushed_at=parent.pushed_at,
            )
            await Repository.filter(id=parent.id).update(fork_count=F("fork_count") + 1)
            await activity.record(ActivityKind.REPOSITORY_CREATED, fork, actor.account)
            if path.exists():
                raise Conflict(f"Storage for '{owner.login}/{name}' already exists.", field="name")
            try:
                await anyio.to_thread.run_sync(_make_fork, parent_path, path, parent)
            except BaseException:
                await anyio.to_thread.run_sync(storage.remove, path)
                raise
    except IntegrityError:
        raise Conflict(
            f"A repository named '{name}' already exists for '{owner.login}'.", field="name"
        ) from None
    parent.fork_count += 1  # the row this request already loaded shows the new count
    return fork


def _make_fork(parent_path: Path, path: Path, parent: Repository) -> None:
    storage.init_bare(path, parent.default_branch)
    alternates.link(path, parent_path)
    alternates.copy_refs(parent_path, path)


def forks_query(parent: Repository, readable: QuerySet[Repository]) -> QuerySet[Repository]:
    """The forks of ``parent`` among ``readable`` (``repository.visible_query``)."""
    return readable.filter(parent_id=parent.id)
