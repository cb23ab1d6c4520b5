"""The job queue: enqueueing, claiming and finishing rows of ``Job``.

Claiming is exclusive across processes: on PostgreSQL the due row is read
``FOR UPDATE SKIP LOCKED``; on SQLite every transaction starts with
``BEGIN IMMEDIATE`` (``app.models.sqlite_engine``), which already serialises
claims. The worker that runs jobs is ``app.jobs.worker``.
"""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.models import Job, JobState, Repository

IMPORT = "import"
MAINTAIN = "maintain"
LEASE = timedelta(seconds=60)

_maintenance_delay = timedelta(seconds=30)
_wake: asyncio.Event | None = None
# Jobs this process claimed when it created them, with a secret that lives
# only in this process's memory (import credentials): never in the database.
_held: dict[int, str] = {}
_local: deque[int] = deque()


def configure(*, maintenance_delay: float) -> None:
    global _maintenance_delay
    _maintenance_delay = timedelta(seconds=maintenance_delay)


def attach(event: asyncio.Event) -> None:
    """The worker of this process registers the event that wakes it up."""
    global _wake
    _wake = event


def wake() -> None:
    if _wake is not None:
        _wake.set()


def now() -> datetime:
    return datetime.now(UTC)


async def enqueue(
    kind: str,
    payload: dict[str, Any],
    *,
    repository: Repository | None = None,
    dedupe_key: str | None = None,
    delay: timedelta = timedelta(0),
    max_attempts: int = 3,
) -> Job | None:
    """Queue a job; None if a queued job with the same ``dedupe_key`` already exists.

    With a ``dedupe_key``, call this outside a transaction (a unique violation
    aborts a PostgreSQL transaction).
    """
    try:
        job = await Job.create(
            kind=kind,
            payload=payload,
            repository=repository,
            dedupe_key=dedupe_key,
            run_after=now() + delay,
            max_attempts=max_attempts,
        )
    except IntegrityError:
        return None
    wake()
    return job


async def enqueue_claimed(kind: str, payload: dict[str, Any], repository: Repository) -> Job:
    """Create a job already claimed by this process (hand it a secret with ``hold``)."""
    moment = now()
    return await Job.create(
        kind=kind,
        payload=payload,
        repository=repository,
        state=JobState.RUNNING,
        attempts=1,
        max_attempts=2,  # a second attempt, in another process, reports the lost secret
        run_after=moment,
        locked_until=moment + LEASE,
    )


def hold(job: Job, secret: str) -> None:
    """Give this process's worker ``job`` (from ``enqueue_claimed``) and its secret."""
    _held[job.id] = secret
    _local.append(job.id)
    wake()


def take_local() -> tuple[int, str] | None:
    """The next job handed over by ``hold``, with its secret."""
    while _local:
        job_id = _local.popleft()
        if job_id in _held:
            return job_id, _held.pop(job_id)
    return None


async def enqueue_maintenance(repository: Repository) -> None:
    """Queue repacking ``repository`` soon; a burst of pushes shares one queued job."""
    await enqueue(
        MAINTAIN,
        {},
        repository=repository,
        dedupe_key=f"{MAINTAIN}:{repository.id}",
        delay=_maintenance_delay,
    )


def _due(moment: datetime) -> Q:
    return Q(state=JobState.QUEUED, run_after__lte=moment) | Q(
        state=JobState.RUNNING, locked_until__lt=moment
    )


async def claim() -> Job | None:
    """Take the next due job (queued, or running with an expired lease) for this process."""
    moment = now()
    # A plain read first, so an idle poll does not take SQLite's write lock.
    if not await Job.filter(_due(moment)).exists():
        return None
    async with in_transaction() as conn:
        job = (
            await Job.filter(_due(moment))
            .order_by("run_after", "id")
            .select_for_update(skip_locked=True)
            .using_db(conn)
            .first()
        )
        if job is None:
            return None
        job.state = JobState.RUNNING
        job.attempts += 1
        job.locked_until = moment + LEASE
        job.dedupe_key = None
        await job.save(using_db=conn)
    return job


async def renew(job: Job) -> None:
    await Job.filter(id=job.id, state=JobState.RUNNING).update(locked_until=now() + LEASE)


async def succeed(job: Job) -> None:
    await Job.filter(id=job.id).update(state=JobState.SUCCEEDED, locked_until=None, last_error="")


async def fail(job: Job, error: str, *, retry: bool) -> None:
    """Record the failure; queue again with a backoff while attempts remain and ``retry``."""
    if retry and job.attempts < job.max_attempts:
        backoff = timedelta(seconds=10 * 2**job.attempts)
        await Job.filter(id=job.id).update(
            state=JobState.QUEUED, run_after=now() + backoff, locked_until=None, last_error=error
        )
        return
    await Job.filter(id=job.id).update(state=JobState.FAILED, locked_until=None, last_error=error)


async def release(job: Job) -> None:
    """Put an interrupted job back in the queue without counting the attempt."""
    await Job.filter(id=job.id, state=JobState.RUNNING).update(
        state=JobState.QUEUED,
        attempts=max(0, job.attempts - 1),
        run_after=now(),
        locked_until=None,
    )


async def prune(older_than: timedelta = timedelta(days=7)) -> int:
    """Delete finished jobs last touched before ``older_than`` ago; how many went."""
    return await Job.filter(
        state__in=[JobState.SUCCEEDED, JobState.FAILED], updated_at__lt=now() - older_than
    ).delete()
