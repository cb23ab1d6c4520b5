"""Secrets reach a step's environment and never its log, even split across output chunks."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.ci.runners import push, set_secret, steps_by_name, wait_pipeline
from tests.forge import Forge
from tests.git.gitcli import Git

VALUE = "s3cr3t-Value-4242"
WORKFLOW = """[step:use]
run:
  echo "whole=$DEPLOY_KEY"
  test "$DEPLOY_KEY" = "$(printf '%s' "$DEPLOY_KEY")" && echo has-value
  echo "length=${#DEPLOY_KEY}"
  printf 'split=%s' "$(printf '%s' "$DEPLOY_KEY" | cut -c1-6)"; sleep 1; printf '%s\\n' "$(printf '%s' "$DEPLOY_KEY" | cut -c7-)"
  echo "override=$RUNNER_HOST_VALUE"

[step:interpolated]
run: echo "via-interpolation={env.DEPLOY_KEY}"
"""


def test_secrets_are_injected_and_masked(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("sec")
    repo = ci_forge.new_repo(user)
    set_secret(ci_forge, user, repo, "DEPLOY_KEY", VALUE)
    # The runner's own environment has RUNNER_HOST_VALUE=from-host (tests/ci/runners.py):
    # a secret of the same name wins.
    set_secret(ci_forge, user, repo, "RUNNER_HOST_VALUE", "from-the-secret")
    push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/secret.toml": WORKFLOW},
    )
    found = wait_pipeline(ci_forge, user.token, repo["nameWithOwner"], 1)
    assert found["status"] == "SUCCESS", found
    steps = steps_by_name(found)
    log = steps["use"]["log"]
    assert "whole=***" in log
    assert "has-value" in log
    assert f"length={len(VALUE)}" in log
    assert "split=***" in log
    assert "override=***" in log
    assert "from-host" not in log
    assert "via-interpolation=***" in steps["interpolated"]["log"]
    for step in found["steps"]["nodes"]:
        assert VALUE not in step["log"]
        assert VALUE[:6] not in step["log"]
