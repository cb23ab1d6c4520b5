"""A step with an ``image`` and ``--container-runtime``: in a container when the runtime works,
else on the host, which the runner says at start-up."""

from __future__ import annotations

from pathlib import Path

from server.runner.main import container_runtime_works
from tests.ci.runners import push, running_runner, steps_by_name, wait_pipeline
from tests.forge import Forge
from tests.git.gitcli import Git

WORKFLOW = """[step:boxed]
image: alpine:3
run: pwd

[step:host]
run: pwd
"""


def test_runner_runs_an_image_step_in_a_container_only_where_the_runtime_works(
    agent_forge: Forge, tmp_path: Path
) -> None:
    user = agent_forge.new_user("box")
    repo = agent_forge.new_repo(user)
    name = repo["nameWithOwner"]
    log = tmp_path / "runner.log"
    with running_runner(agent_forge, capacity=1, log=log, extra=("--container-runtime", "docker")):
        push(agent_forge, Git(tmp_path / "home"), tmp_path / "work", user, name,
             {".kod/workflows/box.toml": WORKFLOW})  # fmt: skip
        found = wait_pipeline(agent_forge, user.token, name, 1, timeout=300)
    assert found["status"] == "SUCCESS", found
    steps = steps_by_name(found)
    host = steps["host"]["log"].strip()
    assert host.endswith("/checkout") and host != "/workspace"
    if container_runtime_works("docker"):
        assert steps["boxed"]["log"].strip() == "/workspace"
    else:
        assert steps["boxed"]["log"].strip() == host
        assert "docker does not work here: steps with an image run on the host" in log.read_text()
