"""The worker: a few tasks per server process that claim and run due jobs.

Jobs are claimed through ``app.services.job`` (exclusive across processes)
and kept claimed by renewing their lease while they run; a process that dies
leaves its jobs to be claimed again once their lease passes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import anyio

from app.models import Job
from app.services import job as jobs
from app.services.runtime import Runtime

log = logging.getLogger("ingot.jobs")

POLL_SECONDS = 1.0
PRUNE_SECONDS = 3600.0


class JobFailed(Exception):
    """A failure that retrying will not fix; the message is recorded on the job."""


class JobInterrupted(Exception):
    """The job stopped because the server is shutting down; it goes back to the queue."""


@dataclass
class Run:
    """What a handler gets besides its job."""

    runtime: Runtime
    secret: str | None
    cancel: threading.Event

    @property
    def home(self) -> Path:
        """An empty HOME for git, so no user config or credential helper applies."""
        return self.runtime.settings.data_dir / "tmp" / "git-home"


Handler = Callable[[Job, Run], Awaitable[None]]
# Called when a job is given up without its handler running, to clean up after it.
Abandon = Callable[[Runtime, Job, str], Awaitable[None]]
# Run once in a thread when the worker starts (crash recovery), beside the job loops.
Startup = Callable[[Runtime], object]


@dataclass(frozen=True)
class Periodic:
    """A chore the worker runs every ``interval(runtime)`` seconds (in every process:
    it must be safe to run concurrently)."""

    run: Callable[[Runtime], Awaitable[object]]
    interval: Callable[[Runtime], float]


class Worker:
    def __init__(
        self,
        runtime: Runtime,
        handlers: Mapping[str, Handler],
        abandon: Mapping[str, Abandon] | None = None,
        startup: Sequence[Startup] = (),
        periodic: Sequence[Periodic] = (),
    ) -> None:
        self.runtime = runtime
        self.handlers = handlers
        self.abandon = abandon or {}
        self.startup = startup
        self.periodic = periodic
        self._wake = asyncio.Event()
        self._cancel = threading.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._pruner: asyncio.Task[None] | None = None
        self._starting: asyncio.Task[None] | None = None
        self._chores: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self.runtime.queue.attach(self._wake)
        self._tasks = [
            asyncio.create_task(self._loop(), name=f"ingot-worker-{n}")
            for n in range(self.runtime.settings.job_workers)
        ]
        self._pruner = asyncio.create_task(self._prune(), name="ingot-worker-prune")
        self._starting = asyncio.create_task(self._startup(), name="ingot-worker-startup")
        self._chores = [
            asyncio.create_task(self._every(chore), name=f"ingot-worker-{chore.run.__name__}")
            for chore in self.periodic
        ]

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming, interrupt running jobs and wait for them to hand their rows back."""
        self._cancel.set()
        self._wake.set()
        for chore in (self._pruner, self._starting, *self._chores):
            if chore is not None:
                chore.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await chore
        if not self._tasks:
            return
        _, pending = await asyncio.wait(self._tasks, timeout=grace)
        for task in pending:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pending, return_exceptions=True)

    async def _loop(self) -> None:
        while not self._cancel.is_set():
            self._wake.clear()
            try:
                claimed = await self._next()
            except Exception:
                log.exception("claiming a job failed")
                claimed = None
            if claimed is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
                continue
            try:
                await self._run(*claimed)
            except Exception:
                # Recording the outcome failed (the database went away); the lease
                # runs out and the job is claimed again.
                log.exception("finishing job %s failed", claimed[0].id)

    async def _next(self) -> tuple[Job, str | None] | None:
        held = self.runtime.queue.take_local()
        if held is not None:
            job = await Job.get_or_none(id=held[0])
            return (job, held[1]) if job is not None else None
        job = await jobs.claim()
        return (job, None) if job is not None else None

    async def _run(self, job: Job, secret: str | None) -> None:
        handler = self.handlers.get(job.kind)
        if handler is None:
            await jobs.fail(job, f"No handler for jobs of kind '{job.kind}'.", retry=False)
            return
        if job.attempts > job.max_attempts:
            log.warning("job %s (%s) abandoned after %s attempts", job.id, job.kind, job.attempts)
            message = "Gave up: the server running it stopped too many times."
            await jobs.fail(job, message, retry=False)
            await self._abandon(job, message)
            return
        log.info("job %s (%s) started, attempt %s", job.id, job.kind, job.attempts)
        renewing = asyncio.create_task(self._renew(job))
        try:
            await handler(job, Run(self.runtime, secret, self._cancel))
        except JobInterrupted:
            log.info("job %s (%s) interrupted; queued again", job.id, job.kind)
            await jobs.release(job)
        except JobFailed as exc:
            log.info("job %s (%s) failed: %s", job.id, job.kind, exc)
            await jobs.fail(job, str(exc), retry=False)
        except Exception as exc:
            log.exception("job %s (%s) raised", job.id, job.kind)
            message = f"{type(exc).__name__}: {exc}"
            await jobs.fail(job, message, retry=True)
            if job.attempts >= job.max_attempts:
                await self._abandon(job, message)
        else:
            log.info("job %s (%s) succeeded", job.id, job.kind)
            await jobs.succeed(job)
        finally:
            renewing.cancel()

    async def _abandon(self, job: Job, message: str) -> None:
        if job.kind in self.abandon:
            await self.abandon[job.kind](self.runtime, job, message)

    async def _startup(self) -> None:
        for task in self.startup:
            try:
                await anyio.to_thread.run_sync(task, self.runtime)
            except Exception:
                log.exception("start-up task %s failed", getattr(task, "__name__", task))

    async def _every(self, chore: Periodic) -> None:
        while True:
            await asyncio.sleep(chore.interval(self.runtime))
            try:
                await chore.run(self.runtime)
            except Exception:
                log.exception("the periodic %s failed", chore.run.__name__)

    async def _prune(self) -> None:
        """Finished jobs are history, not state: keep a week of them."""
        while True:
            try:
                await jobs.prune()
            except Exception:
                log.exception("pruning finished jobs failed")
            await asyncio.sleep(PRUNE_SECONDS)

    async def _renew(self, job: Job) -> None:
        while True:
            await asyncio.sleep(jobs.LEASE.total_seconds() / 4)
            try:
                await jobs.renew(job)
            except Exception:
                log.exception("renewing the lease of job %s failed", job.id)
