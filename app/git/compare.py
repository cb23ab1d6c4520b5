"""What a branch adds to another: its commits (``base..head``) and its diff from the merge base.

Both are capped so one enormous pull request cannot exhaust a request: at most
``MAX_COMMITS`` commits, ``MAX_FILES`` files and ``MAX_PATCH`` bytes of patch
per file (larger patches are left out, their line counts kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pygit2

MAX_COMMITS = 250
MAX_FILES = 300
MAX_PATCH = 256 * 1024

_STATUS = {
    "A": "ADDED",
    "D": "DELETED",
    "M": "MODIFIED",
    "R": "RENAMED",
    "C": "COPIED",
    "T": "CHANGED",
}


class MissingCommit(LookupError):
    """A commit to compare is no longer in the repository (pruned after a force-push)."""


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    date: datetime


@dataclass(frozen=True)
class CommitInfo:
    oid: str
    message: str
    author: Person
    committer: Person
    parents: tuple[str, ...]


@dataclass(frozen=True)
class FileChange:
    path: str
    previous_path: str | None
    status: str
    additions: int
    deletions: int
    patch: str | None
    is_binary: bool


@dataclass(frozen=True)
class Diff:
    files: list[FileChange]
    additions: int
    deletions: int
    changed_files: int
    truncated: bool


def _person(sig: pygit2.Signature) -> Person:
    tz = timezone(timedelta(minutes=sig.offset))
    return Person(sig.name, sig.email, datetime.fromtimestamp(sig.time, tz).astimezone(UTC))


def _commit_info(commit: pygit2.Commit) -> CommitInfo:
    return CommitInfo(
        oid=str(commit.id),
        message=commit.message,
        author=_person(commit.author),
        committer=_person(commit.committer),
        parents=tuple(str(p) for p in commit.parent_ids),
    )


def commits_between(
    path: Path, base_oid: str | None, head_oid: str, limit: int = MAX_COMMITS
) -> list[CommitInfo]:
    """Commits reachable from ``head_oid`` but not from ``base_oid``, newest first."""
    try:
        return _commits_between(path, base_oid, head_oid, limit)
    except (KeyError, pygit2.GitError) as exc:
        raise MissingCommit(head_oid) from exc


def _commits_between(
    path: Path, base_oid: str | None, head_oid: str, limit: int
) -> list[CommitInfo]:
    repo = pygit2.Repository(str(path))
    walker = repo.walk(
        pygit2.Oid(hex=head_oid), pygit2.enums.SortMode.TOPOLOGICAL | pygit2.enums.SortMode.TIME
    )
    if base_oid:
        walker.hide(pygit2.Oid(hex=base_oid))
    found: list[CommitInfo] = []
    for commit in walker:
        if len(found) >= limit:
            break
        found.append(_commit_info(commit))
    return found


def diff(path: Path, from_oid: str | None, to_oid: str) -> Diff:
    """The changes from commit ``from_oid`` (None: the empty tree) to commit ``to_oid``."""
    try:
        return _diff(path, from_oid, to_oid)
    except (KeyError, pygit2.GitError) as exc:
        raise MissingCommit(to_oid) from exc


def _diff(path: Path, from_oid: str | None, to_oid: str) -> Diff:
    repo = pygit2.Repository(str(path))
    new_tree = repo.revparse_single(to_oid).peel(pygit2.Tree)
    if from_oid is None:
        changes = new_tree.diff_to_tree(swap=True)
    else:
        old_tree = repo.revparse_single(from_oid).peel(pygit2.Tree)
        changes = old_tree.diff_to_tree(new_tree)
    changes.find_similar()
    files: list[FileChange] = []
    additions = deletions = 0
    count = 0
    for patch in changes:
        if patch is None:
            continue
        count += 1
        _, added, deleted = patch.line_stats
        additions += added
        deletions += deleted
        if len(files) >= MAX_FILES:
            continue
        delta = patch.delta
        text = None if delta.is_binary else patch.text
        if text is not None and len(text.encode()) > MAX_PATCH:
            text = None
        old_path, new_path = delta.old_file.path, delta.new_file.path
        files.append(
            FileChange(
                path=new_path,
                previous_path=old_path if old_path != new_path else None,
                status=_STATUS.get(delta.status_char(), "MODIFIED"),
                additions=added,
                deletions=deleted,
                patch=text,
                is_binary=bool(delta.is_binary),
            )
        )
    return Diff(files, additions, deletions, count, truncated=count > len(files))
