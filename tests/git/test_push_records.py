"""Every accepted push is recorded with the refs it moved; the first push sets HEAD."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, repo_path, url

ZERO = "0" * 40
PUSHES = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  defaultBranch pushedAt
  pushes(first: 10) { totalCount nodes { id databaseId createdAt pusher { login }
    refUpdates { refName beforeOid afterOid } } } } }"""


def _pushes(forge: Forge, full_name: str, token: str | None) -> dict:
    owner, name = full_name.split("/")
    data = forge.gql(PUSHES, {"o": owner, "n": name}, token=token)
    return data["repository"]  # type: ignore[no-any-return]


def test_pushes_are_listed_newest_first_with_their_ref_updates(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user, private=True)
    name = repo["nameWithOwner"]
    remote = url(forge, name, user.token)
    work = git.init(tmp_path / "work")
    first = git.commit(work, "a.txt", "a\n")
    git.run("push", remote, "main", cwd=work)
    second = git.commit(work, "b.txt", "b\n")
    git.run("tag", "v1", cwd=work)
    git.run("push", remote, "main", "v1", "main:topic", cwd=work)
    git.run("push", remote, "--delete", "topic", cwd=work)
    git.run("push", remote, "main", cwd=work)  # up to date: moves nothing, records nothing
    listed = _pushes(forge, name, user.token)
    assert listed["pushedAt"] is not None
    pushes = listed["pushes"]
    assert pushes["totalCount"] == 3
    newest, middle, oldest = pushes["nodes"]
    assert all(p["pusher"] == {"login": user.login} for p in pushes["nodes"])
    assert oldest["refUpdates"] == [
        {"refName": "refs/heads/main", "beforeOid": ZERO, "afterOid": first}
    ]
    assert sorted((u["refName"], u["beforeOid"], u["afterOid"]) for u in middle["refUpdates"]) == [
        ("refs/heads/main", first, second),
        ("refs/heads/topic", ZERO, second),
        ("refs/tags/v1", ZERO, second),
    ]
    assert newest["refUpdates"] == [
        {"refName": "refs/heads/topic", "beforeOid": second, "afterOid": ZERO}
    ]
    node = forge.gql(
        "query($i: ID!) { node(id: $i) { ... on Push { databaseId } } }",
        {"i": newest["id"]},
        token=user.token,
    )
    assert node["node"] == {"databaseId": newest["databaseId"]}
    # A private repository's pushes are as hidden as the repository.
    assert forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { id } }",
        dict(zip(("o", "n"), name.split("/"), strict=True)),
    ) == {"repository": None}
    assert forge.gql("query($i: ID!) { node(id: $i) { id } }", {"i": newest["id"]}) == {
        "node": None
    }


def test_first_push_of_another_branch_becomes_the_default(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    work = git.init(tmp_path / "work", branch="trunk")
    git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, name, user.token), "trunk", "trunk:feature", cwd=work)
    assert _pushes(forge, name, user.token)["defaultBranch"] == "trunk"
    head = (repo_path(forge, name) / "HEAD").read_text().strip()
    assert head == "ref: refs/heads/trunk"
    clone = tmp_path / "clone"
    git.run("clone", url(forge, name), str(clone))
    assert git.run("branch", "--show-current", cwd=clone).stdout.strip() == "trunk"

    other = forge.new_repo(user)
    git.run(
        "push",
        url(forge, other["nameWithOwner"], user.token),
        "trunk:zeta",
        "trunk:master",
        cwd=work,
    )
    assert _pushes(forge, other["nameWithOwner"], user.token)["defaultBranch"] == "master"
    assert set(remote_refs(forge, other["nameWithOwner"])) == {
        "refs/heads/zeta",
        "refs/heads/master",
    }
    # Only a first push moves HEAD: later pushes leave a dangling HEAD alone.
    other_url = url(forge, other["nameWithOwner"], user.token)
    forge.gql(
        'mutation($r: ID!) { updateRepository(input: {repositoryId: $r, defaultBranch: "ghost"}) '
        "{ repository { defaultBranch } } }",
        {"r": other["id"]},
        token=user.token,
    )
    git.run("push", other_url, "trunk:later", cwd=work)
    assert _pushes(forge, other["nameWithOwner"], user.token)["defaultBranch"] == "ghost"
