"""Only git runs over SSH: every other command, terminal, forwarding or subsystem is refused
with one line and a non-zero exit; a client that leaves or stalls mid-push leaves nothing."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from app.git import locks
from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, repo_path, served_git
from tests.ssh.keys import KeyPair, make_key
from tests.ssh.sshcli import add_key, git_ssh, ssh, ssh_options, ssh_url

ONLY_GIT = (
    "Ingot: only git runs here (git-upload-pack, git-receive-pack, git-upload-archive "
    "with one repository path), and 'repos' or 'info NAME'."
)
PATH_FORM = "Ingot: a repository path is OWNER/NAME.git (or NAME.git)."


@pytest.fixture
def signed_in(ssh_forge: Forge, tmp_path: Path) -> tuple[str, KeyPair]:
    user = ssh_forge.new_user("hos")
    repo = ssh_forge.new_repo(user)
    key = make_key(tmp_path / "k")
    add_key(ssh_forge, user.token, key)
    return repo["nameWithOwner"], key


def test_other_commands_are_refused_and_nothing_runs(
    ssh_forge: Forge, tmp_path: Path, signed_in: tuple[str, KeyPair]
) -> None:
    name, key = signed_in
    marker = tmp_path / "ran"
    cases = {
        "ls": ONLY_GIT,
        f"touch {marker}": ONLY_GIT,
        f"sh -c 'touch {marker}'": ONLY_GIT,
        f"git-upload-pack '{name}.git'; touch {marker}": (
            "Ingot: git-upload-pack takes exactly one argument, the repository path."
        ),
        f"git-upload-pack '{name}.git' && touch {marker}": (
            "Ingot: git-upload-pack takes exactly one argument, the repository path."
        ),
        f"git-upload-pack '/{name}.git' extra": (
            "Ingot: git-upload-pack takes exactly one argument, the repository path."
        ),
        "git-upload-pack '../x'": PATH_FORM,
        f"git-upload-pack '{name}/../../etc'": PATH_FORM,
        "git-receive-pack 'a/b/c.git'": PATH_FORM,
        "git-upload-pack --help": "Ingot: options are not accepted; give a repository path.",
        "git-upload-pack '--upload-pack=touch /tmp/x'": (
            "Ingot: options are not accepted; give a repository path."
        ),
        "git-upload-pack": "Ingot: git-upload-pack takes exactly one argument, the repository path.",
        f"git -c core.sshCommand=x upload-pack '{name}'": ONLY_GIT,
        f"git-upload-pack '{name}.git\n'": ONLY_GIT,
        f"git-shell -c \"git-upload-pack '{name}'\"": ONLY_GIT,
        "repos extra": ONLY_GIT,
        "info": ONLY_GIT,
    }
    for command, message in cases.items():
        result = ssh(ssh_forge, key, command)
        assert result.returncode == 1, (command, result)
        assert result.stdout == "", command
        assert result.stderr.strip() == message, (command, result.stderr)
    assert not marker.exists()


def test_shell_terminal_forwarding_and_subsystems_are_refused(
    ssh_forge: Forge, tmp_path: Path, signed_in: tuple[str, KeyPair]
) -> None:
    name, key = signed_in
    login = name.split("/")[0]
    shell = ssh(ssh_forge, key)
    assert shell.returncode == 1
    assert f"Ingot: you are signed in as {login}" in shell.stderr
    assert "there is no shell here" in shell.stderr
    pty = ssh(ssh_forge, key, "-tt", "info", name)
    # OpenSSH gives up once its forced terminal is refused; a client that went on would
    # hear "Ingot: no terminal here" and nothing would run either.
    assert pty.returncode != 0 and pty.stdout == ""
    assert "PTY allocation request failed" in pty.stderr or "no terminal here" in pty.stderr
    http_port = ssh_forge.url.rsplit(":", 1)[1]
    forwarded = ssh(ssh_forge, key, "-W", f"127.0.0.1:{http_port}")
    assert forwarded.returncode == 255 and "forwarding failed" in forwarded.stderr
    remote = ssh(ssh_forge, key, "-o", "ExitOnForwardFailure=yes", "-N", "-R", "0:127.0.0.1:1")
    assert remote.returncode == 255 and "forwarding failed" in remote.stderr.lower()
    local_port = str(_free_port())
    local = subprocess.Popen(
        [
            "ssh",
            *ssh_options(ssh_forge, key),
            "-N",
            "-L",
            f"{local_port}:127.0.0.1:{http_port}",
            "git@127.0.0.1",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        import httpx

        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{local_port}/health", timeout=5)
    finally:
        local.kill()
        local.wait(timeout=10)
    subsystem = ssh(ssh_forge, key, "-s", "sftp")
    assert subsystem.returncode != 0 and subsystem.stdout == ""
    agent = ssh(ssh_forge, key, "-A", "-o", "ForwardX11=yes", "info", name)
    assert agent.returncode == 0  # asked for, not granted: the command itself runs


def _free_port() -> int:
    from tests.conftest import free_port

    return free_port()


def _receive_pack(forge: Forge, key: KeyPair, name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["ssh", *ssh_options(forge, key), "git@127.0.0.1", f"git-receive-pack '{name}.git'"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _half_a_push(old: str) -> bytes:
    command = f"{old} {'1' * 40} refs/heads/main\0report-status\n".encode()
    body = f"{len(command) + 4:04x}".encode() + command + b"0000"
    return body + b"PACK\x00\x00\x00\x02\x00\x00\x00\x05" + os.urandom(256 * 1024)


def _nothing_left(forge: Forge, name: str) -> None:
    server, bare = forge.process.pid, str(repo_path(forge, name)).encode()
    deadline = time.monotonic() + 20
    while served_git(server, bare) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served_git(server, bare) == [], "receive-pack outlived the client"
    path = repo_path(forge, name)
    while locks.has_quarantine(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not locks.has_quarantine(path)
    fd = locks.try_lock(path, locks.WRITERS)  # exclusive: nobody holds the writers lock
    assert fd is not None
    locks.release(fd)


@pytest.mark.parametrize("how", ["disconnect", "stall"])
def test_a_push_cut_off_midway_leaves_no_lock_and_moves_nothing(
    ssh_forge: Forge, tmp_path: Path, how: str
) -> None:
    user = ssh_forge.new_user("cut")
    repo = ssh_forge.new_repo(user)
    name = repo["nameWithOwner"]
    key = make_key(tmp_path / "k")
    add_key(ssh_forge, user.token, key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    old = git.commit(work, "a.txt", "a\n")
    git_ssh(git, ssh_forge, key, "push", ssh_url(ssh_forge, name), "main", cwd=work)
    before = remote_refs(ssh_forge, name)
    client = _receive_pack(ssh_forge, key, name)
    assert client.stdin is not None
    client.stdin.write(_half_a_push(old))
    client.stdin.flush()
    try:
        if how == "disconnect":
            time.sleep(0.5)
            client.kill()
        else:
            # Sends nothing more and keeps the connection: the 5 s idle timeout cuts it.
            server, bare = ssh_forge.process.pid, str(repo_path(ssh_forge, name)).encode()
            deadline = time.monotonic() + 30
            while not served_git(server, bare) and time.monotonic() < deadline:
                time.sleep(0.05)
        _nothing_left(ssh_forge, name)
    finally:
        client.kill()
        client.wait(timeout=10)
        client.stdin.close()
    assert remote_refs(ssh_forge, name) == before
    newer = git.commit(work, "b.txt", "b\n")
    git_ssh(git, ssh_forge, key, "push", ssh_url(ssh_forge, name), "main", cwd=work)
    assert remote_refs(ssh_forge, name)["refs/heads/main"] == newer
