"""Diffs of trees and commits: one implementation for commits, comparisons and pull requests.

Patches are the hunks (from the first ``@@``), capped per file (``PATCH_LIMIT``)
and per diff (``TOTAL_PATCH_LIMIT``); totals always cover every file, ``files``
stops at ``MAX_FILES``. A file over ``BLOB_LIMIT`` on either side is never read:
its sizes come from the object headers, and it is listed without a patch,
without line counts and as not binary (``is_truncated``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygit2
from pygit2.enums import DeltaStatus, DiffFind

from app.git import revision

PATCH_LIMIT = 256 * 1024
TOTAL_PATCH_LIMIT = 4 * 1024 * 1024
MAX_FILES = 3000
# A file larger than this on either side is listed without a patch or line counts:
# libgit2 reads both versions whole to diff them (a 100 MB text file took 700 MB).
BLOB_LIMIT = 2 * 1024 * 1024

_STATUS = {
    DeltaStatus.ADDED: "ADDED",
    DeltaStatus.DELETED: "DELETED",
    DeltaStatus.MODIFIED: "MODIFIED",
    DeltaStatus.RENAMED: "RENAMED",
    DeltaStatus.COPIED: "COPIED",
    DeltaStatus.TYPECHANGE: "TYPE_CHANGED",
}


@dataclass(frozen=True)
class DiffFile:
    """One changed file. ``patch`` is the hunks (from the first ``@@``), None when
    binary or left out; ``is_truncated`` says it was cut or left out for size."""

    path: str
    old_path: str
    status: str
    additions: int
    deletions: int
    is_binary: bool
    patch: str | None
    is_truncated: bool


@dataclass(frozen=True)
class DiffInfo:
    """Totals cover every file; ``files`` stops at ``MAX_FILES`` (``is_truncated``)."""

    files: tuple[DiffFile, ...]
    additions: int
    deletions: int
    changed_files: int
    is_truncated: bool


@dataclass(frozen=True)
class Comparison:
    """``head`` against the merge base of ``base`` and ``head`` (None: unrelated histories)."""

    merge_base_oid: str | None
    diff: DiffInfo


def _hunks(patch: pygit2.Patch) -> str:
    data: bytes = patch.data
    start = data.find(b"\n@@")
    return "" if start < 0 else data[start + 1 :].decode("utf-8", "replace")


def _too_big(repo: pygit2.Repository, delta: pygit2.DiffDelta) -> bool:
    """Whether either side of ``delta`` is a blob over ``BLOB_LIMIT`` (headers only)."""
    for side in (delta.old_file, delta.new_file):
        if side.id.raw != _ZERO and side.mode != _GITLINK:
            try:
                if repo.odb.read_header(side.id)[1] > BLOB_LIMIT:
                    return True
            except (KeyError, pygit2.GitError):
                continue
    return False


_ZERO = bytes(20)
_GITLINK = 0o160000


def _summarise(repo: pygit2.Repository, diff: pygit2.Diff) -> DiffInfo:
    diff.find_similar(flags=DiffFind.FIND_RENAMES | DiffFind.FIND_COPIES)
    files: list[DiffFile] = []
    additions = deletions = count = 0
    budget = TOTAL_PATCH_LIMIT
    for index, delta in enumerate(diff.deltas):
        big = _too_big(repo, delta)
        # diff[index] makes the patch, reading both blobs: never for a big one.
        patch = None if big else diff[index]
        if patch is None and not big:
            continue
        added = deleted = 0
        if patch is not None:
            _, added, deleted = patch.line_stats
        additions += added
        deletions += deleted
        count += 1
        if len(files) >= MAX_FILES:
            continue
        # pygit2's DiffDelta.flags and .is_binary read both blobs whole: a big file's is
        # not looked at (listed as not binary, without a patch).
        binary = False if big else bool(delta.is_binary)
        text: str | None = None
        truncated = big
        if patch is not None and not binary:
            text = _hunks(patch)
            if len(text) > PATCH_LIMIT or len(text) > budget:
                text, truncated = None, True
            else:
                budget -= len(text)
        files.append(
            DiffFile(
                path=delta.new_file.path,
                old_path=delta.old_file.path,
                status=_STATUS.get(delta.status, "MODIFIED"),
                additions=added,
                deletions=deleted,
                is_binary=binary,
                patch=text,
                is_truncated=truncated,
            )
        )
    return DiffInfo(tuple(files), additions, deletions, count, is_truncated=count > len(files))


def tree_diff(repo: pygit2.Repository, old: pygit2.Tree | None, new: pygit2.Tree) -> DiffInfo:
    """``old`` to ``new``; a missing ``old`` is the empty tree."""
    diff = new.diff_to_tree(swap=True) if old is None else old.diff_to_tree(new)
    return _summarise(repo, diff)


def _commit(repo: pygit2.Repository, oid: str) -> pygit2.Commit:
    """The commit ``oid``; LookupError when it is missing (pruned after a force-push)."""
    # By header first: a blob named by the id is never read.
    found = revision.get(repo, oid)
    if not isinstance(found, pygit2.Commit):
        raise LookupError(oid)
    return found


def between(repo: pygit2.Repository, from_oid: str | None, to_oid: str) -> DiffInfo:
    """Commit ``from_oid`` (None: the empty tree) to commit ``to_oid``; LookupError if missing."""
    old = _commit(repo, from_oid).tree if from_oid is not None else None
    return tree_diff(repo, old, _commit(repo, to_oid).tree)


def commit_diff(repo: pygit2.Repository, oid: str) -> DiffInfo:
    """The commit against its first parent, or against the empty tree for a root commit."""
    commit = _commit(repo, oid)
    parent = commit.parents[0].tree if commit.parent_ids else None
    return tree_diff(repo, parent, commit.tree)


def compare(repo: pygit2.Repository, base: str, head: str) -> Comparison:
    """What ``head`` adds since it forked from ``base`` (``base...head`` in git terms)."""
    head_commit = _commit(repo, head)
    merge_base = repo.merge_base(pygit2.Oid(hex=base), head_commit.id)
    found = str(merge_base) if merge_base is not None else None
    return Comparison(found, between(repo, found, head))
