"""``ingot runner`` processes against a live Ingot, and waiting for pipelines to finish."""

from __future__ import annotations

import base64
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.forge import ROOT, Forge, User, unique
from tests.git.gitcli import Git, url

FINISHED = {"SUCCESS", "FAILURE", "CANCELLED", "ERROR"}
PIPELINE = """query($o: String!, $n: String!, $number: Int!) {
  repository(owner: $o, name: $n) {
    pipeline(number: $number) { id number status event branch commitOid errorMessage
      startedAt finishedAt
      steps(first: 50) { nodes { number name status exitCode startedAt finishedAt log
                                 logTruncated } } }
  }
}"""


def create_runner(forge: Forge, name: str | None = None) -> str:
    """A new runner's token, minted with ``ingot admin create-runner`` (its last line)."""
    done = forge.cli("admin", "create-runner", name or unique("runner"))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def running_runner(
    forge: Forge,
    token: str | None = None,
    *,
    capacity: int = 2,
    log: Path | None = None,
    poll_interval: float | None = 0.2,
    extra: tuple[str, ...] = (),
) -> Iterator[subprocess.Popen[bytes]]:
    """``ingot runner`` polling ``forge`` until the block ends (then SIGTERM); a
    ``poll_interval`` of None keeps the runner's default."""
    token = token or create_runner(forge)
    log_path = log or forge.data_dir.parent / f"{unique('runner')}.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "server.cli", "runner", "--url", forge.url,
                "--token", token, "--capacity", str(capacity),
                *(["--poll-interval", str(poll_interval)] if poll_interval is not None else []),
                *extra,
            ],
            cwd=ROOT,
            env={
                **forge.env,
                "HOME": str(forge.data_dir.parent / "runner-home"),
                # A host variable a repository secret of the same name overrides.
                "RUNNER_HOST_VALUE": "from-host",
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def pipeline(forge: Forge, token: str, full_name: str, number: int) -> dict[str, Any]:
    owner, name = full_name.split("/")
    data = forge.gql(PIPELINE, {"o": owner, "n": name, "number": number}, token=token)
    found: dict[str, Any] = data["repository"]["pipeline"]
    return found


def wait_pipeline(
    forge: Forge,
    token: str,
    full_name: str,
    number: int,
    statuses: set[str] = FINISHED,
    timeout: float = 120,
) -> dict[str, Any]:
    """The pipeline once its status is one of ``statuses``."""
    deadline = time.monotonic() + timeout
    found: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        found = (
            pipeline(forge, token, full_name, number)
            if _exists(forge, token, full_name, number)
            else None
        )
        if found is not None and found["status"] in statuses:
            return found
        time.sleep(0.2)
    raise AssertionError(f"pipeline {full_name}#{number} never reached {statuses}: {found}")


def _exists(forge: Forge, token: str, full_name: str, number: int) -> bool:
    owner, name = full_name.split("/")
    data = forge.gql(PIPELINE, {"o": owner, "n": name, "number": number}, token=token)
    return data["repository"]["pipeline"] is not None


def wait_step(
    forge: Forge,
    token: str,
    full_name: str,
    number: int,
    step: int,
    needle: str,
    timeout: float = 120,
) -> dict[str, Any]:
    """The pipeline once step ``step``'s log contains ``needle``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _exists(forge, token, full_name, number):
            found = pipeline(forge, token, full_name, number)
            if needle in found["steps"]["nodes"][step - 1]["log"]:
                return found
        time.sleep(0.2)
    raise AssertionError(f"step {step} of {full_name}#{number} never printed {needle!r}")


def database_id(global_id: str) -> int:
    """The database id inside a Relay global id (``Type:id`` in base64)."""
    raw = global_id + "=" * (-len(global_id) % 4)
    return int(base64.urlsafe_b64decode(raw).decode().split(":")[1])


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def agent(forge: Forge, method: str, path: str, token: str | None, **kwargs: Any) -> Any:
    """A raw agent API call (``/isurus/api/v1/ci`` + ``path``)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return forge.client.request(
        method, f"{forge.url}/isurus/api/v1/ci{path}", headers=headers, **kwargs
    )


def push(
    forge: Forge,
    git: Git,
    work: Path,
    user: User,
    full_name: str,
    files: dict[str, str],
    branch: str = "main",
    symlinks: dict[str, str] | None = None,
) -> str:
    """Commit ``files`` (and ``symlinks``: name -> target) in ``work`` and push ``branch``."""
    if not (work / ".git").exists():
        git.init(work, branch)
    for name, content in files.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
        git.run("add", "--", name, cwd=work)
    for name, pointing in (symlinks or {}).items():
        (work / name).symlink_to(pointing)
        git.run("add", "--", name, cwd=work)
    git.run("commit", "-q", "--allow-empty", "-m", "ci", cwd=work)
    git.run("push", "-q", url(forge, full_name, user.token), f"HEAD:{branch}", cwd=work)
    return git.rev(work, "HEAD")


def steps_by_name(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in found["steps"]["nodes"]}


def trigger(forge: Forge, user: User, repo: dict[str, Any], branch: str = "main") -> int:
    data = forge.gql(
        "mutation($i: TriggerPipelineInput!) { triggerPipeline(input: $i) "
        "{ pipeline { number } } }",
        {"i": {"repositoryId": repo["id"], "branch": branch}},
        token=user.token,
    )
    number: int = data["triggerPipeline"]["pipeline"]["number"]
    return number


def set_secret(forge: Forge, user: User, repo: dict[str, Any], name: str, value: str) -> None:
    forge.gql(
        "mutation($i: SetRepositorySecretInput!) { setRepositorySecret(input: $i) { name } }",
        {"i": {"repositoryId": repo["id"], "name": name, "value": value}},
        token=user.token,
    )
