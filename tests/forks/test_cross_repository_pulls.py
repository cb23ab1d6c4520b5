"""Pull requests from a fork into its parent: opened, kept in step with pushes, merged."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.forks.helpers import FORK, api, bare, fsck, pushed_parent
from tests.git.gitcli import Git, remote_refs, url

OPEN = """mutation($i: CreatePullRequestInput!) { createPullRequest(input: $i) { pullRequest {
  id number state isCrossRepository headRefName baseRefName headRefOid mergeable
  headRepository { nameWithOwner } headRepositoryOwner { login } } } }"""

SHOW = """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
  pullRequest(number: $num) { state headRefOid mergeable isCrossRepository
    headRepository { nameWithOwner } headRepositoryOwner { login }
    commits { totalCount } changedFiles } } }"""

MERGE = """mutation($i: MergePullRequestInput!) { mergePullRequest(input: $i) {
  pullRequest { state mergeCommitOid } } }"""


def test_fork_pull_request_is_opened_synchronized_and_merged(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    owner, forker = forge.new_user("xo"), forge.new_user("xf")
    parent = pushed_parent(forge, git, owner, tmp_path)
    fork = forge.gql(FORK, {"i": {"repositoryId": parent.id}}, token=forker.token)[
        "forkRepository"
    ]["repository"]
    clone = tmp_path / "clone"
    git.run("clone", "-q", url(forge, fork["nameWithOwner"], forker.token), str(clone))
    git.run("checkout", "-q", "-b", "topic", cwd=clone)
    first = git.commit(clone, "t.txt", "topic\n", "Topic")
    git.run("push", "-q", "origin", "topic", cwd=clone)
    opened = forge.gql(
        OPEN,
        {
            "i": {
                "repositoryId": parent.id,
                "headRepositoryId": fork["id"],
                "headRefName": "topic",
                "baseRefName": "main",
                "title": "From the fork",
            }
        },
        token=forker.token,
    )["createPullRequest"]["pullRequest"]
    assert opened["state"] == "OPEN" and opened["isCrossRepository"] is True
    assert opened["headRefName"] == "topic" and opened["baseRefName"] == "main"
    assert opened["headRefOid"] == first and opened["mergeable"] == "MERGEABLE"
    assert opened["headRepository"] == {"nameWithOwner": fork["nameWithOwner"]}
    assert opened["headRepositoryOwner"] == {"login": forker.login}
    number = opened["number"]
    assert remote_refs(forge, parent.full_name)[f"refs/pull/{number}/head"] == first
    # Opening the same again is a conflict; a repository that is no fork is refused.
    again = forge.gql_error(
        OPEN,
        {
            "i": {
                "repositoryId": parent.id,
                "headRepositoryId": fork["id"],
                "headRefName": "topic",
                "baseRefName": "main",
                "title": "Again",
            }
        },
        token=forker.token,
    )
    assert again.codes == ["CONFLICT"]
    stranger = forge.new_repo(forker)
    unrelated = forge.gql_error(
        OPEN,
        {
            "i": {
                "repositoryId": parent.id,
                "headRepositoryId": stranger["id"],
                "headRefName": "topic",
                "baseRefName": "main",
                "title": "Unrelated",
            }
        },
        token=forker.token,
    )
    assert unrelated.codes == ["BAD_USER_INPUT"]
    # A push to the fork's branch moves the pull request's head.
    second = git.commit(clone, "u.txt", "more\n", "More topic")
    git.run("push", "-q", "origin", "topic", cwd=clone)
    owner_name, name = parent.full_name.split("/")
    shown = forge.gql(SHOW, {"o": owner_name, "n": name, "num": number}, token=owner.token)
    pull = shown["repository"]["pullRequest"]
    assert pull["headRefOid"] == second and pull["mergeable"] == "MERGEABLE"
    assert pull["commits"]["totalCount"] == 2 and pull["changedFiles"] == 2
    assert remote_refs(forge, parent.full_name)[f"refs/pull/{number}/head"] == second
    # Nobody pushes to refs/pull/: the forge keeps them.
    refused = git.run(
        "push",
        "-q",
        url(forge, parent.full_name, owner.token),
        "HEAD:refs/pull/99/head",
        cwd=clone,
        check=False,
    )
    assert refused.returncode != 0
    # GitHub's and Gitea's 'owner:branch' names the fork by its owner.
    git.run("push", "-q", "origin", "topic:other", cwd=clone)
    named = {"repositoryId": parent.id, "baseRefName": "main", "title": "Named"}
    by_owner = forge.gql(
        OPEN, {"i": {**named, "headRefName": f"{forker.login}:other"}}, token=forker.token
    )["createPullRequest"]["pullRequest"]
    assert by_owner["isCrossRepository"] is True and by_owner["headRefName"] == "other"
    assert by_owner["headRepository"] == {"nameWithOwner": fork["nameWithOwner"]}
    assert by_owner["headRefOid"] == second
    nobody = forge.gql_error(
        OPEN, {"i": {**named, "headRefName": "nobody-here:other"}}, token=forker.token
    )
    assert nobody.codes == ["NOT_FOUND"]
    # The parent's owner merges it: the same atomic ref update as any merge.
    merged = forge.gql(
        MERGE, {"i": {"pullRequestId": opened["id"], "mergeMethod": "MERGE"}}, token=owner.token
    )["mergePullRequest"]["pullRequest"]
    assert merged["state"] == "MERGED"
    work = tmp_path / "parent"
    git.run("clone", "-q", url(forge, parent.full_name, owner.token), str(work))
    assert git.rev(work, "HEAD") == merged["mergeCommitOid"]
    assert git.rev(work, "HEAD^2") == second and git.rev(work, "HEAD^1") == parent.main
    assert (work / "u.txt").read_text() == "more\n"
    assert fsck(bare(forge, parent.full_name)).returncode == 0
    # The fork's deletion leaves the pull request readable, its head repository gone.
    with api(forge, forker.token) as client:
        assert client.delete(f"/repos/{fork['nameWithOwner']}").status_code == 204
    after = forge.gql(SHOW, {"o": owner_name, "n": name, "num": number}, token=owner.token)
    gone = after["repository"]["pullRequest"]
    assert gone["isCrossRepository"] is True and gone["headRepository"] is None
    assert gone["headRepositoryOwner"] is None and gone["state"] == "MERGED"


def test_private_fork_head_is_hidden_from_readers_of_the_base(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    owner, forker = forge.new_user("yo"), forge.new_user("yf")
    parent = pushed_parent(forge, git, owner, tmp_path, private=True)
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { __typename } }",
        {"i": {"repositoryId": parent.id, "login": forker.login, "permission": "READ"}},
        token=owner.token,
    )
    fork = forge.gql(FORK, {"i": {"repositoryId": parent.id}}, token=forker.token)[
        "forkRepository"
    ]["repository"]
    opened = forge.gql(
        OPEN,
        {
            "i": {
                "repositoryId": parent.id,
                "headRepositoryId": fork["id"],
                "headRefName": "feature",
                "baseRefName": "main",
                "title": "Feature from the fork",
            }
        },
        token=forker.token,
    )["createPullRequest"]["pullRequest"]
    assert opened["headRefOid"] == parent.feature
    owner_name, name = parent.full_name.split("/")
    # The parent's owner reads the pull request but not the private fork it comes from.
    pull = forge.gql(
        SHOW, {"o": owner_name, "n": name, "num": opened["number"]}, token=owner.token
    )["repository"]["pullRequest"]
    assert pull["isCrossRepository"] is True and pull["headRepository"] is None
    outsider = forge.new_user("yx")
    hidden = forge.gql(
        SHOW, {"o": owner_name, "n": name, "num": opened["number"]}, token=outsider.token
    )
    assert hidden["repository"] is None
