"""The ``maintain`` job: crash leftovers, commit-graph and a bitmapped repack, off the request path.

One maintenance at a time per repository, across workers and restarts: the
run holds the repository's ``MAINTENANCE`` lock, and so do the git processes
it starts (each in a process group of its own, killed on shutdown). A run
that finds the lock held leaves the work to its holder; one left running by a
server that died is killed first (``locks.kill_orphans``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import anyio

from app.git import locks, mirror
from app.jobs.worker import JobInterrupted, Run
from app.models import Job, Repository
from app.services import repository as repositories
from app.services.runtime import Runtime

log = logging.getLogger("ingot.jobs")

# How long an orphan's killed processes get to exit and let go of the lock.
ORPHAN_EXIT_SECONDS = 5.0
# How long a maintenance job waits for a brief holder of the maintenance lock.
BRIEF_HOLD_SECONDS = 10.0
# How long maintenance waits for live writers (a killed receive-pack's index-pack
# reading the rest of the pack) before leaving the leftovers to a run it queues.
LEFTOVER_WAIT = 5.0


async def maintain(job: Job, run: Run) -> None:
    repo = await Repository.get_or_none(id=job.repository_id)
    if repo is None:
        return  # deleted since: nothing to do
    path = await repositories.path_of(run.runtime.storage, repo)
    if not path.is_dir():
        return  # an import that has not finished yet queues its own maintenance
    env = mirror.isolated_env(run.home)
    # Forks borrow this repository's objects: it must never drop one (app.git.alternates).
    has_forks = await Repository.exists(parent_id=repo.id)
    try:
        done = await anyio.to_thread.run_sync(lambda: maintain_path(path, env, run, has_forks))
    except mirror.GitCancelled:
        raise JobInterrupted from None
    if done is None:
        # A writer is still at work beside leftovers: look again after the delay.
        await run.runtime.queue.enqueue_maintenance(repo)


def maintain_path(
    path: Path, env: dict[str, str], run: Run, has_forks: bool = False
) -> bool | None:
    """Clean leftovers and repack ``path``.

    False if another maintenance holds it; None if a writer of ours is still at
    work while leftovers are there (nothing is done: the caller queues another run).
    """
    maintenance = _take_maintenance(path)
    if maintenance is None:
        log.info("maintenance of %s is running elsewhere; leaving it to that run", path)
        return False
    try:
        removed = locks.clean_leftovers(path, thorough=True, maintaining=True, wait=LEFTOVER_WAIT)
        if removed is None:
            log.info("a writer is still at work in %s; maintenance will look again", path)
            return None
        if removed:
            log.warning("removed what killed git processes left in %s: %s", path, removed)
        mirror.maintain(
            path,
            env=env,
            timeout=3600,
            cancel=run.cancel,
            pass_fds=(maintenance,),
            started=lambda pgid: locks.record_holder(maintenance, pgid),
            writing=lambda: locks.writing(path),
            has_forks=has_forks,
        )
    finally:
        locks.release(maintenance)
    return True


def _take_maintenance(path: Path) -> int | None:
    """The repository's maintenance lock, or None while another maintenance runs.

    A brief holder (the start-up sweep or a push's cleanup walking the object
    directories) is waited for, up to ``BRIEF_HOLD_SECONDS``; a repack holds it
    far longer, and an orphan a dead server left is killed first.
    """
    fd = locks.try_lock(path, locks.MAINTENANCE)
    if fd is None and locks.kill_orphans(path):
        log.warning("killed the maintenance a stopped server left running in %s", path)
        wait = ORPHAN_EXIT_SECONDS
    else:
        wait = BRIEF_HOLD_SECONDS
    deadline = time.monotonic() + wait
    while fd is None and time.monotonic() < deadline:
        time.sleep(0.05)
        fd = locks.try_lock(path, locks.MAINTENANCE)
    return fd


def sweep(runtime: Runtime) -> int:
    """At start-up: clean every repository no live writer holds, kill orphaned maintenance.

    Returns how many repositories had leftovers.
    """
    cleaned = 0
    for path in sorted(runtime.storage.repositories.glob("*/*.git")):
        if locks.kill_orphans(path):
            log.warning("killed the maintenance a stopped server left running in %s", path)
        removed = locks.clean_leftovers(path, thorough=True)
        if removed:
            cleaned += 1
            log.warning("removed what killed git processes left in %s: %s", path, removed)
    return cleaned
