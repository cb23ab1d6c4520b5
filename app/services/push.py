"""Pushes: preparing receive-pack's environment and recording what it moved.

``begin`` runs before receive-pack starts, ``finish`` after it exits: the
post-receive hook has by then appended one ``<old> <new> <ref>`` line per
accepted ref update to the session's log file, and ``finish`` writes them as
one ``Push`` with its ``RefUpdate`` rows in a single transaction.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import anyio
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.git import hooks, locks, storage
from app.models import Account, Push, RefUpdate, Repository
from app.models.tortoise_internals import loaded_relation
from app.services import activity, branch_protection, pipeline_action, webhook_event
from app.services import pull_request as pull_requests
from app.services.git_access import GitGrant
from app.services.pipeline_definition import Plan
from app.services.runtime import Runtime

log = logging.getLogger("ingot.push")

_ZERO = frozenset({"0" * 40, "0" * 64})
_PREFERRED_DEFAULTS = ("main", "master")


@dataclass
class PushSession:
    grant: GitGrant
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    # The repository's writers lock, held shared until ``discard``; receive-pack inherits it.
    lock: int | None = None

    @property
    def pass_fds(self) -> tuple[int, ...]:
        """Descriptors receive-pack keeps open: its writers lock outlives the server."""
        return (self.lock,) if self.lock is not None else ()


def _new_log(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="push-", suffix=".log", dir=directory)
    os.close(fd)
    return Path(name)


def _prepare(logs: Path, repo_path: Path) -> tuple[Path, int]:
    """Clear what killed git processes left (if none is alive), hold the writers lock,
    make a fresh log for post-receive."""
    lock = locks.clean_then_write(repo_path)
    try:
        return _new_log(logs), lock
    except BaseException:
        locks.release(lock)
        raise


async def _protected_env(grant: GitGrant) -> dict[str, str]:
    if await branch_protection.may_bypass(grant.actor, grant.repository):
        return {}
    patterns = await branch_protection.protected_patterns(grant.repository)
    return {hooks.PROTECTED_ENV: json.dumps(patterns)} if patterns else {}


async def _new_pull_env(grant: GitGrant, base_url: str) -> dict[str, str]:
    """What post-receive needs to print a new branch's pull request link (app.git.hooks)."""
    if not base_url:
        return {}
    repo = grant.repository
    # The lookup that found the repository brought its owner along (no query then).
    owner = loaded_relation(repo, "owner")
    if owner is not None:
        logins = [owner.login]
    else:
        logins = await Account.filter(id=repo.owner_id).values_list("login", flat=True)
    if not logins:
        return {}
    return {
        hooks.NEW_PULL_URL_ENV: f"{base_url}/{logins[0]}/{repo.name}/pulls/new",
        hooks.DEFAULT_BRANCH_ENV: repo.default_branch,
    }


async def begin(data_dir: Path, grant: GitGrant, base_url: str = "") -> PushSession:
    """The environment receive-pack's hooks need for this pusher.

    With ``base_url``, a push that creates a branch prints where to open a pull request.

    The pusher's git waits for receive-pack to start: the file work runs in a
    worker thread while the protection rules are read.
    """
    made, protected = await asyncio.gather(
        anyio.to_thread.run_sync(_prepare, data_dir / "tmp" / "pushes", grant.path),
        _protected_env(grant),
        return_exceptions=True,
    )
    if isinstance(protected, BaseException):
        if isinstance(made, tuple):
            made[0].unlink(missing_ok=True)
            locks.release(made[1])
        raise protected
    if isinstance(made, BaseException):
        raise made
    log_path, lock = made
    try:
        pull = await _new_pull_env(grant, base_url)
    except BaseException:
        log_path.unlink(missing_ok=True)
        locks.release(lock)
        raise
    env = {hooks.PUSH_LOG_ENV: str(log_path), **protected, **pull}
    return PushSession(grant, log_path, env, lock)


async def discard(runtime: Runtime, session: PushSession) -> None:
    """After receive-pack exited: drop the log, let go of the lock, clean what it left.

    A receive-pack killed mid-push (its client went away) leaves its quarantine
    directory; it is removed now, or, while a child of the killed receive-pack
    still holds the lock, by the maintenance job queued for it.
    """
    # Webhook deliveries the push wrote are committed and the pusher has its answer:
    # the senders start now, never while the push is still being answered.
    runtime.webhooks.wake()
    if await anyio.to_thread.run_sync(_discard, session):
        await runtime.queue.enqueue_maintenance(session.grant.repository)


def _discard(session: PushSession) -> bool:
    """True when leftovers remain for maintenance to clean."""
    session.log_path.unlink(missing_ok=True)
    locks.release(session.lock)
    session.lock = None
    if not locks.has_quarantine(session.grant.path):
        return False  # receive-pack finished (or failed) cleanly
    removed = locks.clean_leftovers(session.grant.path)
    if removed:
        log.info("removed what an interrupted push left: %s", removed)
    return removed is None


