"""The runner's main loop: poll for work up to ``--capacity`` pipelines, heartbeat, stop.

Polling: while a slot is free the runner asks for work, and sleeps
``--poll-interval`` only after an empty answer, so a pushed pipeline starts
within that interval. Heartbeats go every ``HEARTBEAT_SECONDS`` while anything
runs (and with every idle poll cycle); their answer names the held pipelines to
stop (cancelled by a user, or given up as lost), which are killed at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import shutil
import signal
import subprocess
import sys
from collections.abc import Awaitable

from server.runner.client import AgentClient, AgentError
from server.runner.pipeline import PipelineRun

log = logging.getLogger("ingot.runner")

HEARTBEAT_SECONDS = 2.0
BACKOFF_SECONDS = 5.0


def container_runtime_works(name: str | None) -> str | None:
    """``name`` if that container runtime answers ``version``; None (host execution) if not."""
    if name is None or shutil.which(name) is None:
        return None
    try:
        done = subprocess.run([name, "version"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return name if done.returncode == 0 else None


class Agent:
    def __init__(
        self,
        client: AgentClient,
        capacity: int,
        container_runtime: str | None,
        poll_interval: float,
    ) -> None:
        self.client = client
        self.capacity = max(1, capacity)
        self.container_runtime = container_runtime
        self.poll_interval = max(0.05, poll_interval)
        self.running: dict[int, PipelineRun] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.stopping = asyncio.Event()
        self._free = asyncio.Event()

    async def run(self) -> None:
        beats = asyncio.create_task(self._heartbeats())
        try:
            await self._polls()
        finally:
            beats.cancel()
            for pipeline in self.running.values():
                pipeline.shutting_down = True
                pipeline.stop.set()
            if self.tasks:
                await asyncio.gather(*self.tasks, return_exceptions=True)
            with contextlib.suppress(asyncio.CancelledError):
                await beats

    async def _polls(self) -> None:
        while not self.stopping.is_set():
            if len(self.running) >= self.capacity:
                self._free.clear()
                await self._wait(self._free.wait())
                continue
            try:
                job = await self.client.poll()
            except AgentError as exc:
                log.warning("polling failed: %s", exc)
                await self._wait(asyncio.sleep(BACKOFF_SECONDS))
                continue
            if job is None:
                await self._wait(asyncio.sleep(self.poll_interval))
                continue
            self._start(job)

    async def _wait(self, what: Awaitable[object]) -> None:
        """Wait for ``what`` or for the runner to be told to stop."""
        waiting = asyncio.ensure_future(what)
        stopping = asyncio.create_task(self.stopping.wait())
        await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiting, stopping):
            task.cancel()
        await asyncio.gather(waiting, stopping, return_exceptions=True)

    def _start(self, job: dict) -> None:
        pipeline = PipelineRun(self.client, job, self.container_runtime)
        log.info("pipeline %s claimed (%s)", pipeline.id, job.get("commit_node"))
        self.running[pipeline.id] = pipeline
        task = asyncio.create_task(pipeline.run(), name=f"pipeline-{pipeline.id}")
        self.tasks.add(task)

        def done(_: asyncio.Task[None]) -> None:
            self.tasks.discard(task)
            self.running.pop(pipeline.id, None)
            self._free.set()
            log.info("pipeline %s done", pipeline.id)

        task.add_done_callback(done)

    async def _heartbeats(self) -> None:
        while True:
            try:
                stop = await self.client.heartbeat(self.capacity, sorted(self.running))
                for pipeline_id in stop:
                    if pipeline_id in self.running:
                        log.info("pipeline %s: stopping (cancelled or lost)", pipeline_id)
                        self.running[pipeline_id].stop.set()
            except AgentError as exc:
                log.warning("heartbeat failed: %s", exc)
            except Exception:
                log.exception("heartbeat failed")
            await asyncio.sleep(HEARTBEAT_SECONDS)


async def _main(args: argparse.Namespace) -> None:
    runtime = container_runtime_works(args.container_runtime)
    if args.container_runtime and runtime is None:
        log.warning(
            "%s does not work here: steps with an image run on the host", args.container_runtime
        )
    client = AgentClient(args.url, args.token, connections=4 + 4 * max(1, args.capacity))
    agent = Agent(client, args.capacity, runtime, args.poll_interval)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, agent.stopping.set)
    try:
        await agent.run()
    finally:
        await client.close()


def run_agent(args: argparse.Namespace) -> int:
    """``ingot runner``: run until SIGTERM or SIGINT (running steps are killed)."""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s"
    )
    print(
        f"ingot runner: polling {args.url} for up to {args.capacity} pipeline(s) at once",
        flush=True,
    )
    asyncio.run(_main(args))
    return 0
