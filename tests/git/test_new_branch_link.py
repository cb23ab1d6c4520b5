"""A push that creates a branch prints where to open a pull request (git's ``remote:`` lines)."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git, url


def test_pusher_sees_the_pull_request_link_for_a_new_branch(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    remote = url(forge, name, user.token)
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "a\n")
    first = git.run("push", remote, "main", cwd=work)
    assert "Create a pull request" not in first.stderr  # the default branch gets none

    git.run("tag", "v1", cwd=work)
    pushed = git.run("push", remote, "main:feature/x", "main:odd#name", "v1", cwd=work)
    new_pull = f"{forge.url}/{name}/pulls/new"
    # git pads sideband lines with spaces (to clear its progress line).
    lines = [line.rstrip() for line in pushed.stderr.splitlines()]
    at = lines.index("remote: Create a pull request for 'feature/x' by visiting:")
    assert lines[at - 1 : at + 3] == [
        "remote:",
        "remote: Create a pull request for 'feature/x' by visiting:",
        f"remote:      {new_pull}?head=feature/x",
        "remote:",
    ]
    # A name a URL would need escaped gets the page without the branch filled in.
    at = lines.index("remote: Create a pull request for 'odd#name' by visiting:")
    assert lines[at + 1] == f"remote:      {new_pull}"
    assert "'v1'" not in pushed.stderr  # tags get no link

    # Moving an existing branch prints nothing; the push was recorded as usual.
    git.commit(work, "b.txt", "b\n")
    moved = git.run("push", remote, "main:feature/x", cwd=work)
    assert "Create a pull request" not in moved.stderr
    refs = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { refs(refPrefix: "
        '"refs/heads/") { nodes { name } } pushes(first: 5) { totalCount } } }',
        {"o": name.split("/")[0], "n": name.split("/")[1]},
        token=user.token,
    )["repository"]
    assert {n["name"] for n in refs["refs"]["nodes"]} == {"main", "feature/x", "odd#name"}
    assert refs["pushes"]["totalCount"] == 3
