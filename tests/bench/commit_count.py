"""How to count the commits reachable from a tip (prints, never fails).

Builds a throwaway repository of N linear commits and times, best of three,
a libgit2 walk (``pygit2``, the baseline) against ``git rev-list --count``
(``app.git.ancestry``, what Isurus' log total uses), before and after
``git commit-graph write``, and prints each as a ratio of the baseline.
Run: ``python -m tests.bench.commit_count [N]`` (default 10,000).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pygit2

from app.git import ancestry


def _best(work: Callable[[], int], repeat: int = 3) -> tuple[float, int]:
    best, answer = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        answer = work()
        best = min(best, time.perf_counter() - start)
    return best, answer


def _build(path: Path, n: int) -> str:
    repo = pygit2.init_repository(str(path), bare=True)
    tree = repo.TreeBuilder().write()
    parents: list[pygit2.Oid] = []
    for i in range(n):
        who = pygit2.Signature("Bench", "bench@example.com", 1_700_000_000 + i, 0)
        parents = [repo.create_commit(None, who, who, f"c{i}\n", tree, parents)]
    repo.references.create("refs/heads/main", parents[0])
    return str(parents[0])


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.git"
        tip = _build(path, n)
        subprocess.run(["git", f"--git-dir={path}", "repack", "-adq"], check=True)
        repo = pygit2.Repository(str(path))

        def walk() -> int:
            return sum(1 for _ in repo.walk(pygit2.Oid(hex=tip), pygit2.enums.SortMode.NONE))

        for stage in ("packed", "packed + commit-graph"):
            if stage.endswith("graph"):
                subprocess.run(
                    ["git", f"--git-dir={path}", "commit-graph", "write", "--reachable"], check=True
                )
            baseline, counted = _best(walk)
            rev_list, answer = _best(lambda: ancestry.reachable_count(path, tip))
            assert counted == answer == n
            print(f"{stage}: {n} commits")
            print(f"  pygit2 walk          {baseline * 1000:8.2f} ms  1.00x")
            print(f"  git rev-list --count {rev_list * 1000:8.2f} ms  {rev_list / baseline:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
