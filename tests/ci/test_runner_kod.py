"""Every property of Kod's workflow format, pushed with git and run by a real ``ingot runner``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.ci.runners import database_id, push, steps_by_name, wait_pipeline
from tests.forge import Forge
from tests.git.gitcli import Git

EVERYTHING = """timeout: 120

[step:multi]
run:
  echo first-line
  env.GREETING = "hello-{branch}"
  echo "greeting=$GREETING"
  echo "interp={env.GREETING}/{repo}/{branch}"
  echo "ci=$CI|$CI_PIPELINE_ID|$CI_COMMIT|$CI_BRANCH|$CI_REPO"

[step:persist]
run: echo "later=$GREETING"

[step:on-main]
if: "branch == 'main'"
run: echo ran-on-main

[step:not-main]
if: "branch != 'main'"
run: echo ran-not-main

[step:env-equal]
if: "env.GREETING == 'hello-main'"
run: echo ran-env-equal

[step:env-set]
if: "env.NEVER_SET != ''"
run: echo ran-env-set

[step:subdir]
working_dir: ./sub/dir
run: pwd

[step:flaky]
run:
  echo before-fail
  sh -c 'exit 3'
  echo never-printed
continue_on_error: true

[step:after-flaky]
run: echo still-running
"""


def test_runner_can_run_every_kod_property(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("kod")
    repo = ci_forge.new_repo(user)
    git = Git(tmp_path / "home")
    commit = push(
        ci_forge,
        git,
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/all.toml": EVERYTHING, "sub/dir/keep": ""},
    )
    found = wait_pipeline(ci_forge, user.token, repo["nameWithOwner"], 1)
    assert found["status"] == "SUCCESS", (found["errorMessage"], found["steps"])
    steps = steps_by_name(found)
    multi = steps["multi"]["log"]
    assert "first-line" in multi
    assert "greeting=hello-main" in multi
    assert f"interp=hello-main/{repo['name']}/main" in multi
    assert f"ci=true|{database_id(found['id'])}|{commit}|main|{repo['nameWithOwner']}" in multi
    assert "later=hello-main" in steps["persist"]["log"]
    assert steps["on-main"]["status"] == "SUCCESS"
    assert "ran-on-main" in steps["on-main"]["log"]
    assert steps["not-main"]["status"] == "SKIPPED"
    assert steps["env-equal"]["status"] == "SUCCESS"
    assert steps["env-set"]["status"] == "SKIPPED"
    assert steps["subdir"]["log"].strip().endswith("/sub/dir")
    flaky = steps["flaky"]
    assert flaky["status"] == "FAILURE"
    assert flaky["exitCode"] == 3
    assert "before-fail" in flaky["log"]
    assert "never-printed" not in flaky["log"]
    assert steps["after-flaky"]["status"] == "SUCCESS"
    for step in found["steps"]["nodes"]:
        if step["status"] != "SKIPPED":
            assert step["startedAt"] and step["finishedAt"], step


def test_runner_cannot_follow_a_working_dir_out_of_the_checkout(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("kod")
    repo = ci_forge.new_repo(user)
    workflow = """[step:escape]
working_dir: ./outside
run: echo escaped > proof.txt

[step:after]
run: echo not-reached
"""
    push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/escape.toml": workflow},
        symlinks={"outside": str(tmp_path)},
    )
    found = wait_pipeline(ci_forge, user.token, repo["nameWithOwner"], 1)
    assert found["status"] == "FAILURE"
    steps = steps_by_name(found)
    assert steps["escape"]["status"] == "FAILURE"
    assert "leaves the repository" in steps["escape"]["log"]
    assert steps["after"]["status"] == "SKIPPED"
    assert not (tmp_path / "proof.txt").exists()


def test_runner_stops_a_run_past_its_timeout(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("kod")
    repo = ci_forge.new_repo(user)
    workflow = """timeout: 2

[step:slow]
run:
  echo started
  sleep 60

[step:after]
run: echo not-reached
"""
    push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/slow.toml": workflow},
    )
    found = wait_pipeline(ci_forge, user.token, repo["nameWithOwner"], 1)
    assert found["status"] == "FAILURE"
    steps = steps_by_name(found)
    assert steps["slow"]["status"] == "FAILURE"
    assert "started" in steps["slow"]["log"]
    assert "Timed out" in steps["slow"]["log"]
    assert steps["after"]["status"] == "SKIPPED"


def test_runner_can_run_a_failing_step_that_stops_the_run(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("kod")
    repo = ci_forge.new_repo(user)
    workflow = """[step:broken]
run: exit 7

[step:after]
run: echo not-reached
"""
    push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/broken.toml": workflow},
        branch="feature",
    )
    found = wait_pipeline(ci_forge, user.token, repo["nameWithOwner"], 1)
    assert found["status"] == "FAILURE"
    assert found["branch"] == "feature"
    steps = steps_by_name(found)
    assert steps["broken"]["exitCode"] == 7
    assert steps["after"]["status"] == "SKIPPED"
