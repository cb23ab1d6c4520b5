"""Keeping forks whole when their parent is deleted, renamed or made public
(``app.services.repository`` calls these; ``app.services.fork`` makes forks)."""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

import anyio
from tortoise.expressions import F

from app.errors import Conflict, InvalidInput
from app.git import alternates, mirror
from app.models import Account, Repository
from app.services.runtime import Storage

log = logging.getLogger("ingot.forks")


async def require_visibility(repo: Repository, is_private: bool) -> None:
    """A fork of a private repository stays private."""
    if is_private or repo.parent_id is None:
        return
    if await Repository.exists(id=repo.parent_id, is_private=True):
        raise InvalidInput(
            "A fork of a private repository cannot be made public.", field="visibility"
        )


async def detach_forks(store: Storage, repo: Repository) -> None:
    """Before ``repo``'s directory goes: every fork copies what it borrows from it."""
    forks = await Repository.filter(parent_id=repo.id).select_related("owner")
    if not forks:
        return
    paths = [store.repository_path(f.owner.login, f.name) for f in forks]
    try:
        await anyio.to_thread.run_sync(_detach_all, paths)
    except (alternates.DetachFailed, subprocess.TimeoutExpired) as exc:
        log.error("detaching the forks of repository %s failed: %s", repo.id, exc)
        raise Conflict(
            "A fork of this repository could not take its own copy of the objects it "
            "shares; nothing was deleted. Try again later."
        ) from None


def _detach_all(paths: list[Path]) -> None:
    with tempfile.TemporaryDirectory(prefix="ingot-git-home-") as home:
        env = mirror.isolated_env(Path(home))
        for path in paths:
            if path.is_dir():
                alternates.detach(path, env)


async def forgotten(repo: Repository) -> None:
    """Inside the transaction deleting ``repo``: its parent counts one fork less, its forks
    become forks of nothing."""
    if repo.parent_id is not None:
        await Repository.filter(id=repo.parent_id, fork_count__gt=0).update(
            fork_count=F("fork_count") - 1
        )
    await Repository.filter(parent_id=repo.id).update(parent_id=None)


async def relink(store: Storage, repo: Repository) -> None:
    """After ``repo``'s directory moved: its own alternates and its forks' point at the
    right place again."""
    pairs: list[tuple[Path, Path]] = []
    owner = await Account.get(id=repo.owner_id)
    here = store.repository_path(owner.login, repo.name)
    if repo.parent_id is not None:
        parent = await Repository.get_or_none(id=repo.parent_id).select_related("owner")
        if parent is not None:
            pairs.append((here, store.repository_path(parent.owner.login, parent.name)))
    for fork in await Repository.filter(parent_id=repo.id).select_related("owner"):
        pairs.append((store.repository_path(fork.owner.login, fork.name), here))
    await anyio.to_thread.run_sync(_relink_all, pairs)


def _relink_all(pairs: list[tuple[Path, Path]]) -> None:
    for fork, parent in pairs:
        if alternates.is_linked(fork):
            alternates.link(fork, parent)
