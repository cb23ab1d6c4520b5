"""Walking a commit's history a page at a time, resumable without re-walking.

The walk is git's default order: a queue of commits by committer time, newest
first, each commit shown once. A page ends with a ``Resume`` point holding the
queue itself (the "frontier"), so the next page starts where this one stopped
however deep it is. A queue wider than ``MAX_FRONTIER`` (many parallel
branches) is not kept; that point resumes by walking again from the start and
skipping past the last commit shown.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

import pygit2

from app.git import revision
from app.git.objects import CommitInfo, commit_info

MAX_FRONTIER = 16
COUNT_CAP = 10_000
MAX_BETWEEN = 250

_Keep = Callable[[pygit2.Commit], tuple[bool, list[pygit2.Oid]]]


@dataclass(frozen=True)
class Resume:
    """Where to resume after ``last``: the queue then, or None to re-walk and skip."""

    last: str
    frontier: tuple[str, ...] | None


@dataclass(frozen=True)
class HistoryPage:
    """``resume[i]`` resumes the walk right after ``commits[i]``."""

    commits: list[CommitInfo]
    resume: list[Resume]
    has_next_page: bool


class _Queue:
    def __init__(self, repo: pygit2.Repository, tips: tuple[str, ...]) -> None:
        self.repo = repo
        self.heap: list[tuple[int, int, pygit2.Commit]] = []
        self.seen: set[pygit2.Oid] = set()
        self.count = 0
        for tip in tips:
            self.push(pygit2.Oid(hex=tip))

    def push(self, oid: pygit2.Oid) -> None:
        if oid in self.seen:
            return
        self.seen.add(oid)
        commit = revision.get(self.repo, oid)  # by header: a blob id is never read
        if isinstance(commit, pygit2.Commit):
            # The counter keeps equal times in the order they were queued, as git does.
            heapq.heappush(self.heap, (-commit.commit_time, self.count, commit))
            self.count += 1

    def pop(self) -> pygit2.Commit | None:
        """The next commit; its parents are not queued yet (see ``follow``)."""
        if not self.heap:
            return None
        return heapq.heappop(self.heap)[2]

    def follow(self, parents: list[pygit2.Oid]) -> None:
        for parent in parents:
            self.push(parent)

    def resume(self, last: pygit2.Commit) -> Resume:
        if len(self.heap) > MAX_FRONTIER:
            return Resume(str(last.id), None)
        return Resume(str(last.id), tuple(str(entry[2].id) for entry in sorted(self.heap)))


class _PathFilter:
    """Whether a commit changed ``path``, and which parents to walk: git's default
    history simplification.

    A commit is kept when the entry at ``path`` differs from that in every parent.
    A merge that took one parent's version unchanged is left out, and only that
    parent is walked, so changes the merge discarded are not shown. Entry ids are
    compared, never diffed, and remembered, so a linear walk looks each tree up once.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._seen: dict[pygit2.Oid, pygit2.Oid | None] = {}

    def entry(self, commit: pygit2.Commit) -> pygit2.Oid | None:
        if commit.id in self._seen:
            return self._seen[commit.id]
        try:
            found: pygit2.Oid | None = commit.tree[self.path].id
        except KeyError:
            found = None
        if len(self._seen) >= 10_000:
            # Only the last few commits' parents are ever looked up again.
            self._seen.clear()
        self._seen[commit.id] = found
        return found

    def changed(self, commit: pygit2.Commit) -> tuple[bool, list[pygit2.Oid]]:
        """Whether to show ``commit``, and the parents to walk on from it."""
        mine = self.entry(commit)
        parents = commit.parents
        if not parents:
            return mine is not None, []
        for parent in parents:
            if self.entry(parent) == mine:
                return False, [parent.id]
        return True, [parent.id for parent in parents]


