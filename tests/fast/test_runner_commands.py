"""How the runner builds a run line's command (no server): host shell or container."""

from __future__ import annotations

from pathlib import Path

from server.runner.main import container_runtime_works
from server.runner.pipeline import PipelineRun

JOB = {
    "pipeline_id": 7,
    "ci_env": {"CI": "true", "CI_BRANCH": "main"},
    "secrets": {"DEPLOY_KEY": "v3ry-s3cret"},
    "timeout": 60,
}


def test_a_step_without_an_image_runs_in_a_host_shell(tmp_path: Path) -> None:
    run = PipelineRun(None, JOB, "docker")  # type: ignore[arg-type]
    step = {"image": ""}
    assert run.argv(step, "make test", tmp_path, tmp_path) == ["/bin/sh", "-c", "make test"]


def test_a_step_with_an_image_runs_in_a_container_without_secret_values_in_argv(
    tmp_path: Path,
) -> None:
    run = PipelineRun(None, JOB, "podman")  # type: ignore[arg-type]
    run.variables["MODE"] = "fast"
    (tmp_path / "web").mkdir()
    step = {"image": "alpine:3", "environment": {"CGO_ENABLED": "0"}}
    argv = run.argv(step, "./deploy.sh", tmp_path, tmp_path / "web")
    assert argv[:3] == ["podman", "run", "--rm"]
    assert argv[argv.index("-w") + 1] == "/workspace/web"
    assert argv[argv.index("-v") + 1] == f"{tmp_path.resolve()}:/workspace"
    assert argv[-4:] == ["alpine:3", "sh", "-c", "./deploy.sh"]
    passed = {argv[i + 1] for i, arg in enumerate(argv) if arg == "-e"}
    assert passed == {"CI", "CI_BRANCH", "CGO_ENABLED", "MODE", "DEPLOY_KEY"}
    assert not any("v3ry-s3cret" in arg for arg in argv)
    root = run.argv(step, "ls", tmp_path, tmp_path)
    assert root[root.index("-w") + 1] == "/workspace"


def test_a_container_runtime_that_is_missing_means_the_host(tmp_path: Path) -> None:
    assert container_runtime_works(None) is None
    assert container_runtime_works("no-such-runtime-here") is None
    run = PipelineRun(None, JOB, None)  # type: ignore[arg-type]
    assert run.argv({"image": "alpine:3"}, "ls", tmp_path, tmp_path)[0] == "/bin/sh"
