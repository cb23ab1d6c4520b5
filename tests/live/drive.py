"""Moves pipelines in a forge's database as a runner would, from a process of its own.

Until a test has a real runner, this stands in for one: ``python -m tests.live.drive``
with the forge's environment reads one JSON command a line on stdin and answers a
line. Each command calls the CI services (``app.services.pipeline``) and publishes
through a ``PipelineEvents`` of this process, as the agent API does: on PostgreSQL
a ``NOTIFY`` that reaches the server (another process), on SQLite nothing beyond
this process (the server's streams then find the change by reading the database).
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from tortoise import Tortoise

from app.config import listen_credentials, load_settings, tortoise_config
from app.models import Pipeline, PipelineStatus, Step, StepLogChunk, StepStatus
from app.services import pipeline as pipelines
from app.services.pipeline_events import PipelineEvents


async def handle(events: PipelineEvents, command: dict[str, Any]) -> Any:
    pipeline = await Pipeline.get(id=command["pipeline"])
    action = command["action"]
    if action == "claim":
        await Pipeline.filter(id=pipeline.id).update(status=PipelineStatus.RUNNING)
        await events.publish_status(pipeline.id, "running")
        return "running"
    if action == "step":
        step = await Step.get(pipeline_id=pipeline.id, number=command["step"])
        step = await pipelines.set_step_status(
            step, StepStatus(command["status"]), command.get("exit_code")
        )
        await events.publish_status(
            pipeline.id, pipeline.status, step_number=step.number, step_status=step.status
        )
        return step.status
    if action == "log":
        step = await Step.get(pipeline_id=pipeline.id, number=command["step"])
        await pipelines.append_log(step.id, command["text"])
        last = await StepLogChunk.filter(step_id=step.id).order_by("-id").first()
        await events.publish_log(
            pipeline.id, step.number, command["text"], chunk_id=last.id if last else None
        )
        return "logged"
    if action == "finish":
        pipeline = await pipelines.finish(pipeline, PipelineStatus(command["status"]))
        await events.publish_status(pipeline.id, pipeline.status)
        return pipeline.status
    raise ValueError(action)


async def main() -> None:
    settings = load_settings()
    await Tortoise.init(config=tortoise_config(settings))
    events = PipelineEvents(listen_credentials(settings))
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            try:
                answer = {"ok": await handle(events, json.loads(line))}
            except Exception as exc:  # the test reads the failure
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(answer, default=str), flush=True)
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
