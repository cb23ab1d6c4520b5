"""Cancelling kills a step's whole process tree; a rerun runs the commit again."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from tests.ci.runners import alive, push, steps_by_name, wait_pipeline, wait_step
from tests.forge import Forge
from tests.git.gitcli import Git

SLEEPER = """[step:sleepy]
run:
  echo start
  sh -c 'sleep 300 & echo "child=$!"; sh -c "sleep 300 & echo grandchild=\\$!; wait" & echo "shell=$$"; wait'

[step:after]
run: echo not-reached
"""
CANCEL = "mutation($i: PipelineIdInput!) { cancelPipeline(input: $i) { pipeline { status } } }"
RERUN = """mutation($i: PipelineIdInput!) { rerunPipeline(input: $i) {
  pipeline { number event commitOid status } } }"""


def test_user_can_cancel_a_running_step_and_its_tree_dies(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("cancel")
    repo = ci_forge.new_repo(user)
    push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/sleep.toml": SLEEPER},
    )
    name = repo["nameWithOwner"]
    running = wait_step(ci_forge, user.token, name, 1, 1, "grandchild=")
    pids: list[int] = []
    while len(pids) < 3:
        running = wait_step(ci_forge, user.token, name, 1, 1, "shell=")
        log = running["steps"]["nodes"][0]["log"]
        pids = [int(p) for p in re.findall(r"(?:child|grandchild|shell)=(\d+)", log)]
    assert len(pids) == 3 and all(alive(pid) for pid in pids), log
    ci_forge.gql(CANCEL, {"i": {"pipelineId": running["id"]}}, token=user.token)
    found = wait_pipeline(ci_forge, user.token, name, 1)
    assert found["status"] == "CANCELLED"
    steps = steps_by_name(found)
    assert steps["sleepy"]["status"] == "CANCELLED"
    assert steps["after"]["status"] in {"CANCELLED", "SKIPPED"}
    # The runner killed the group before reporting: nothing of the tree is left.
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if alive(pid)]


def test_user_can_rerun_a_pipeline(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("rerun")
    repo = ci_forge.new_repo(user)
    commit = push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/once.toml": "[step:hello]\nrun: echo run-of-$CI_PIPELINE_ID\n"},
    )
    name = repo["nameWithOwner"]
    first = wait_pipeline(ci_forge, user.token, name, 1)
    assert first["status"] == "SUCCESS"
    data = ci_forge.gql(RERUN, {"i": {"pipelineId": first["id"]}}, token=user.token)
    rerun = data["rerunPipeline"]["pipeline"]
    assert rerun["number"] == 2
    assert rerun["event"] == "RERUN"
    assert rerun["commitOid"] == commit
    second = wait_pipeline(ci_forge, user.token, name, 2)
    assert second["status"] == "SUCCESS"
    assert "run-of-" in second["steps"]["nodes"][0]["log"]
    assert second["steps"]["nodes"][0]["log"] != first["steps"]["nodes"][0]["log"]
