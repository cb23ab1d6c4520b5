"""The CI chore of the worker: pipelines whose runner went silent become ``error``."""

from __future__ import annotations

from datetime import timedelta

from app.jobs.worker import Periodic
from app.services import ci_agent
from app.services.runtime import Runtime


async def lose_silent_runners(runtime: Runtime) -> None:
    """Give up the pipelines of runners silent for ``INGOT_RUNNER_TIMEOUT`` seconds."""
    lease = timedelta(seconds=runtime.settings.runner_timeout)
    for pipeline_id in await ci_agent.sweep(lease):
        await runtime.pipeline_events.publish_status(pipeline_id, "error")


def _interval(runtime: Runtime) -> float:
    """A quarter of the timeout (a lost pipeline is seen within 1.25 timeouts), 0.5-15 s."""
    return min(15.0, max(0.5, runtime.settings.runner_timeout / 4))


LOSE_SILENT_RUNNERS = Periodic(lose_silent_runners, _interval)
