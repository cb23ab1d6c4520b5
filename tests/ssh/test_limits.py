"""SSH sign-ins that fail draw on the address's HTTP budget; keys record their last use;
``git archive --remote`` works over SSH for readers."""

from __future__ import annotations

import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port, start_server
from tests.forge import Forge
from tests.git.gitcli import Git
from tests.ssh.keys import make_key
from tests.ssh.sshcli import add_key, git_env, git_ssh, ssh, ssh_url

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
