"""Pull mirrors: repositories whose refs follow another repository's.

A mirror is made by an import with ``mirror`` set (``app/services/importing.py``),
which stores the source here: the URL without credentials (or a path under
``INGOT_IMPORT_LOCAL_ROOT``) and, if the URL had credentials, the HTTP
Authorization value encrypted with the server key (associated data
``mirror:<repository id>``; ``ingot admin rotate-secret-key`` re-encrypts it).

A sync (the ``mirror-sync`` job, ``app/jobs/mirroring.py``) fetches the source's
branches and tags over them, with the import's URL policy checked again, and
records what moved as a push without a pusher (webhooks, CI, pull requests).
It is queued by ``mirrorSync``/``syncMirror`` and by the periodic chore ``queue_due``
every ``INGOT_MIRROR_INTERVAL``. A mirror refuses pushes and commits through the
API (``git_access``, ``file_commit``): the next sync would overwrite them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.errors import NotFound
from app.git import remote as remotes
from app.models import Repository, RepositoryMirror
from app.services import permission
from app.services.actor import Actor
from app.services.runtime import Runtime

MIRROR_SYNC = "mirror-sync"
READ_ONLY = "This repository is a mirror; push to its source instead."
# How many due mirrors one run of the chore queues (the rest on its next run).
BATCH = 100


def associated(repository_id: int) -> str:
    return f"mirror:{repository_id}"


def _next(runtime: Runtime) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=runtime.settings.mirror_interval)


async def remember(
    runtime: Runtime, repo: Repository, source: str, remote: remotes.Remote | None
) -> RepositoryMirror:
    """Store a new mirror's source (call inside the transaction that creates ``repo``)."""
    authorization = remote.authorization() if remote is not None else None
    sealed = runtime.secrets.encrypt(authorization, associated(repo.id)) if authorization else ""
    return await RepositoryMirror.create(
        repository=repo, url=source, credentials=sealed, next_sync_at=_next(runtime)
    )


async def authorization(runtime: Runtime, repo: Repository) -> str | None:
    """The decrypted Authorization value of a mirror's source, if it has credentials."""
    row = await RepositoryMirror.get_or_none(repository_id=repo.id)
    if row is None or not row.credentials:
        return None
    return runtime.secrets.decrypt(row.credentials, associated(repo.id))


async def source_of(repo: Repository) -> RepositoryMirror | None:
    return await RepositoryMirror.get_or_none(repository_id=repo.id) if repo.is_mirror else None


def display_url(row: RepositoryMirror) -> str:
    """The source as readers with write access see it: never with credentials."""
    return remotes.redact(row.url)


async def request_sync(runtime: Runtime, actor: Actor, repo: Repository) -> None:
    """Queue a sync now (a queued one is not doubled); needs WRITE, NOT_FOUND for a non-mirror."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    if not repo.is_mirror:
        raise NotFound("This repository is not a mirror.")
    await enqueue_sync(runtime, repo)


async def enqueue_sync(runtime: Runtime, repo: Repository) -> None:
    await runtime.queue.enqueue(
        MIRROR_SYNC,
        {},
        repository=repo,
        dedupe_key=f"{MIRROR_SYNC}:{repo.id}",
        max_attempts=1,
    )


async def queue_due(runtime: Runtime) -> int:
    """Queue a sync of each mirror whose time has come; returns how many were queued.

    Safe in several processes at once: a mirror is taken by moving its
    ``next_sync_at`` on only while it is still due, so only one process queues it.
    """
    now = datetime.now(UTC)
    queued = 0
    due = await RepositoryMirror.filter(next_sync_at__lte=now).order_by("next_sync_at").limit(BATCH)
    for row in due:
        taken = await RepositoryMirror.filter(id=row.id, next_sync_at__lte=now).update(
            next_sync_at=_next(runtime)
        )
        repo = await Repository.get_or_none(id=row.repository_id)
        if taken and repo is not None:
            await enqueue_sync(runtime, repo)
            queued += 1
    return queued


async def synced(runtime: Runtime, row: RepositoryMirror, error: str) -> None:
    """Note a finished sync (``error`` empty when it went well); the next one is due later."""
    now = datetime.now(UTC)
    await RepositoryMirror.filter(id=row.id).update(
        last_synced_at=now, last_error=remotes.redact(error)[:2000], next_sync_at=_next(runtime)
    )


async def foreign_credentials(prefix: str) -> str | None:
    """Stored credentials not sealed with the key whose ciphertexts start with ``prefix``."""
    row = (
        await RepositoryMirror.exclude(credentials="")
        .exclude(credentials__startswith=prefix)
        .first()
    )
    return row.credentials if row else None


async def sample_credentials() -> tuple[str, str] | None:
    """One stored ciphertext with its associated data, to prove the key decrypts it."""
    row = await RepositoryMirror.exclude(credentials="").order_by("id").first()
    return (row.credentials, associated(row.repository_id)) if row else None
