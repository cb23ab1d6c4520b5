"""Forks borrow objects through alternates: the parent's maintenance keeps what they need,
and detaching copies what they borrow (app.git.alternates, app.git.mirror)."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pygit2

from app.git import alternates, mirror, storage


def _git(path: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "--git-dir", str(path), *args],
        capture_output=True,
        text=True,
        check=False,
        env=mirror.isolated_env(home),
    )


def _commit(path: Path, branch: str, name: str, text: str) -> str:
    repo = pygit2.Repository(str(path))
    ref = repo.references.get(f"refs/heads/{branch}")
    parents = [ref.target] if ref is not None else []
    builder = (
        repo.TreeBuilder(repo.get(parents[0]).peel(pygit2.Tree))
        if parents
        else (repo.TreeBuilder())
    )
    builder.insert(name, repo.create_blob(text.encode()), pygit2.enums.FileMode.BLOB)
    who = pygit2.Signature("T", "t@example.com", 1_700_000_000, 0)
    return str(repo.create_commit(f"refs/heads/{branch}", who, who, name, builder.write(), parents))


def _parent_and_fork(tmp_path: Path) -> tuple[Path, Path, str]:
    parent, fork = tmp_path / "o" / "p.git", tmp_path / "f" / "p.git"
    storage.init_bare(parent, "main")
    _commit(parent, "main", "a.txt", "a")
    _commit(parent, "side", "a.txt", "a")
    side = _commit(parent, "side", "b.txt", "only on side")
    storage.init_bare(fork, "main")
    alternates.link(fork, parent)
    alternates.copy_refs(parent, fork)
    return parent, fork, side


def _maintain(path: Path, home: Path, *, has_forks: bool) -> None:
    mirror.maintain(
        path,
        env=mirror.isolated_env(home),
        timeout=60,
        cancel=threading.Event(),
        has_forks=has_forks,
    )


def test_fork_borrows_with_a_relative_path_and_copies_no_pack(tmp_path: Path) -> None:
    parent, fork, side = _parent_and_fork(tmp_path)
    written = (fork / "objects" / "info" / "alternates").read_text().strip()
    assert not os.path.isabs(written)
    assert (fork / "objects" / written).resolve() == (parent / "objects").resolve()
    assert list((fork / "objects" / "pack").glob("*.pack")) == []
    assert str(pygit2.Repository(str(fork)).references["refs/heads/side"].target) == side
    # The fork's own maintenance keeps borrowing (-l): still no copy of the parent's objects.
    _maintain(fork, tmp_path / "home", has_forks=False)
    assert _git(fork, "count-objects", "-v", home=tmp_path / "home").stdout.count("in-pack: 0") == 1
    assert _git(fork, "fsck", "--full", home=tmp_path / "home").returncode == 0


def test_parent_with_forks_keeps_what_only_a_fork_reaches(tmp_path: Path) -> None:
    home = tmp_path / "home"
    parent, fork, _ = _parent_and_fork(tmp_path)
    # Packed, as a push of any size leaves them after maintenance; no loose copies.
    _maintain(parent, home, has_forks=False)
    pygit2.Repository(str(parent)).references.delete("refs/heads/side")
    _maintain(parent, home, has_forks=True)
    assert _git(fork, "fsck", "--full", home=home).returncode == 0
    # Without the rule, the same repack loses the fork's branch: the rule is needed.
    _maintain(parent, home, has_forks=False)
    assert _git(fork, "fsck", "--full", home=home).returncode != 0


def test_detaching_copies_what_the_fork_borrows(tmp_path: Path) -> None:
    home = tmp_path / "home"
    parent, fork, side = _parent_and_fork(tmp_path)
    alternates.detach(fork, mirror.isolated_env(home))
    assert not alternates.is_linked(fork)
    storage.remove(parent)
    assert _git(fork, "fsck", "--full", home=home).returncode == 0
    assert _git(fork, "rev-parse", "side^{tree}", home=home).returncode == 0
    assert str(pygit2.Repository(str(fork)).references["refs/heads/side"].target) == side


def test_relinking_after_a_move_points_at_the_new_place(tmp_path: Path) -> None:
    home = tmp_path / "home"
    parent, fork, _ = _parent_and_fork(tmp_path)
    moved = tmp_path / "o" / "renamed.git"
    storage.move(parent, moved)
    assert _git(fork, "fsck", "--full", home=home).returncode != 0
    alternates.link(fork, moved)
    assert _git(fork, "fsck", "--full", home=home).returncode == 0
