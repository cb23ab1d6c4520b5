"""git over SSH with the real OpenSSH client: clone, fetch and push, Kod's flat names,
deploy keys, anonymous reads, the HTTPS path's permissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs
from tests.ssh.keys import make_key
from tests.ssh.sshcli import add_deploy_key, add_key, git_ssh, ssh, ssh_url

NOT_FOUND = "fatal: Ingot: repository not found."
PUSHES = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) { sshUrl
  pushes(first: 10) { nodes { pusher { login } refUpdates { refName afterOid } } } } }"""
DELETE_KEY = "mutation($i: ID!) { deletePublicKey(input: {id: $i}) { deletedPublicKeyId } }"
COLLABORATE = """mutation($r: ID!, $l: String!) {
  addCollaborator(input: {repositoryId: $r, login: $l, permission: WRITE}) { __typename } }"""
PROTECT = """mutation($r: ID!) { createBranchProtectionRule(input: {repositoryId: $r,
  pattern: "main"}) { __typename } }"""


@pytest.mark.parametrize("protocol", ["0", "2"])
def test_user_can_push_clone_and_fetch_with_a_key(
    ssh_forge: Forge, tmp_path: Path, protocol: str
) -> None:
    user = ssh_forge.new_user("ssh")
    repo = ssh_forge.new_repo(user, private=True)
    name = repo["nameWithOwner"]
    key = make_key(tmp_path / "keys")
    add_key(ssh_forge, user.token, key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    first = git.commit(work, "a.txt", "a\n")
    proto = ["-c", f"protocol.version={protocol}"]
    git_ssh(
        git, ssh_forge, key, *proto, "push", ssh_url(ssh_forge, f"{name}.git"), "main", cwd=work
    )
    assert remote_refs(ssh_forge, name)["refs/heads/main"] == first

    clone = tmp_path / "clone"
    # scp-style, without .git (the port comes from GIT_SSH_COMMAND's -p).
    git_ssh(git, ssh_forge, key, *proto, "clone", "-q", f"git@127.0.0.1:{name}", str(clone))
    assert git.rev(clone, "HEAD") == first
    second = git.commit(work, "b.txt", "b\n")
    git_ssh(
        git, ssh_forge, key, *proto, "push", ssh_url(ssh_forge, f"{name}.git"), "main", cwd=work
    )
    git_ssh(git, ssh_forge, key, *proto, "fetch", "-q", "origin", cwd=clone)
    assert git.rev(clone, "origin/main") == second

    owner, repo_name = name.split("/")
    found = ssh_forge.gql(PUSHES, {"o": owner, "n": repo_name}, token=user.token)["repository"]
    port = ssh_forge.ssh_port  # type: ignore[attr-defined]
    assert found["sshUrl"] == f"ssh://git@127.0.0.1:{port}/{name}.git"
    pushes = found["pushes"]["nodes"]
    assert len(pushes) == 2 and {p["pusher"]["login"] for p in pushes} == {user.login}
    assert sorted(u["afterOid"] for p in pushes for u in p["refUpdates"]) == sorted([first, second])


def test_user_can_use_kod_flat_names(ssh_forge: Forge, tmp_path: Path) -> None:
    user = ssh_forge.new_user("kod")
    repo = ssh_forge.new_repo(user, private=True)
    name = repo["nameWithOwner"].split("/")[1]
    key = make_key(tmp_path / "keys")
    add_key(ssh_forge, user.token, key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    head = git.commit(work, "a.txt", "a\n")
    git_ssh(git, ssh_forge, key, "push", ssh_url(ssh_forge, f"{name}.git", "kod"), "main", cwd=work)
    assert remote_refs(ssh_forge, repo["nameWithOwner"])["refs/heads/main"] == head
    clone = tmp_path / "clone"
    git_ssh(
        git, ssh_forge, key, "clone", "-q", ssh_url(ssh_forge, f"{name}.git", "kod"), str(clone)
    )
    assert git.rev(clone, "HEAD") == head
    # Another user's key: the flat name is theirs to resolve, and they have no such repository.
    other = make_key(tmp_path / "keys")
    add_key(ssh_forge, ssh_forge.new_user("oth").token, other)
    refused = git_ssh(
        git, ssh_forge, other, "ls-remote", ssh_url(ssh_forge, f"{name}.git", "kod"), check=False
    )
    assert refused.returncode != 0 and NOT_FOUND in refused.stderr


def test_private_repository_is_not_found_like_a_missing_one(
    ssh_forge: Forge, tmp_path: Path
) -> None:
    owner, stranger = ssh_forge.new_user("pown"), ssh_forge.new_user("pstr")
    repo = ssh_forge.new_repo(owner, private=True)
    key = make_key(tmp_path / "keys")
    add_key(ssh_forge, stranger.token, key)
    git = Git(tmp_path / "home")
    answers = []
    for path in (repo["nameWithOwner"], f"{owner.login}/nothing-here"):
        result = git_ssh(
            git, ssh_forge, key, "ls-remote", ssh_url(ssh_forge, f"{path}.git"), check=False
        )
        assert result.returncode != 0
        answers.append([line for line in result.stderr.splitlines() if "Ingot" in line])
    assert answers[0] == answers[1] == [NOT_FOUND]


def test_collaborators_cannot_push_protected_branches_owners_can(
    ssh_forge: Forge, tmp_path: Path
) -> None:
    owner, member = ssh_forge.new_user("bown"), ssh_forge.new_user("bmem")
    repo = ssh_forge.new_repo(owner)
    name = repo["nameWithOwner"]
    ssh_forge.gql(COLLABORATE, {"r": repo["id"], "l": member.login}, token=owner.token)
    owner_key, member_key = make_key(tmp_path / "k"), make_key(tmp_path / "k")
    add_key(ssh_forge, owner.token, owner_key)
    add_key(ssh_forge, member.token, member_key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "a\n")
    url = ssh_url(ssh_forge, f"{name}.git")
    git_ssh(git, ssh_forge, member_key, "push", url, "main", cwd=work)
    ssh_forge.gql(PROTECT, {"r": repo["id"]}, token=owner.token)
    before = remote_refs(ssh_forge, name)
    newer = git.commit(work, "b.txt", "b\n")
    refused = git_ssh(git, ssh_forge, member_key, "push", url, "main", cwd=work, check=False)
    assert refused.returncode != 0
    assert "branch 'main' is protected" in refused.stderr
    assert remote_refs(ssh_forge, name) == before
    # Another branch is fine for the collaborator; main is fine for the owner.
    git_ssh(git, ssh_forge, member_key, "push", url, "main:topic", cwd=work)
    git_ssh(git, ssh_forge, owner_key, "push", url, "main", cwd=work)
    assert remote_refs(ssh_forge, name)["refs/heads/main"] == newer


def test_deploy_keys_reach_their_repository_only(ssh_forge: Forge, tmp_path: Path) -> None:
    owner = ssh_forge.new_user("dk")
    repo = ssh_forge.new_repo(owner, private=True)
    other_repo = ssh_forge.new_repo(owner, private=True)
    name = repo["nameWithOwner"]
    owner_key = make_key(tmp_path / "k")
    add_key(ssh_forge, owner.token, owner_key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    head = git.commit(work, "a.txt", "a\n")
    url = ssh_url(ssh_forge, f"{name}.git")
    git_ssh(git, ssh_forge, owner_key, "push", url, "main", cwd=work)
    git_ssh(
        git,
        ssh_forge,
        owner_key,
        "push",
        ssh_url(ssh_forge, other_repo["nameWithOwner"]),
        "main",
        cwd=work,
    )

    reader, writer = make_key(tmp_path / "k"), make_key(tmp_path / "k")
    add_deploy_key(ssh_forge, owner.token, repo["id"], reader, read_only=True)
    add_deploy_key(ssh_forge, owner.token, repo["id"], writer, read_only=False)
    clone = tmp_path / "clone"
    git_ssh(git, ssh_forge, reader, "clone", "-q", url, str(clone))
    assert git.rev(clone, "HEAD") == head
    newer = git.commit(work, "b.txt", "b\n")
    refused = git_ssh(git, ssh_forge, reader, "push", url, "main", cwd=work, check=False)
    assert refused.returncode != 0 and "fatal: Ingot: this deploy key is read-only." in (
        refused.stderr
    )
    assert remote_refs(ssh_forge, name)["refs/heads/main"] == head
    for key in (reader, writer):
        elsewhere = git_ssh(
            git,
            ssh_forge,
            key,
            "ls-remote",
            ssh_url(ssh_forge, other_repo["nameWithOwner"]),
            check=False,
        )
        assert elsewhere.returncode != 0 and NOT_FOUND in elsewhere.stderr
    git_ssh(git, ssh_forge, writer, "push", url, "main", cwd=work)
    assert remote_refs(ssh_forge, name)["refs/heads/main"] == newer
    # Kod's flat name is the deploy key's own repository.
    flat = ssh_url(ssh_forge, f"{name.split('/')[1]}.git", "kod")
    assert newer in git_ssh(git, ssh_forge, reader, "ls-remote", flat).stdout


def test_anonymous_reads_public_repositories_only_and_never_pushes(
    ssh_forge: Forge, tmp_path: Path
) -> None:
    owner = ssh_forge.new_user("an")
    public, private = ssh_forge.new_repo(owner), ssh_forge.new_repo(owner, private=True)
    key = make_key(tmp_path / "k")
    add_key(ssh_forge, owner.token, key)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    head = git.commit(work, "a.txt", "a\n")
    for repo in (public, private):
        git_ssh(
            git, ssh_forge, key, "push", ssh_url(ssh_forge, repo["nameWithOwner"]), "main", cwd=work
        )
    public_url = ssh_url(ssh_forge, f"{public['nameWithOwner']}.git", "anonymous")
    clone = tmp_path / "clone"
    git_ssh(git, ssh_forge, None, "clone", "-q", public_url, str(clone))
    assert git.rev(clone, "HEAD") == head
    flat = ssh_url(ssh_forge, f"{public['nameWithOwner'].split('/')[1]}.git", "anonymous")
    assert head in git_ssh(git, ssh_forge, None, "ls-remote", flat).stdout
    hidden = git_ssh(
        git,
        ssh_forge,
        None,
        "ls-remote",
        ssh_url(ssh_forge, private["nameWithOwner"], "anonymous"),
        check=False,
    )
    assert hidden.returncode != 0 and NOT_FOUND in hidden.stderr
    git.commit(work, "b.txt", "b\n")
    pushed = git_ssh(git, ssh_forge, None, "push", public_url, "main", cwd=work, check=False)
    assert pushed.returncode != 0 and "anonymous access is read-only" in pushed.stderr
    assert remote_refs(ssh_forge, public["nameWithOwner"])["refs/heads/main"] == head
    # Any other user name without a key is refused at sign-in.
    keyless = ssh(ssh_forge, None, "repos", user="git")
    assert keyless.returncode == 255 and "Permission denied" in keyless.stderr


def test_anonymous_cannot_read_when_anonymous_read_is_off(
    ssh_forge_closed: Forge, tmp_path: Path
) -> None:
    owner = ssh_forge_closed.new_user("off")
    public = ssh_forge_closed.new_repo(owner)
    git = Git(tmp_path / "home")
    url = ssh_url(ssh_forge_closed, f"{public['nameWithOwner']}.git", "anonymous")
    refused = git_ssh(git, ssh_forge_closed, None, "ls-remote", url, check=False)
    assert refused.returncode != 0 and "Permission denied" in refused.stderr


def test_removed_key_stops_working_on_the_next_connection(ssh_forge: Forge, tmp_path: Path) -> None:
    user = ssh_forge.new_user("rm")
    repo = ssh_forge.new_repo(user)
    key = make_key(tmp_path / "k")
    key_id = add_key(ssh_forge, user.token, key)
    assert ssh(ssh_forge, key, "info", repo["nameWithOwner"]).returncode == 0
    ssh_forge.gql(DELETE_KEY, {"i": key_id}, token=user.token)
    refused = ssh(ssh_forge, key, "info", repo["nameWithOwner"])
    assert refused.returncode == 255 and "Permission denied" in refused.stderr


def test_user_can_list_repos_and_info(ssh_forge: Forge, tmp_path: Path) -> None:
    user = ssh_forge.new_user("ri")
    repos = [ssh_forge.new_repo(user, name=f"{user.login}-{n}", private=n == "b") for n in "ab"]
    key = make_key(tmp_path / "k")
    add_key(ssh_forge, user.token, key)
    port = ssh_forge.ssh_port  # type: ignore[attr-defined]
    listed = ssh(ssh_forge, key, "repos", user="kod")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"{r['nameWithOwner']}\t{'private' if r['isPrivate'] else 'public'}\t"
        f"ssh://git@127.0.0.1:{port}/{r['nameWithOwner']}.git"
        for r in repos
    ]
    name = repos[1]["name"]
    info = ssh(ssh_forge, key, "info", name, user="kod")
    assert info.returncode == 0, info.stderr
    fields = dict(line.split(": ", 1) for line in info.stdout.splitlines())
    assert fields == {
        "name": name,
        "owner": user.login,
        "full_name": f"{user.login}/{name}",
        "visibility": "private",
        "description": "",
        "default_branch": "main",
        "ssh_url": f"ssh://git@127.0.0.1:{port}/{user.login}/{name}.git",
        "clone_url": f"{ssh_forge.url}/{user.login}/{name}.git",
        "kod_ssh_url": f"ssh://kod@127.0.0.1:{port}/{name}.git",
    }
    missing = ssh(ssh_forge, key, "info", "no-such-repo")
    assert missing.returncode == 1 and missing.stderr.strip() == NOT_FOUND
