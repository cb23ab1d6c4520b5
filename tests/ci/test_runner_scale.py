"""Several runners share the queue without running anything twice; a runner that dies
loses its pipeline to ``error`` once it has been silent for INGOT_RUNNER_TIMEOUT."""

from __future__ import annotations

import os
import re
import signal
from contextlib import ExitStack
from pathlib import Path

from tests.backends import sql
from tests.ci.conftest import RUNNER_TIMEOUT
from tests.ci.runners import (
    alive,
    push,
    running_runner,
    trigger,
    wait_pipeline,
    wait_step,
)
from tests.forge import Forge
from tests.git.gitcli import Git

ONCE = """[step:once]
run: echo "ran-$CI_PIPELINE_ID"
"""


def test_two_runners_run_twenty_queued_pipelines_once_each(
    agent_forge: Forge, tmp_path: Path
) -> None:
    user = agent_forge.new_user("scale")
    repo = agent_forge.new_repo(user)
    name = repo["nameWithOwner"]
    push(agent_forge, Git(tmp_path / "home"), tmp_path / "work", user, name,
         {".kod/workflows/once.toml": ONCE})  # fmt: skip
    numbers = [1, *(trigger(agent_forge, user, repo) for _ in range(19))]
    assert numbers == list(range(1, 21))
    with ExitStack() as runners:
        for _ in range(2):
            runners.enter_context(running_runner(agent_forge, capacity=2))
        found = [wait_pipeline(agent_forge, user.token, name, n, timeout=300) for n in numbers]
    for pipeline in found:
        assert pipeline["status"] == "SUCCESS", pipeline
        log = pipeline["steps"]["nodes"][0]["log"]
        assert len(re.findall(r"ran-\d+", log)) == 1, log
    ran = {m for p in found for m in re.findall(r"ran-(\d+)", p["steps"]["nodes"][0]["log"])}
    assert len(ran) == 20
    rows = sql(
        agent_forge,
        # An integer the test made, not input.
        f"SELECT DISTINCT runner_id FROM pipeline WHERE repository_id = {int(repo['databaseId'])}",  # noqa: S608
    )
    assert len(rows) == 2, rows


SLOW = """[step:slow]
run:
  echo "started $$"
  sleep 300
"""


def test_a_runner_killed_mid_step_loses_its_pipeline(agent_forge: Forge, tmp_path: Path) -> None:
    user = agent_forge.new_user("killed")
    repo = agent_forge.new_repo(user)
    name = repo["nameWithOwner"]
    pid = 0
    try:
        with running_runner(agent_forge, capacity=1) as runner:
            push(agent_forge, Git(tmp_path / "home"), tmp_path / "work", user, name,
                 {".kod/workflows/slow.toml": SLOW})  # fmt: skip
            running = wait_step(agent_forge, user.token, name, 1, 1, "started")
            pid = int(re.findall(r"started (\d+)", running["steps"]["nodes"][0]["log"])[0])
            runner.send_signal(signal.SIGKILL)
            runner.wait()
        found = wait_pipeline(agent_forge, user.token, name, 1, timeout=10 * RUNNER_TIMEOUT)
        assert found["status"] == "ERROR"
        assert found["errorMessage"] == (
            f"The runner stopped sending heartbeats for {RUNNER_TIMEOUT} s."
        )
        step = found["steps"]["nodes"][0]
        assert step["status"] == "CANCELLED"
        assert "started" in step["log"]
    finally:
        # The step's shell outlived its runner (its own session): the test cleans it up.
        if pid and alive(pid):
            os.killpg(pid, signal.SIGKILL)
