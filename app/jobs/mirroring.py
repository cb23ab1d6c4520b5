"""The ``mirror-sync`` job and the chore that queues due syncs (``app/services/mirror.py``)."""

from __future__ import annotations

from pathlib import Path

import anyio

from app.errors import IngotError, InvalidInput
from app.git import locks, mirror
from app.git import remote as remotes
from app.jobs.worker import JobFailed, JobInterrupted, Periodic, Run
from app.models import ImportState, Job, Repository, RepositoryImport, RepositoryMirror
from app.services import importing, local_source, push
from app.services import mirror as mirrors
from app.services import repository as repositories
from app.services.runtime import Runtime

ZERO = "0" * 40


async def sync_mirror(job: Job, run: Run) -> None:
    repo = await Repository.get_or_none(id=job.repository_id)
    row = await RepositoryMirror.get_or_none(repository_id=job.repository_id)
    if repo is None or row is None or not repo.is_mirror:
        return  # deleted since, or no longer a mirror
    record = await RepositoryImport.get_or_none(repository_id=repo.id)
    if record is not None and record.state != ImportState.SUCCEEDED:
        return  # the import itself fetches (or failed, which it reports)
    path = await repositories.path_of(run.runtime.storage, repo)
    try:
        args, env = await _fetch_args(run, repo, row, path)
        updates = await anyio.to_thread.run_sync(_fetch, path, args, env, run)
    except mirror.GitCancelled:
        raise JobInterrupted from None
    except (IngotError, mirror.GitFailed, OSError) as exc:
        message = remotes.redact(exc.message if isinstance(exc, IngotError) else str(exc))
        await mirrors.synced(run.runtime, row, message)
        raise JobFailed(message) from None
    await mirrors.synced(run.runtime, row, "")
    if updates:
        await push.record_updates(run.runtime, repo, None, path, updates)


async def _fetch_args(
    run: Run, repo: Repository, row: RepositoryMirror, path: Path
) -> tuple[list[str], dict[str, str]]:
    """git's arguments and environment, the source checked again as for an import."""
    if local_source.is_local(row.url):
        root = run.runtime.settings.import_local_root
        if root is None:
            raise InvalidInput(local_source.ENABLE_HINT)
        local = await anyio.to_thread.run_sync(local_source.check, root, row.url)
        return mirror.fetch_args(path, str(local), mirror.LOCAL_CONFIG), mirror.isolated_env(
            run.home
        )
    remote, address = await importing.check_remote(
        row.url, allow_private=run.runtime.allow_private_imports
    )
    secret = await mirrors.authorization(run.runtime, repo)
    args = mirror.fetch_args(
        path, remotes.pinned_url(remote, address), remotes.git_config(remote, address)
    )
    return args, mirror.isolated_env(run.home, remotes.secret_env(secret))


def _fetch(
    path: Path, args: list[str], env: dict[str, str], run: Run
) -> list[tuple[str, str, str]]:
    """Fetch under the writers lock; the refs it moved as ``(ref, old, new)``."""
    if not path.is_dir():
        raise InvalidInput("The mirror's storage is missing.")
    with locks.writing(path) as held:
        before = mirror.ref_tips(path)
        mirror.run(
            args,
            env=env,
            timeout=run.runtime.settings.import_timeout,
            cancel=run.cancel,
            pass_fds=(held,),
        )
        after = mirror.ref_tips(path)
    return [
        (ref, before.get(ref, ZERO), after.get(ref, ZERO))
        for ref in sorted(before.keys() | after.keys())
        if before.get(ref) != after.get(ref)
    ]


async def queue_due_mirrors(runtime: Runtime) -> None:
    await mirrors.queue_due(runtime)


def _interval(runtime: Runtime) -> float:
    """Often enough that a mirror is never much later than its interval: 1/20 of it, 5-300 s."""
    return min(300.0, max(5.0, runtime.settings.mirror_interval / 20))


QUEUE_DUE_MIRRORS = Periodic(queue_due_mirrors, _interval)
