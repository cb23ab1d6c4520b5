"""Committing files without a work tree (``app/git/commit_files.py``): paths and trees."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest
from pygit2.enums import FileMode

from app.git import commit_files
from app.git.commit_files import ZERO, FileChangeRefused, RefMoved
from app.git.signature import Signature

WHO = Signature("Ada", "ada@example.com")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/etc/passwd",
        "a/../b",
        "./a",
        "a//b",
        "a/",
        ".git/config",
        "x/.GIT/hooks",
        ".git./x",
        "git~1/x",
        ".g\u200cit/x",
        "a\x01b",
        "a\\b",
        "x" * 300,
    ],
)
def test_paths_git_would_refuse_are_refused(path: str) -> None:
    assert commit_files.path_problem(path) is not None


@pytest.mark.parametrize("path", ["README.md", "a/b/c.txt", ".github/x.yml", "naïve café.txt"])
def test_ordinary_paths_pass(path: str) -> None:
    assert commit_files.path_problem(path) is None


def _repo(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "r.git"
    repo = pygit2.init_repository(str(path), bare=True)
    link = repo.create_blob(b"/etc")
    text = repo.create_blob(b"text\n")
    tool = repo.create_blob(b"#!/bin/sh\n")
    builder = repo.TreeBuilder()
    builder.insert("link", link, FileMode.LINK)
    builder.insert("file", text, FileMode.BLOB)
    builder.insert("tool", tool, FileMode.BLOB_EXECUTABLE)
    sig = pygit2.Signature("A", "a@example.com", 1_700_000_000, 0)
    oid = repo.create_commit("refs/heads/main", sig, sig, "first", builder.write(), [])
    return path, str(oid)


def test_a_path_may_not_pass_through_a_symlink_or_file(tmp_path: Path) -> None:
    path, tip = _repo(tmp_path)
    for target in ("link/passwd", "file/x"):
        with pytest.raises(FileChangeRefused):
            commit_files.commit_files(path, "main", tip, [(target, b"x")], [], "m", WHO, WHO)
    assert commit_files.entry_at(pygit2.Repository(str(path)), tip, "file") is not None


def test_changes_keep_modes_and_move_the_branch_atomically(tmp_path: Path) -> None:
    path, tip = _repo(tmp_path)
    done = commit_files.commit_files(
        path, "main", tip, [("tool", b"#!/bin/bash\n"), ("d/e.txt", b"e")], ["file"], "m", WHO, WHO
    )
    assert done.old_oid == tip
    repo = pygit2.Repository(str(path))
    tree = repo[done.new_oid].peel(pygit2.Commit).tree
    assert tree["tool"].filemode == FileMode.BLOB_EXECUTABLE
    assert tree["d/e.txt"].data == b"e"
    assert "file" not in tree
    with pytest.raises(RefMoved):
        commit_files.commit_files(path, "main", tip, [("x", b"x")], [], "m", WHO, WHO)
    with pytest.raises(RefMoved):
        commit_files.commit_files(path, "main", ZERO, [("x", b"x")], [], "m", WHO, WHO)
    with pytest.raises(FileChangeRefused) as refused:
        commit_files.commit_files(
            path, "main", None, [("d/e.txt", b"f")], [], "m", WHO, WHO,
            blob_checks={"d/e.txt": None},
        )  # fmt: skip
    assert refused.value.conflict


def test_a_new_branch_of_an_empty_repository_gets_a_root_commit(tmp_path: Path) -> None:
    path = tmp_path / "e.git"
    pygit2.init_repository(str(path), bare=True)
    done = commit_files.commit_files(path, "main", ZERO, [("a", b"a")], [], "m", WHO, WHO)
    assert done.old_oid == ZERO
    assert pygit2.Repository(str(path))[done.new_oid].peel(pygit2.Commit).parents == []


@pytest.mark.parametrize(
    ("raw", "seconds"), [("", 8 * 3600), ("600", 600), ("8h", 28800), ("1h30m", 5400), ("5", 60)]
)
def test_mirror_interval_reads_seconds_and_durations(
    monkeypatch: pytest.MonkeyPatch, raw: str, seconds: int
) -> None:
    from app.config import load_settings

    monkeypatch.setenv("INGOT_MIRROR_INTERVAL", raw)
    assert load_settings().mirror_interval == seconds


def test_a_bad_mirror_interval_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.config import load_settings

    monkeypatch.setenv("INGOT_MIRROR_INTERVAL", "8 hours")
    with pytest.raises(ValueError, match="INGOT_MIRROR_INTERVAL"):
        load_settings()
