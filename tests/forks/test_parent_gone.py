"""A fork stays whole when its parent is renamed, repacked or deleted."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge, unique
from tests.forks.helpers import FORK, api, bare, fsck, maintain, packs, pushed_parent, show
from tests.git.gitcli import Git, url

RENAME = """mutation($i: UpdateRepositoryInput!) { updateRepository(input: $i) {
  repository { nameWithOwner } } }"""


def test_fork_survives_rename_force_push_and_deletion_of_its_parent(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    owner, forker = forge.new_user("do"), forge.new_user("df")
    parent = pushed_parent(forge, git, owner, tmp_path)
    fork = forge.gql(FORK, {"i": {"repositoryId": parent.id}}, token=forker.token)[
        "forkRepository"
    ]["repository"]
    fork_path = bare(forge, fork["nameWithOwner"])
    # Renaming the parent moves its directory: the fork's alternates follow.
    renamed = forge.gql(
        RENAME, {"i": {"repositoryId": parent.id, "name": unique("moved")}}, token=owner.token
    )["updateRepository"]["repository"]["nameWithOwner"]
    alternates = (fork_path / "objects" / "info" / "alternates").read_text().strip()
    assert (fork_path / "objects" / alternates).resolve() == bare(forge, renamed) / "objects"
    assert fsck(fork_path).returncode == 0
    # The parent's maintenance packs everything; the parent drops 'feature' (only the
    # fork still reaches it) and is maintained again: nothing a fork borrows may go.
    maintain(forge, parent.database_id)
    git.run("push", "-q", url(forge, renamed, owner.token), ":feature", cwd=parent.work)
    parent_path = bare(forge, renamed)
    maintain(forge, parent.database_id)
    assert not list((parent_path / "objects").glob("??/*"))  # no loose copies left
    assert fsck(fork_path).returncode == 0
    # The fork's owner pushes; then the parent is deleted.
    clone = tmp_path / "clone"
    git.run("clone", "-q", url(forge, fork["nameWithOwner"], forker.token), str(clone))
    own = git.commit(clone, "d.txt", "dee\n", "Fork's own")
    git.run("push", "-q", "origin", "main", cwd=clone)
    with api(forge, owner.token) as client:
        assert client.delete(f"/repos/{renamed}").status_code == 204
    assert not parent_path.exists()
    assert not (fork_path / "objects" / "info" / "alternates").exists()
    assert len(packs(fork_path)) == 1
    checked = fsck(fork_path)
    assert checked.returncode == 0, checked.stderr
    again = tmp_path / "again"
    git.run("clone", "-q", url(forge, fork["nameWithOwner"], forker.token), str(again))
    assert git.rev(again, "HEAD") == own
    assert git.rev(again, "origin/feature") == parent.feature
    assert git.rev(again, "v1") == parent.main
    # A fork of nothing: no parent, not a fork, as Gitea's become.
    seen = show(forge, fork["nameWithOwner"], forker.token)
    assert seen is not None and seen["isFork"] is False and seen["parent"] is None
    with api(forge, forker.token) as client:
        shown = client.get(f"/repos/{fork['nameWithOwner']}").json()
        assert shown["fork"] is False and shown["parent"] is None


def test_deleting_a_fork_counts_one_fork_less(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    owner, forker = forge.new_user("co"), forge.new_user("cf")
    parent = pushed_parent(forge, git, owner, tmp_path)
    with api(forge, forker.token) as client:
        fork = client.post(f"/repos/{parent.full_name}/forks", json={}).json()
        assert client.get(f"/repos/{parent.full_name}").json()["forks_count"] == 1
        assert client.delete(f"/repos/{fork['full_name']}").status_code == 204
        assert client.get(f"/repos/{parent.full_name}").json()["forks_count"] == 0
        assert client.get(f"/repos/{parent.full_name}/forks").json() == []
    assert fsck(bare(forge, parent.full_name)).returncode == 0
