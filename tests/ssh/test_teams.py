"""Team access over SSH: a private organization repository a user reaches only through a
team clones with their key, pushes only with a write team, and is refused once they leave
the team; a disabled account's key opens nothing."""

from __future__ import annotations

from pathlib import Path

from tests.collaboration.people import new_org
from tests.forge import Forge, unique
from tests.git.gitcli import Git, remote_refs, url
from tests.ssh.keys import make_key
from tests.ssh.sshcli import add_key, git_ssh, ssh_url

NOT_FOUND = "fatal: Ingot: repository not found."
CREATE_TEAM = """mutation($o: ID!, $n: String!, $p: RepositoryPermission!) {
  createTeam(input: {organizationId: $o, name: $n, permission: $p}) { team { id } } }"""
MEMBER = """mutation($t: ID!, $l: String!) { addTeamMember(input: {teamId: $t, login: $l}) {
  __typename } }"""
UNMEMBER = """mutation($t: ID!, $l: String!) { removeTeamMember(input: {teamId: $t, login: $l}) {
  __typename } }"""
ADD_REPO = """mutation($t: ID!, $r: ID!) { addTeamRepository(input: {teamId: $t,
  repositoryId: $r}) { __typename } }"""
DISABLE = """mutation($l: String!, $a: Boolean!) { updateUser(input: {login: $l, isActive: $a}) {
  __typename } }"""


def test_team_access_over_ssh(ssh_forge: Forge, tmp_path: Path) -> None:
    forge = ssh_forge
    owner = forge.new_user("tso")
    org = new_org(forge, owner)
    repo = forge.new_repo(owner, private=True, owner_id=org["id"], name=unique("t"))
    name = repo["nameWithOwner"]
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    head = git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, name, owner.token), "main", cwd=work)
    member = forge.new_user("tsm")
    key = make_key(tmp_path / "keys")
    add_key(forge, member.token, key)
    remote = ssh_url(forge, f"{name}.git")
    before = git_ssh(git, forge, key, "ls-remote", remote, check=False)
    assert before.returncode != 0 and NOT_FOUND in before.stderr
    team = forge.gql(
        CREATE_TEAM, {"o": org["id"], "n": unique("r"), "p": "READ"}, token=owner.token
    )["createTeam"]["team"]["id"]
    forge.gql(MEMBER, {"t": team, "l": member.login}, token=owner.token)
    forge.gql(ADD_REPO, {"t": team, "r": repo["id"]}, token=owner.token)
    clone = tmp_path / "clone"
    git_ssh(git, forge, key, "clone", "-q", remote, str(clone))
    assert git.rev(clone, "HEAD") == head
    git.commit(clone, "b.txt", "b\n")
    refused = git_ssh(git, forge, key, "push", remote, "main", cwd=clone, check=False)
    assert refused.returncode != 0
    assert remote_refs(forge, name)["refs/heads/main"] == head
    # Disabled, the member's key opens nothing; enabled again, it works.
    forge.gql(DISABLE, {"l": member.login, "a": False}, token=forge.admin.token)
    disabled = git_ssh(git, forge, key, "ls-remote", remote, check=False)
    assert disabled.returncode != 0
    forge.gql(DISABLE, {"l": member.login, "a": True}, token=forge.admin.token)
    assert git_ssh(git, forge, key, "ls-remote", remote).stdout.strip()
    # Leaving the team: the repository is gone for them.
    forge.gql(UNMEMBER, {"t": team, "l": member.login}, token=owner.token)
    after = git_ssh(git, forge, key, "ls-remote", remote, check=False)
    assert after.returncode != 0 and NOT_FOUND in after.stderr
