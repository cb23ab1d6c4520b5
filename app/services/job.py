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


def now() -> datetime:
    return datetime.now(UTC)


class JobQueue:
    """This process's handles on the queue: what wakes its worker, and the jobs it holds.

    Jobs this process claimed when it created them come with a secret that
    lives only in this process's memory (import credentials): never in the
    database.
    """

    def __init__(self, *, maintenance_delay: timedelta = timedelta(seconds=30)) -> None:
        self.maintenance_delay = maintenance_delay
        self._wake: asyncio.Event | None = None
        self._held: dict[int, str] = {}
        self._local: deque[int] = deque()

    def attach(self, event: asyncio.Event) -> None:
        """The worker of this process registers the event that wakes it up."""
        self._wake = event

    def wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def enqueue(
        self,
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
        self.wake()
        return job

    def hold(self, job: Job, secret: str) -> None:
        """Give this process's worker ``job`` (from ``enqueue_claimed``) and its secret."""
        self._held[job.id] = secret
        self._local.append(job.id)
        self.wake()

    def take_local(self) -> tuple[int, str] | None:
        """The next job handed over by ``hold``, with its secret."""
        while self._local:
            job_id = self._local.popleft()
            if job_id in self._held:
                return job_id, self._held.pop(job_id)
        return None

    async def enqueue_maintenance(self, repository: Repository) -> None:
        """Queue repacking ``repository`` soon; a burst of pushes shares one queued job."""
        await self.enqueue(
            MAINTAIN,
            {},
            repository=repository,
            dedupe_key=f"{MAINTAIN}:{repository.id}",
            delay=self.maintenance_delay,
        )


async def enqueue_claimed(kind: str, payload: dict[str, Any], repository: Repository) -> Job:
    """Create a job already claimed by this process (hand it a secret with ``JobQueue.hold``)."""
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