def _new_default_branch(
    path: Path, current: str, updates: list[tuple[str, str, str]]
) -> str | None:
    """The branch HEAD should move to after a first push that did not create it.

    Only when HEAD's branch does not exist and every branch there is was
    created by this push; ``main`` or ``master`` if pushed, else the first.
    """
    if storage.has_branch(path, current):
        return None
    created = [
        ref.removeprefix("refs/heads/")
        for ref, _, new in updates
        if ref.startswith("refs/heads/") and new not in _ZERO
    ]
    if not set(storage.branch_names(path)) <= set(created):
        return None  # the repository had branches before: not its first push
    ordered = [b for b in _PREFERRED_DEFAULTS if b in created] + created
    for branch in ordered:
        if storage.has_branch(path, branch):
            storage.set_head(path, branch)
            return branch
    return None


@dataclass
class _Inspected:
    updates: list[tuple[str, str, str]]
    new_default: str | None = None
    refs: list[tuple[str, int]] = field(default_factory=list)
    # The workflow files of each pushed branch that has some (CI), by ref.
    plans: dict[str, Plan] = field(default_factory=dict)


def _inspect(session: PushSession) -> _Inspected:
    """What post-receive logged, the new default branch if any, the commits per ref and
    the branches' workflow files."""
    updates = hooks.parse_updates(session.log_path.read_bytes())
    grant = session.grant
    return _inspect_updates(grant.path, grant.repository.default_branch, updates)


def _inspect_updates(path: Path, default: str, updates: list[tuple[str, str, str]]) -> _Inspected:
    if not updates:
        return _Inspected([])
    return _Inspected(
        updates,
        _new_default_branch(path, default, updates),
        activity.pushed_refs(path, updates),
        pipeline_action.plans_for_push(path, updates),
    )


async def finish(runtime: Runtime, session: PushSession) -> Push | None:
    """Record the ref updates receive-pack made; None when it moved nothing."""
    # One trip to a worker thread: the pusher's git waits for this response to end.
    inspected = await anyio.to_thread.run_sync(_inspect, session)
    if not inspected.updates:
        return None
    grant = session.grant
    return await _record(runtime, grant.repository, grant.actor.account, inspected)


async def record_updates(
    runtime: Runtime,
    repo: Repository,
    account: Account | None,
    path: Path,
    updates: list[tuple[str, str, str]],
) -> Push:
    """Record ref updates Ingot made itself (a commit through the API, a mirror's sync) exactly
    as a push by ``account`` (None: nobody's): the Push row, activity, CI, the push webhook,
    and what follows a push."""
    inspected = await anyio.to_thread.run_sync(_inspect_updates, path, repo.default_branch, updates)
    push = await _record(runtime, repo, account, inspected)
    runtime.webhooks.wake()
    return push


async def _record(
    runtime: Runtime, repo: Repository, account: Account | None, inspected: _Inspected
) -> Push:
    updates, new_default, refs = inspected.updates, inspected.new_default, inspected.refs
    now = datetime.now(UTC)
    async with in_transaction():
        push = await Push.create(repository_id=repo.id, pusher_id=account.id if account else None)
        await RefUpdate.bulk_create(
            [RefUpdate(push_id=push.id, ref_name=r, old_oid=o, new_oid=n) for r, o, n in updates]
        )
        changes: dict[str, object] = {"pushed_at": now, "updated_at": now}
        if new_default is not None:
            changes["default_branch"] = new_default
        await Repository.filter(id=repo.id).update(**changes)
        await activity.record_push(repo, account, push, refs)
        pipeline_ids = await pipeline_action.queue_for_push(repo, account, inspected.plans)
        await webhook_event.push(
            repo,
            account,
            updates,
            commit_counts=dict(refs),
            push_id=push.id,
            pipeline_ids=pipeline_ids,
        )
    repo.pushed_at = repo.updated_at = now
    if new_default is not None:
        repo.default_branch = new_default
    await after_push(runtime, repo, updates, account)
    return push


async def after_push(
    runtime: Runtime,
    repo: Repository,
    updates: list[tuple[str, str, str]],
    pusher: Account | None = None,
) -> None:
    """Work that follows every recorded push (``updates`` are ``(ref, old, new)``).

    The one place later features (maintenance jobs, webhooks) hook into.
    """
    # Repack with bitmaps soon after; a burst of pushes shares one queued job.
    await runtime.queue.enqueue_maintenance(repo)
    try:
        await pull_requests.refresh_for_push(
            runtime.storage, repo, [ref for ref, _, _ in updates], pusher
        )
    except Exception:
        # The push has landed; pull request state is derived and re-read lazily anyway.
        log.exception("refreshing pull requests after a push to repository %s", repo.id)


def pushes_query(repo: Repository) -> QuerySet[Push]:
    """The repository's pushes (for a connection)."""
    return Push.filter(repository_id=repo.id)
