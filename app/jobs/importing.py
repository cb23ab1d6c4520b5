"""The ``import`` job: mirror-clone a checked URL next to its final place, then move it in."""

from __future__ import annotations

import asyncio
from pathlib import Path

import anyio

from app.errors import IngotError, InvalidInput
from app.git import mirror, storage
from app.git import remote as remotes
from app.jobs.worker import JobFailed, JobInterrupted, Run
from app.models import Job, Repository, RepositoryImport
from app.services import importing, local_source
from app.services import mirror as mirrors
from app.services import repository as repositories
from app.services.runtime import Runtime, Storage

LOST_CREDENTIALS = (
    "The credentials in the URL are kept in memory only and were lost when the "
    "server restarted; start the import again."
)


async def import_repository(job: Job, run: Run) -> None:
    repo = await Repository.get_or_none(id=job.repository_id)
    record = await RepositoryImport.get_or_none(repository_id=job.repository_id)
    if repo is None or record is None:
        return  # the repository was deleted since
    await importing.started(record)
    secret = run.secret
    if job.payload.get("mirror") and job.payload.get("credentials"):
        secret = await mirrors.authorization(run.runtime, repo)
    if job.payload.get("credentials") and secret is None:
        await importing.failed(record, LOST_CREDENTIALS)
        raise JobFailed(LOST_CREDENTIALS)
    clone = await _clone_path(run.runtime.storage, repo)
    try:
        await _clone(job, run, record, clone, secret)
    except mirror.GitCancelled:
        await anyio.to_thread.run_sync(storage.remove, clone)
        await importing.requeued(record)
        raise JobInterrupted from None
    except (IngotError, mirror.GitFailed, OSError) as exc:
        await anyio.to_thread.run_sync(storage.remove, clone)
        message = remotes.redact(exc.message if isinstance(exc, IngotError) else str(exc))
        await importing.failed(record, message)
        raise JobFailed(message) from None


async def abandon_import(runtime: Runtime, job: Job, message: str) -> None:
    """Mark an import given up by the worker as failed and remove its partial clone."""
    repo = await Repository.get_or_none(id=job.repository_id)
    record = await RepositoryImport.get_or_none(repository_id=job.repository_id)
    if repo is None or record is None:
        return
    await anyio.to_thread.run_sync(storage.remove, await _clone_path(runtime.storage, repo))
    await importing.failed(record, message)


async def _clone_path(store: Storage, repo: Repository) -> Path:
    # Next to the final path, so moving it into place is a rename on one file system.
    return (await repositories.path_of(store, repo)).with_name(f".import-{repo.id}.git")


async def _clone_args(
    job: Job, run: Run, clone: Path, secret: str | None
) -> tuple[list[str], dict[str, str]]:
    """git's arguments and environment, the source checked again now: a name may resolve
    elsewhere, and a local directory may have changed, since the import was asked for."""
    if "path" in job.payload:
        root = run.runtime.settings.import_local_root
        if root is None:
            raise InvalidInput(local_source.ENABLE_HINT)
        local = await anyio.to_thread.run_sync(local_source.check, root, job.payload["path"])
        return mirror.clone_local_args(local, clone), mirror.isolated_env(run.home)
    remote, address = await importing.check_remote(
        job.payload.get("url"), allow_private=run.runtime.allow_private_imports
    )
    args = mirror.clone_mirror_args(
        remotes.pinned_url(remote, address), clone, remotes.git_config(remote, address)
    )
    return args, mirror.isolated_env(run.home, remotes.secret_env(secret))


async def _clone(
    job: Job, run: Run, record: RepositoryImport, clone: Path, secret: str | None
) -> None:
    args, env = await _clone_args(job, run, clone, secret)
    await anyio.to_thread.run_sync(storage.remove, clone)  # a previous attempt's leftovers
    clone.parent.mkdir(parents=True, exist_ok=True)
    latest: list[str] = []
    cloning = asyncio.ensure_future(
        anyio.to_thread.run_sync(
            lambda: mirror.run(
                args,
                env=env,
                timeout=run.runtime.settings.import_timeout,
                cancel=run.cancel,
                on_line=latest.append,
            )
        )
    )
    reported = ""
    while not cloning.done():
        await asyncio.wait({cloning}, timeout=1.0)
        if latest and latest[-1] != reported:
            reported = latest[-1]
            del latest[:-1]
            await importing.report(record, remotes.redact(reported))
    await cloning
    default_branch = await anyio.to_thread.run_sync(mirror.adopt_mirror, clone)
    await importing.complete(run.runtime, record, clone, default_branch)
