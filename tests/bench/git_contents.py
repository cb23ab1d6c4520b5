"""Timings of the git plumbing behind repository contents (prints, never fails).

Builds a throwaway repository with N linear commits (each touching one of a
few files, and a rarely changed file every 1000 commits), then times the
history walk (first page, a deep cursor page, a path filter), a wide tree and
a wide diff. Run: ``python -m tests.bench.git_contents [N]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pygit2
from pygit2.enums import FileMode

from app.git import diff, history, objects


def _timed(label: str, work: Callable[[], object], repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best * 1000:9.2f} ms")


def _wide(repo: pygit2.Repository, label: str) -> pygit2.Oid:
    builder = repo.TreeBuilder()
    for i in range(2000):
        builder.insert(f"f{i}.txt", repo.create_blob(f"{label} {i}\n".encode()), FileMode.BLOB)
    return builder.write()


def build(path: Path, commits: int) -> tuple[str, str]:
    """Root trees stay small (a 2000-file subtree is shared) so building is quick."""
    repo = pygit2.init_repository(str(path), bare=True, initial_head="main")
    wide = _wide(repo, "base")
    parent: list[pygit2.Oid] = []
    rare = repo.create_blob(b"rare 0\n")
    wide_commit = ""
    for n in range(commits):
        if n == commits // 2:
            wide = _wide(repo, "changed")
        builder = repo.TreeBuilder()
        if n % 1000 == 0:
            rare = repo.create_blob(f"rare {n}\n".encode())
        builder.insert("wide", wide, FileMode.TREE)
        builder.insert("hot.txt", repo.create_blob(f"{n}\n".encode()), FileMode.BLOB)
        builder.insert("rare.txt", rare, FileMode.BLOB)
        sig = pygit2.Signature("B", "b@example.com", 1_600_000_000 + n * 60, 0)
        oid = repo.create_commit(None, sig, sig, f"c{n}", builder.write(), parent)
        if n == commits // 2:
            wide_commit = str(oid)
        parent = [oid]
    repo.references.create("refs/heads/main", parent[0])
    return str(parent[0]), wide_commit


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.git"
        start = time.perf_counter()
        head, wide = build(path, count)
        print(f"built {count} commits in {time.perf_counter() - start:.1f} s")
        repo = objects.open_repository(path)
        first = history.walk(repo, head, first=100)
        deep = history.walk(repo, head, first=count // 2).resume[-1]
        rewalk = history.Resume(deep.last, None)
        _timed("history: first 100", lambda: history.walk(repo, head, first=100))
        _timed(
            f"history: 100 after commit #{count // 2}",
            lambda: history.walk(repo, head, first=100, after=deep),
        )
        _timed(
            f"history: same, re-walking (frontier > {history.MAX_FRONTIER})",
            lambda: history.walk(repo, head, first=100, after=rewalk),
        )
        _timed(
            "history path=hot.txt first 100",
            lambda: history.walk(repo, head, first=100, path="hot.txt"),
        )
        _timed(
            f"history path=rare.txt first 10 (~{count // 1000} hits)",
            lambda: history.walk(repo, head, first=10, path="rare.txt"),
        )
        commit = repo.get(pygit2.Oid(hex=head))
        assert isinstance(commit, pygit2.Commit)
        _timed("history: totalCount (capped)", lambda: history.count(repo, head))
        tree = commit.tree / "wide"
        assert isinstance(tree, pygit2.Tree)
        _timed("tree: 2000 entries with sizes", lambda: objects.tree_info(repo, tree))
        _timed("diff: commit changing 2000 files", lambda: diff.commit_diff(repo, wide))
        _timed("diff: commit changing 1 file", lambda: diff.commit_diff(repo, head))
        assert first.has_next_page


if __name__ == "__main__":
    main()
