"""The ``maintain`` job: commit-graph and a bitmapped repack, off the request path."""

from __future__ import annotations

import anyio

from app.git import mirror
from app.jobs.worker import JobInterrupted, Run
from app.models import Job, Repository
from app.services import repository as repositories


async def maintain(job: Job, run: Run) -> None:
    repo = await Repository.get_or_none(id=job.repository_id)
    if repo is None:
        return  # deleted since: nothing to do
    path = await repositories.path_of(run.runtime.storage, repo)
    if not path.is_dir():
        return  # an import that has not finished yet queues its own maintenance
    try:
        await anyio.to_thread.run_sync(
            lambda: mirror.maintain(
                path, env=mirror.isolated_env(run.home), timeout=3600, cancel=run.cancel
            )
        )
    except mirror.GitCancelled:
        raise JobInterrupted from None
