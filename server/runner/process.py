"""One command of a step: a shell in its own process group, streamed, stoppable.

The command runs as ``sh -c LINE`` in a new session (``start_new_session``),
so everything it starts is in one process group and is killed together:
SIGTERM first, SIGKILL after ``GRACE_SECONDS``, which keeps a cancel under 5 s
(the runner learns of it within a 2 s heartbeat). Whatever a line leaves running
in the background is killed when the line ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from server.runner.output import LogStream

GRACE_SECONDS = 2.0
READ_BYTES = 64 * 1024
# After the shell exits, how long output still held by its children may take to arrive.
DRAIN_SECONDS = 0.5


@dataclass
class Outcome:
    """``exit_code`` of the line; ``stopped`` says why it was killed: "", "cancel", "timeout"."""

    exit_code: int
    stopped: str = ""


def _signal_group(pgid: int, sig: signal.Signals) -> bool:
    """Send ``sig`` to the group; False when no process of it is left."""
    try:
        os.killpg(pgid, sig)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


async def kill_group(process: asyncio.subprocess.Process) -> None:
    """SIGTERM the process group, then SIGKILL what is left after the grace period."""
    pgid = process.pid
    if _signal_group(pgid, signal.SIGTERM):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), GRACE_SECONDS)
        # The leader may be gone while its children ignore SIGTERM: the group still exists.
        _signal_group(pgid, signal.SIGKILL)
    await process.wait()


async def _pump(process: asyncio.subprocess.Process, output: LogStream) -> None:
    assert process.stdout is not None
    while True:
        data = await process.stdout.read(READ_BYTES)
        if not data:
            return
        await output.write_bytes(data)


async def run_command(
    argv: Sequence[str],
    *,
    cwd: str,
    env: dict[str, str],
    output: LogStream,
    stop: asyncio.Event,
    time_limit: float,
) -> Outcome:
    """Run ``argv`` until it exits, ``stop`` is set or ``time_limit`` seconds pass."""
    process = await asyncio.create_subprocess_exec(
        *argv,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )
    pump = asyncio.create_task(_pump(process, output))
    exited = asyncio.create_task(process.wait())
    stopping = asyncio.create_task(stop.wait())
    stopped = ""
    try:
        done, _ = await asyncio.wait(
            {exited, stopping}, timeout=max(0.0, time_limit), return_when=asyncio.FIRST_COMPLETED
        )
        if exited not in done:
            stopped = "cancel" if stop.is_set() else "timeout"
            await kill_group(process)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(pump), DRAIN_SECONDS)
        # Leftovers of the line (background children) go with it.
        _signal_group(process.pid, signal.SIGKILL)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(pump), DRAIN_SECONDS)
    finally:
        for task in (pump, exited, stopping):
            if not task.done():
                task.cancel()
        await asyncio.gather(pump, exited, stopping, return_exceptions=True)
        if process.returncode is None:
            await kill_group(process)
    code = process.returncode if process.returncode is not None else -1
    return Outcome(code, stopped)
