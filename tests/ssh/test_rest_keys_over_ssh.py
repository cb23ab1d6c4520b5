"""Keys added and removed through Kod's and Gogs' REST routes are the keys git over SSH takes.

The real OpenSSH client and git, against a server with SSH on a free port: the
URL git clones with is the one Gogs answers in ``ssh_url``; Kod's flat URL
works with a key added at ``POST /kod/keys`` and stops with ``DELETE``; a Gogs
deploy key is read-only unless ``read_only`` is false.
"""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs
from tests.rest.rest import client
from tests.rest.test_kod_conformance import kod
from tests.ssh.keys import make_key
from tests.ssh.sshcli import git_ssh, ssh_url

WRITER = ["repo:read", "repo:write"]


def test_key_added_through_kod_pushes_to_the_flat_url_until_removed(
    ssh_forge: Forge, tmp_path: Path
) -> None:
    user = ssh_forge.new_user("rko")
    token = ssh_forge.token_for(user, WRITER)
    key = make_key(tmp_path / "keys")
    with kod(ssh_forge, token) as api:
        assert api.post("/repos", json={"name": "flat"}).status_code == 201
        added = api.post("/keys", json={"publicKey": key.public_text, "name": "laptop"})
        assert added.status_code == 201, added.text
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    head = git.commit(work, "a.txt", "a\n")
    flat = ssh_url(ssh_forge, "flat.git", user="kod")
    git_ssh(git, ssh_forge, key, "push", flat, "main", cwd=work)
    assert remote_refs(ssh_forge, f"{user.login}/flat")["refs/heads/main"] == head
    with kod(ssh_forge, token) as api:
        assert api.delete(f"/keys/{added.json()['id']}").status_code == 204
    refused = git_ssh(git, ssh_forge, key, "ls-remote", flat, cwd=work, check=False)
    assert refused.returncode != 0


def test_gogs_ssh_url_clones_and_gogs_deploy_keys_are_read_only_unless_asked(
    ssh_forge: Forge, tmp_path: Path
) -> None:
    owner = ssh_forge.new_user("rgo")
    full = ssh_forge.new_repo(owner, private=True)["nameWithOwner"]
    account, reader, writer = (make_key(tmp_path / "keys") for _ in range(3))
    with client(ssh_forge, token=owner.token) as api:
        made = api.post("/user/keys", json={"title": "laptop", "key": account.public_text})
        assert made.status_code == 201, made.text
        ssh_clone_url = api.get(f"/repos/{full}").json()["ssh_url"]
        for pair, body in ((reader, {}), (writer, {"read_only": False})):
            added = api.post(
                f"/repos/{full}/keys", json={"title": "d", "key": pair.public_text, **body}
            )
            assert added.status_code == 201, added.text
    port = ssh_forge.ssh_port  # type: ignore[attr-defined]
    assert ssh_clone_url == f"ssh://git@127.0.0.1:{port}/{full}.git"
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    first = git.commit(work, "a.txt", "a\n")
    git_ssh(git, ssh_forge, account, "push", ssh_clone_url, "main", cwd=work)
    clone = tmp_path / "clone"
    git_ssh(git, ssh_forge, reader, "clone", "-q", ssh_clone_url, str(clone))
    assert git.rev(clone, "HEAD") == first
    second = git.commit(clone, "b.txt", "b\n")
    push = git_ssh(git, ssh_forge, reader, "push", "origin", "main", cwd=clone, check=False)
    assert push.returncode != 0
    assert remote_refs(ssh_forge, full)["refs/heads/main"] == first
    git_ssh(git, ssh_forge, writer, "push", "origin", "main", cwd=clone)
    assert remote_refs(ssh_forge, full)["refs/heads/main"] == second
