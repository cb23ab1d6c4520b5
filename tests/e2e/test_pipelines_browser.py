"""CI in a real browser, with a real ``ingot runner``: ``pipelines.live.mjs`` (not a
``*.e2e.mjs``: it needs the runner and the workflows this test pushes first)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ci.runners import push, running_runner, wait_pipeline
from tests.conftest import start_server
from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, HERE, _missing
from tests.forge import Forge
from tests.git.gitcli import Git

LIVE = """[step:wait]
run:
  echo first line
  while [ ! -f {go} ]; do sleep 0.05; done
  echo second line

[step:after]
run: echo after the wait
"""
SLOW = """[step:sleep]
run:
  echo sleeping
  sleep 300
"""


@pytest.fixture
def forge(tmp_path: Path) -> Iterator[Forge]:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    forge = start_server(tmp_path / "forge", None)
    try:
        yield forge
    finally:
        forge.stop()


def test_user_can_follow_cancel_and_rerun_pipelines_in_the_browser(
    forge: Forge, tmp_path: Path
) -> None:
    admin = forge.admin
    repo = forge.new_repo(admin, name="pipelines-e2e")
    full_name = repo["nameWithOwner"]
    go = tmp_path / "go"
    git = Git(tmp_path / "home")
    push(
        forge,
        git,
        tmp_path / "main",
        admin,
        full_name,
        {".kod/workflows/live.toml": LIVE.replace("{go}", str(go))},
    )
    push(
        forge,
        git,
        tmp_path / "slow",
        admin,
        full_name,
        {".kod/workflows/slow.toml": SLOW},
        branch="slow",
    )
    with running_runner(forge, capacity=2):
        wait_pipeline(forge, admin.token, full_name, 1, {"RUNNING"})
        env = {
            **os.environ,
            "INGOT_URL": forge.url,
            "INGOT_LOGIN": "admin",
            "INGOT_PASSWORD": admin.password,
            "INGOT_E2E_ARTIFACTS": str(ARTIFACTS),
            "CHROMIUM": CHROMIUM,
            "INGOT_PIPELINES_REPO": full_name,
            "INGOT_PIPELINES_GO": str(go),
            "INGOT_SLOW_PIPELINE": "2",
        }
        done = subprocess.run(
            ["node", str(HERE / "pipelines.live.mjs")],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert done.returncode == 0, f"pipelines.live.mjs failed:\n{done.stdout}\n{done.stderr}"
