"""Diffing a branch against its fork point (the plumbing pull requests will use)."""

from __future__ import annotations

from pathlib import Path

import pygit2

from app.git import diff, objects
from tests.contents.builder import Builder


def test_compare_diffs_head_against_the_merge_base(tmp_path: Path) -> None:
    path = tmp_path / "repo.git"
    pygit2.init_repository(str(path), bare=True, initial_head="main")
    git = Builder(path)
    base = {"a.txt": b"one\n", "b.txt": b"keep\n"}
    fork = git.commit(base, "base")
    git.commit({**base, "a.txt": b"one\nmain only\n"}, "main moves on")
    head = git.commit(
        {**base, "c.txt": b"new\n", "b.txt": b"keep\nmore\n"},
        "feature",
        branch="feature",
        parents=[fork],
    )
    repo = objects.open_repository(path)
    main = str(repo.references["refs/heads/main"].target)
    result = diff.compare(repo, main, head)
    assert result.merge_base_oid == fork
    changes = {f.path: (f.status, f.additions, f.deletions) for f in result.diff.files}
    # main's own change to a.txt is not part of what the feature brings.
    assert changes == {"b.txt": ("MODIFIED", 1, 0), "c.txt": ("ADDED", 1, 0)}
    assert (result.diff.additions, result.diff.changed_files) == (2, 2)

    unrelated = git.commit({"z.txt": b"z\n"}, "orphan", branch="orphan", parents=[])
    alone = diff.compare(repo, main, unrelated)
    assert alone.merge_base_oid is None
    assert [(f.path, f.status) for f in alone.diff.files] == [("z.txt", "ADDED")]
