"""SSH sign-ins that fail draw on the address's HTTP budget; keys record their last use;
``git archive --remote`` works over SSH for readers."""

from __future__ import annotations

import os
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port, start_server
from tests.forge import Forge
from tests.git.gitcli import Git, repo_path
from tests.ssh.keys import make_key
from tests.ssh.sshcli import add_key, git_env, git_ssh, ssh, ssh_options, ssh_url

KEYS = "query($l: String!) { user(login: $l) { publicKeys { lastUsedAt } } }"


@pytest.fixture(scope="module")
def strict_forge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    """Three anonymous requests per window (SQLite: the budget is the same code on both)."""
    port = free_port()
    env = {"INGOT_SSH_PORT": str(port), "INGOT_RATE_LIMIT_ANONYMOUS": "3"}
    forge = start_server(tmp_path_factory.mktemp("ssh-strict"), None, env)
    forge.ssh_port = port  # type: ignore[attr-defined]
    try:
        yield forge
    finally:
        forge.stop()


def test_failed_sign_ins_spend_the_address_budget(strict_forge: Forge, tmp_path: Path) -> None:
    # Made first: signing in over HTTP spends the same anonymous budget.
    user = strict_forge.new_user("lim")
    key = make_key(tmp_path / "k")
    add_key(strict_forge, user.token, key)
    stranger = make_key(tmp_path / "k")
    denied = 0
    while denied <= 3:
        refused = ssh(strict_forge, stranger, "repos")
        assert refused.returncode == 255
        if "Permission denied (publickey)" not in refused.stderr:
            break
        denied += 1
    assert 1 <= denied <= 3  # the budget is 3 a window, and signing in took some
    assert "Too many failed authentications from your address; retry in" in refused.stderr
    # A registered key still signs in: only failures are counted this way.
    assert ssh(strict_forge, key, "repos").returncode == 0


def test_keys_record_their_last_use_and_archive_works(ssh_forge: Forge, tmp_path: Path) -> None:
    user = ssh_forge.new_user("use")
    repo = ssh_forge.new_repo(user, private=True)
    key = make_key(tmp_path / "k")
    add_key(ssh_forge, user.token, key)
    assert ssh_forge.gql(KEYS, {"l": user.login})["user"]["publicKeys"] == [{"lastUsedAt": None}]
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "hello\n")
    git_ssh(
        git, ssh_forge, key, "push", ssh_url(ssh_forge, repo["nameWithOwner"]), "main", cwd=work
    )
    used = ssh_forge.gql(KEYS, {"l": user.login})["user"]["publicKeys"]
    assert used[0]["lastUsedAt"] is not None
    archive = tmp_path / "out.tar"
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "archive", f"--remote={ssh_url(ssh_forge, repo['nameWithOwner'])}", "main"],
            env={**git.env(), **git_env(ssh_forge, key)},
            stdout=out,
            check=True,
            timeout=60,
        )
    with tarfile.open(archive) as tar:
        member = tar.extractfile("a.txt")
        assert member is not None and member.read() == b"hello\n"


def _git_processes_on(path: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(path).encode() in argv:
                found.append(int(entry.name))
    return found


def test_the_ssh_server_stops_with_the_process(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    port = free_port()
    forge = start_server(tmp_path_factory.mktemp("ssh-stop"), None, {"INGOT_SSH_PORT": str(port)})
    forge.ssh_port = port  # type: ignore[attr-defined]
    try:
        user = forge.new_user("stop")
        repo = forge.new_repo(user)
        key = make_key(tmp_path / "k")
        add_key(forge, user.token, key)
        name = repo["nameWithOwner"]
        client = subprocess.Popen(
            ["ssh", *ssh_options(forge, key), "git@127.0.0.1", f"git-receive-pack '{name}.git'"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        path = repo_path(forge, name)
        while not _git_processes_on(path) and client.poll() is None:
            time.sleep(0.05)
        forge.process.terminate()
        # uvicorn re-raises the signal once it has shut down gracefully.
        assert forge.process.wait(timeout=60) in (0, -15)
        assert "Application shutdown complete" in forge.log_path.read_text()
        assert client.wait(timeout=60) != 0
        assert _git_processes_on(path) == []
        assert client.stdin is not None
        client.stdin.close()
    finally:
        forge.stop()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@pytest.fixture(scope="module")
def roomy_forge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    """The default idle timeout: a client may spend a while packing 150 MB before it sends."""
    port = free_port()
    forge = start_server(tmp_path_factory.mktemp("ssh-roomy"), None, {"INGOT_SSH_PORT": str(port)})
    forge.ssh_port = port  # type: ignore[attr-defined]
    try:
        yield forge
    finally:
        forge.stop()


def test_a_large_push_and_clone_stream_without_growing_the_server(
    roomy_forge: Forge, tmp_path: Path
) -> None:
    ssh_forge = roomy_forge  # measured once: memory does not depend on the database
    user = ssh_forge.new_user("big")
    repo = ssh_forge.new_repo(user)
    key = make_key(tmp_path / "k")
    add_key(ssh_forge, user.token, key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    for i in range(3):
        (work / f"blob{i}.bin").write_bytes(os.urandom(50 * 1024 * 1024))
    git.run("-c", "core.compression=0", "add", ".", cwd=work)
    git.run("commit", "-q", "-m", "big", cwd=work)
    pid = ssh_forge.process.pid
    baseline = peak = _rss_kib(pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_kib(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        url = ssh_url(ssh_forge, repo["nameWithOwner"])
        git_ssh(git, ssh_forge, key, "-c", "pack.compression=0", "push", url, "main", cwd=work)
        git_ssh(git, ssh_forge, key, "clone", "-q", "--bare", url, str(tmp_path / "clone"))
    finally:
        done.set()
        sampler.join()
    growth_mib = (peak - baseline) / 1024
    print(f"server RSS {baseline / 1024:.0f} MiB -> peak {peak / 1024:.0f} MiB (150 MiB both ways)")
    assert growth_mib < 100, growth_mib
