"""Importing a repository from a URL: the policy, the row, the job, and its outcome.

A local path instead of a URL is for site administrators, under
``INGOT_IMPORT_LOCAL_ROOT`` only (``app/services/local_source.py``).

The clone itself runs in the worker (``app.jobs.importing``). Credentials in
the URL are never stored: the row keeps the redacted URL, the job keeps the
URL without them, and the credentials stay in this process's memory until
its worker hands them to git (so an import with credentials interrupted by a
restart fails and must be started again).

A failed import keeps its repository row (so the owner sees why, and can
delete it) but never a directory on disk.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.errors import Conflict, InvalidInput
from app.git import remote as remotes
from app.git import storage
from app.models import (
    Account,
    ActivityKind,
    ImportState,
    Job,
    Repository,
    RepositoryImport,
    RepositoryMirror,
)
from app.services import activity, local_source
from app.services import job as jobs
from app.services import mirror as mirrors
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.naming import validate_repository_name, validate_text
from app.services.runtime import Runtime


async def check_remote(
    url: object, field: str = "url", *, allow_private: bool = False
) -> tuple[remotes.Remote, remotes.IPAddress]:
    """The checked remote and the one address git may connect to; InvalidInput otherwise.

    ``allow_private`` lets it reach loopback, private and other non-public addresses.
    """
    if not isinstance(url, str):
        raise InvalidInput("A source URL is required.", field=field)
    try:
        remote = remotes.parse(url)
        addresses = await anyio.to_thread.run_sync(remotes.resolve, remote.host, remote.port)
    except remotes.UnsafeRemote as exc:
        raise InvalidInput(str(exc), field=field) from None
    if not allow_private and not all(remotes.is_public(a) for a in addresses):
        raise InvalidInput(
            f"'{remote.host}' resolves to a private, loopback or reserved address; "
            "importing from it is not allowed.",
            field=field,
        )
    return remote, addresses[0]


async def import_repository(
    runtime: Runtime,
    actor: Actor,
    owner: Account,
    name: str,
    url: str,
    *,
    description: str = "",
    is_private: bool = False,
    mirror: bool = False,
) -> Repository:
    """Create the repository row and queue its import; returns before anything is fetched.

    ``mirror`` makes it a pull mirror (``app/services/mirror.py``): the source is kept,
    its credentials encrypted with the server key, so the import and every later sync
    can fetch again, also after a restart.
    """
    await repositories.can_create_in(actor, owner)
    validate_repository_name(name)
    validate_text(description, field="description", max_length=2000)
    remote: remotes.Remote | None = None
    if isinstance(url, str) and local_source.is_local(url):
        root = local_source.require_allowed(actor, runtime.settings.import_local_root)
        local = await anyio.to_thread.run_sync(local_source.check, root, url)
        payload: dict[str, object] = {"path": str(local), "credentials": False}
        shown = str(local)
    else:
        remote, _ = await check_remote(url, allow_private=runtime.allow_private_imports)
        payload = {"url": remote.url, "credentials": remote.has_credentials}
        shown = remote.display_url
    path = runtime.storage.repository_path(owner.login, name)
    claimed: Job | None = None
    try:
        async with in_transaction():
            repo = await Repository.create(
                owner=owner,
                name=name,
                name_lower=name.lower(),
                description=description,
                is_private=is_private,
                is_mirror=mirror,
            )
            await activity.record(ActivityKind.REPOSITORY_CREATED, repo, actor.account)
            if path.exists():
                raise Conflict(f"Storage for '{owner.login}/{name}' already exists.", field="name")
            await RepositoryImport.create(repository=repo, source_url=shown)
            if mirror:
                source = remote.url if remote is not None else str(payload["path"])
                await mirrors.remember(runtime, repo, source, remote)
                payload["mirror"] = True
                await runtime.queue.enqueue(jobs.IMPORT, payload, repository=repo, max_attempts=2)
            elif remote is not None and remote.has_credentials:
                claimed = await jobs.enqueue_claimed(jobs.IMPORT, payload, repo)
            else:
                await runtime.queue.enqueue(jobs.IMPORT, payload, repository=repo, max_attempts=2)
    except IntegrityError:
        raise Conflict(
            f"A repository named '{name}' already exists for '{owner.login}'.", field="name"
        ) from None
    authorization = remote.authorization() if remote is not None else None
    if claimed is not None and authorization is not None:
        runtime.queue.hold(claimed, authorization)
    return repo


async def started(record: RepositoryImport) -> None:
    record.state, record.error, record.progress = ImportState.RUNNING, "", ""
    record.started_at, record.finished_at = datetime.now(UTC), None
    await record.save(update_fields=["state", "error", "progress", "started_at", "finished_at"])


async def report(record: RepositoryImport, progress: str) -> None:
    await RepositoryImport.filter(id=record.id).update(progress=progress[:255])


async def requeued(record: RepositoryImport) -> None:
    await RepositoryImport.filter(id=record.id).update(state=ImportState.QUEUED)


async def failed(record: RepositoryImport, error: str) -> None:
    await RepositoryImport.filter(id=record.id).update(
        state=ImportState.FAILED, error=error[:2000], finished_at=datetime.now(UTC)
    )


async def complete(
    runtime: Runtime, record: RepositoryImport, clone: Path, default_branch: str | None
) -> bool:
    """Move the finished clone into place; False (and the clone removed) if the row is gone."""
    async with in_transaction():
        repo = await Repository.get_or_none(id=record.repository_id)
        if repo is None:
            await anyio.to_thread.run_sync(storage.remove, clone)
            return False
        path = await repositories.path_of(runtime.storage, repo)
        if path.exists():
            raise Conflict(f"Storage for '{repo.name}' already exists.")
        if default_branch:
            repo.default_branch = default_branch
            await repo.save(update_fields=["default_branch", "updated_at"])
        finished = datetime.now(UTC)
        await RepositoryImport.filter(id=record.id).update(
            state=ImportState.SUCCEEDED, error="", finished_at=finished
        )
        if repo.is_mirror:  # the import was the mirror's first sync
            await RepositoryMirror.filter(repository_id=repo.id).update(last_synced_at=finished)
        await anyio.to_thread.run_sync(storage.move, clone, path)
    await runtime.queue.enqueue_maintenance(repo)
    return True