def _start(
    repo: pygit2.Repository, start: str, after: Resume | None, keep: _Keep | None
) -> _Queue | None:
    if after is None:
        return _Queue(repo, (start,))
    if after.frontier is not None:
        return _Queue(repo, after.frontier)
    queue = _Queue(repo, (start,))
    while (commit := queue.pop()) is not None:
        queue.follow(keep(commit)[1] if keep else commit.parent_ids)
        if str(commit.id) == after.last:
            return queue
    return None


def walk(
    repo: pygit2.Repository,
    start: str,
    *,
    first: int,
    after: Resume | None = None,
    path: str | None = None,
    skip: int = 0,
) -> HistoryPage:
    """Up to ``first`` commits reachable from ``start``, newest first, after ``after``
    and past the first ``skip`` (capped at ``COUNT_CAP``) of those.

    With ``path`` only commits that changed it count; the walk stops as soon as
    ``first + 1`` have matched.
    """
    keep = _PathFilter(path).changed if path else None
    queue = _start(repo, start, after, keep)
    if queue is None or skip >= COUNT_CAP:
        return HistoryPage([], [], has_next_page=False)
    matched: list[pygit2.Commit] = []
    resume: list[Resume] = []
    while len(matched) <= first and (commit := queue.pop()) is not None:
        shown, parents = keep(commit) if keep else (True, commit.parent_ids)
        queue.follow(parents)
        if shown and skip:
            skip -= 1
        elif shown:
            matched.append(commit)
            resume.append(queue.resume(commit))
    return HistoryPage(
        [commit_info(c) for c in matched[:first]],
        resume[:first],
        has_next_page=len(matched) > first,
    )


def count(repo: pygit2.Repository, start: str, *, path: str | None = None) -> int:
    """How many commits ``walk`` would show in all, counted up to ``COUNT_CAP``."""
    keep = _PathFilter(path).changed if path else None
    queue = _Queue(repo, (start,))
    total = 0
    while total < COUNT_CAP and (commit := queue.pop()) is not None:
        shown, parents = keep(commit) if keep else (True, commit.parent_ids)
        queue.follow(parents)
        total += shown
    return total


def commits_between(
    repo: pygit2.Repository, base_oid: str | None, head_oid: str, limit: int = MAX_BETWEEN
) -> list[CommitInfo]:
    """Commits reachable from ``head_oid`` but not from ``base_oid`` (``base..head``),
    newest first, at most ``limit``; LookupError when a commit is missing."""
    try:
        walker = repo.walk(
            pygit2.Oid(hex=head_oid),
            pygit2.enums.SortMode.TOPOLOGICAL | pygit2.enums.SortMode.TIME,
        )
        if base_oid:
            walker.hide(pygit2.Oid(hex=base_oid))
        found: list[CommitInfo] = []
        for commit in walker:
            if len(found) >= limit:
                break
            found.append(commit_info(commit))
        return found
    except (ValueError, KeyError, pygit2.GitError) as exc:
        raise LookupError(head_oid) from exc


def new_commits(
    repo: pygit2.Repository, ref: str, old_oid: str | None, new_oid: str, cap: int = COUNT_CAP
) -> int:
    """How many commits a ref update brought in (up to ``cap``).

    An update counts ``old..new``; a created ref counts what no other branch
    already had. Zero when ``new_oid`` is not a commit (an annotated tag of a
    blob, say).
    """
    try:
        # By header: a pushed ref may point at a blob, which is never read.
        target = revision.commit_named(repo, new_oid)
        if target is None:
            return 0
        walker = repo.walk(target.id, pygit2.enums.SortMode.NONE)
        if old_oid:
            walker.hide(pygit2.Oid(hex=old_oid))
        else:
            for name in repo.references:
                if name.startswith("refs/heads/") and name != ref:
                    walker.hide(repo.references[name].peel(pygit2.Commit).id)
    except (ValueError, KeyError, pygit2.GitError):
        return 0
    total = 0
    for _ in walker:
        total += 1
        if total >= cap:
            break
    return total
