"""Pipelines for the live tests: a pushed workflow, a stand-in runner, the subscriptions."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.ci.ci_helpers import PIPELINE, owner_name, push_files
from tests.forge import ROOT, Forge, User
from tests.git.gitcli import Git

WORKFLOW = "[step:build]\nrun: echo build\n\n[step:test]\nrun: echo test\n"

LOG = "subscription($id: ID!) { pipelineLog(pipelineId: $id) { stepNumber text } }"
STATUS = """subscription($id: ID!) { pipelineStatus(pipelineId: $id) {
  id number status cancelRequested steps { nodes { number status exitCode } } } }"""


def new_pipeline(
    forge: Forge, tmp: Path, user: User, repo: dict[str, Any], workflow: str = WORKFLOW
) -> dict[str, Any]:
    """Push ``workflow`` to ``repo``'s main branch; the queued pipeline (id, number, steps)."""
    git = Git(tmp / "home")
    push_files(forge, git, tmp / "work", user, repo, {".kod/workflows/ci.toml": workflow})
    owner, name = owner_name(repo)
    data = forge.gql(PIPELINE, {"o": owner, "n": name, "number": 1}, token=user.token)
    pipeline: dict[str, Any] = data["repository"]["pipeline"]
    pipeline["databaseId"] = database_id(pipeline["id"])
    return pipeline


def database_id(global_id: str) -> int:
    padded = global_id + "=" * (-len(global_id) % 4)
    return int(base64.urlsafe_b64decode(padded).decode().split(":")[1])


class Driver:
    """A stand-in runner in a process of its own (``tests/live/drive.py``)."""

    def __init__(self, forge: Forge, pipeline_id: int) -> None:
        self.pipeline_id = pipeline_id
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.live.drive"],
            cwd=ROOT,
            env=forge.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, action: str, **arguments: Any) -> Any:
        assert self.process.stdin and self.process.stdout
        command = {"action": action, "pipeline": self.pipeline_id, **arguments}
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer["ok"]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout:
            self.process.stdout.close()
