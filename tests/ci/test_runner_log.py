"""A step flooding its output: the log is stored capped with a note, the runner goes on."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.ci.runners import push, steps_by_name, wait_pipeline
from tests.forge import Forge
from tests.git.gitcli import Git

FLOOD = """[step:flood]
run: yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | head -c 10485760; echo flood-done

[step:after]
run: echo after-the-flood
"""


def test_runner_can_flood_a_log_which_is_stored_capped(
    ci_forge: Forge, ci_runner: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    user = ci_forge.new_user("flood")
    repo = ci_forge.new_repo(user)
    push(
        ci_forge,
        Git(tmp_path / "home"),
        tmp_path / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/flood.toml": FLOOD},
    )
    found = wait_pipeline(ci_forge, user.token, repo["nameWithOwner"], 1, timeout=300)
    assert found["status"] == "SUCCESS", found["status"]
    steps = steps_by_name(found)
    flood = steps["flood"]
    assert flood["status"] == "SUCCESS"
    assert flood["logTruncated"] is True
    log = flood["log"]
    assert "log truncated" in log
    assert 4 * 1024 * 1024 <= len(log.encode()) < 4 * 1024 * 1024 + 1024
    assert log.startswith("x" * 63 + "\n")
    assert "flood-done" not in log
    assert "after-the-flood" in steps["after"]["log"]
