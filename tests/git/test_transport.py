"""Clone, push, fetch over smart HTTP with the real git client."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, url


def _seed(forge: Forge, tmp_path: Path, private: bool = False) -> tuple[Git, dict, str, Path]:
    """A repository with one pushed commit on main; returns git, repo, token, work tree."""
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user, private=private)
    work = git.init(tmp_path / "work")
    git.commit(work, "README.md", "hello\n")
    git.run("push", url(forge, repo["nameWithOwner"], user.token), "main", cwd=work)
    return git, repo, user.token, work


def test_owner_can_clone_empty_push_and_clone_again(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    remote = url(forge, repo["nameWithOwner"], user.token)
    empty = git.run("clone", remote, str(tmp_path / "empty"))
    assert "empty repository" in empty.stderr
    work = tmp_path / "empty"
    first = git.commit(work, "a.txt", "one\n")
    pushed = git.run("push", "origin", "main", cwd=work)
    assert "main -> main" in pushed.stderr
    assert remote_refs(forge, repo["nameWithOwner"])["refs/heads/main"] == first
    git.run("clone", remote, str(tmp_path / "again"))
    assert (tmp_path / "again" / "a.txt").read_text() == "one\n"
    assert git.rev(tmp_path / "again", "HEAD") == first


def test_anyone_can_clone_and_fetch_a_public_repository(forge: Forge, tmp_path: Path) -> None:
    git, repo, token, work = _seed(forge, tmp_path)
    anon = url(forge, repo["nameWithOwner"])
    clone = tmp_path / "anon"
    git.run("clone", anon, str(clone))
    second = git.commit(work, "b.txt", "two\n")
    git.run("push", url(forge, repo["nameWithOwner"], token), "main", cwd=work)
    git.run("fetch", "origin", cwd=clone)
    assert git.rev(clone, "origin/main") == second
    # Without the .git suffix too.
    git.run("ls-remote", anon.removesuffix(".git"))


def test_shallow_and_partial_clones(forge: Forge, tmp_path: Path) -> None:
    git, repo, token, work = _seed(forge, tmp_path)
    for i in range(3):
        git.commit(work, f"f{i}.txt", f"{i}\n")
    git.run("push", url(forge, repo["nameWithOwner"], token), "main", cwd=work)
    anon = url(forge, repo["nameWithOwner"])
    shallow = tmp_path / "shallow"
    git.run("clone", "--depth", "1", anon, str(shallow))
    assert git.run("rev-list", "--count", "HEAD", cwd=shallow).stdout.strip() == "1"
    assert (shallow / ".git" / "shallow").exists()
    partial = tmp_path / "partial"
    git.run("clone", "--filter=blob:none", "--no-checkout", anon, str(partial))
    assert git.run("config", "remote.origin.partialclonefilter", cwd=partial).stdout.strip() == (
        "blob:none"
    )
    missing = git.run("rev-list", "--objects", "--missing=print", "HEAD", cwd=partial).stdout
    assert any(line.startswith("?") for line in missing.splitlines())
    git.run("checkout", "main", cwd=partial)  # fetches the blobs on demand
    assert (partial / "f2.txt").read_text() == "2\n"


def test_protocol_v2_and_v0(forge: Forge, tmp_path: Path) -> None:
    git, repo, _, work = _seed(forge, tmp_path)
    anon = url(forge, repo["nameWithOwner"])
    for version in ("2", "0"):
        target = tmp_path / f"v{version}"
        git.run("-c", f"protocol.version={version}", "clone", anon, str(target))
        assert git.rev(target, "HEAD") == git.rev(work, "HEAD")
    traced = {"GIT_TRACE_PACKET": "1"}
    v2 = git.run("-c", "protocol.version=2", "ls-remote", anon, env=traced)
    assert "refs/heads/main" in v2.stdout and "< version 2" in v2.stderr
    v0 = git.run("-c", "protocol.version=0", "ls-remote", anon, env=traced)
    assert "refs/heads/main" in v0.stdout and "< version 2" not in v0.stderr


def test_tags_branch_deletion_and_force_push(forge: Forge, tmp_path: Path) -> None:
    git, repo, token, work = _seed(forge, tmp_path)
    remote = url(forge, repo["nameWithOwner"], token)
    name = repo["nameWithOwner"]
    git.run("tag", "-a", "v1", "-m", "release", cwd=work)
    git.run("push", remote, "v1", cwd=work)
    assert "refs/tags/v1" in remote_refs(forge, name)
    git.run("push", remote, "main:topic", cwd=work)
    assert "refs/heads/topic" in remote_refs(forge, name)
    git.run("push", remote, "--delete", "topic", cwd=work)
    assert "refs/heads/topic" not in remote_refs(forge, name)
    before = remote_refs(forge, name)["refs/heads/main"]
    git.run("commit", "--amend", "-q", "-m", "rewritten", cwd=work)
    refused = git.run("push", remote, "main", cwd=work, check=False)
    assert refused.returncode != 0 and remote_refs(forge, name)["refs/heads/main"] == before
    git.run("push", "--force", remote, "main", cwd=work)
    assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD") != before
