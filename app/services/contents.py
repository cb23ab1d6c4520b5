"""Reading a repository's contents: refs, objects, history, diffs and raw files.

Callers have already checked that the actor may read the repository. A
repository is opened at most once per request (the handle lives in the request
context's cache) and every libgit2 call runs in a worker thread, one at a time
per handle: libgit2 objects must not be used by two threads at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pygit2

from app.errors import InvalidInput, NotFound
from app.git import ancestry, diff, objects, refs, revision
from app.git import history as commit_history
from app.git.diff import Comparison, DiffFile, DiffInfo
from app.git.history import MAX_FRONTIER, HistoryPage, Resume
from app.git.objects import (
    TEXT_LIMIT,
    Actor,
    BlobContent,
    BlobInfo,
    CommitInfo,
    GitObject,
    TagInfo,
    TreeEntry,
    TreeInfo,
)
from app.git.refs import RefInfo
from app.models import Repository
from app.services.runtime import Storage

T = TypeVar("T")

__all__ = [
    "MAX_FRONTIER",
    "TEXT_LIMIT",
    "Actor",
    "BlobContent",
    "BlobInfo",
    "CommitInfo",
    "Comparison",
    "DiffFile",
    "DiffInfo",
    "GitHandle",
    "GitObject",
    "HistoryPage",
    "RawBlob",
    "RefInfo",
    "Resume",
    "TagInfo",
    "TreeEntry",
    "TreeInfo",
]

MAX_HISTORY_PAGE = 100


class GitHandle:
    """One repository opened lazily, used by one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._repo: pygit2.Repository | None = None
        self._lock = threading.Lock()

    def _call(self, work: Callable[[pygit2.Repository], T]) -> T:
        with self._lock:
            if self._repo is None:
                try:
                    self._repo = objects.open_repository(self.path)
                except objects.MissingRepository:
                    raise NotFound("The repository's storage is missing.") from None
            return work(self._repo)

    async def run(self, work: Callable[[pygit2.Repository], T]) -> T:
        return await anyio.to_thread.run_sync(self._call, work)


def handle(store: Storage, cache: dict[int, Any], repo: Repository, owner_login: str) -> GitHandle:
    """The request's handle on ``repo`` (``cache`` is the request context's)."""
    found = cache.get(repo.id)
    if not isinstance(found, GitHandle):
        found = GitHandle(store.repository_path(owner_login, repo.name))
        cache[repo.id] = found
    return found


async def list_refs(git: GitHandle, prefix: str) -> list[RefInfo]:
    if not prefix.startswith("refs/"):
        raise InvalidInput("'refPrefix' must start with 'refs/'.", field="refPrefix")
    return await git.run(lambda repo: refs.list_refs(repo, prefix))


async def find_ref(git: GitHandle, qualified_name: str) -> RefInfo | None:
    return await git.run(lambda repo: refs.find_ref(repo, qualified_name))


async def is_empty(git: GitHandle) -> bool:
    return await git.run(refs.is_empty)


async def resolve(git: GitHandle, expression: str) -> GitObject | None:
    """The object ``rev`` or ``rev:path`` names; InvalidInput for revision syntax we refuse."""

    def work(repo: pygit2.Repository) -> GitObject | None:
        found = revision.resolve(repo, expression)
        return objects.object_info(repo, found.obj, found.path) if found else None

    try:
        return await git.run(work)
    except revision.InvalidRevision:
        raise InvalidInput(
            "Only a branch, tag, object id or 'rev:path' is accepted.", field="expression"
        ) from None


async def read_objects(git: GitHandle, keys: list[tuple[str, str]]) -> list[GitObject | None]:
    """Objects by ``(full oid, path they were reached at)``; None where missing."""
    return await git.run(lambda repo: objects.read(repo, keys))


async def read_blobs(git: GitHandle, oids: list[str]) -> list[BlobContent | None]:
    """Blob contents, cut at the text limit, by full oid."""
    return await git.run(lambda repo: objects.read_blobs(repo, oids))


def normalise_path(path: str | None, field: str = "path") -> str | None:
    if path is None:
        return None
    path = path.strip("/")
    try:
        revision.check_path(path)
    except revision.InvalidRevision:
        raise InvalidInput("That is not a valid path in the repository.", field=field) from None
    return path or None


async def history(
    git: GitHandle,
    start: str,
    *,
    first: int,
    after: Resume | None,
    path: str | None,
    page: int | None = None,
) -> HistoryPage:
    """A page of history by cursor, or the ``page``-th page of ``first`` (1-based)."""
    if first < 0 or first > MAX_HISTORY_PAGE:
        raise InvalidInput(f"'first' must be between 0 and {MAX_HISTORY_PAGE}.", field="first")
    if page is not None and (page < 1 or after is not None):
        raise InvalidInput("'page' is a number from 1 and goes without 'after'.", field="page")
    clean = normalise_path(path)
    skip = min((page - 1) * first, commit_history.COUNT_CAP) if page else 0
    return await git.run(
        lambda repo: commit_history.walk(
            repo, start, first=first, after=after, path=clean, skip=skip
        )
    )


async def history_count(git: GitHandle, start: str, *, path: str | None) -> int:
    """Exact without ``path`` (git's own count, fast with the commit-graph); with
    ``path``, the commits that changed it, counted up to ``COUNT_CAP``."""
    clean = normalise_path(path)
    if clean is None:
        return await reachable_count(git, start)
    return await git.run(lambda repo: commit_history.count(repo, start, path=clean))


async def reachable_count(git: GitHandle, oid: str) -> int:
    """How many commits are reachable from commit ``oid``, itself included."""
    try:
        return await anyio.to_thread.run_sync(ancestry.reachable_count, git.path, oid)
    except ancestry.AncestryError:
        raise NotFound("The commit's history is missing.") from None


async def ancestor_counts(git: GitHandle, commits: list[tuple[str, tuple[str, ...]]]) -> list[int]:
    """Each ``(oid, parent_oids)``'s count of ancestors, itself not counted."""
    try:
        return await anyio.to_thread.run_sync(ancestry.ancestor_counts, git.path, commits)
    except ancestry.AncestryError:
        raise NotFound("The commit's history is missing.") from None


async def containing_branches(git: GitHandle, oids: list[str]) -> list[str | None]:
    """For each commit, a branch whose history holds it: the default branch when it
    does, else the first by name; None when no branch does."""
    default = await git.run(refs.default_branch)
    try:
        return await anyio.to_thread.run_sync(ancestry.containing_branches, git.path, oids, default)
    except ancestry.AncestryError:
        return [None] * len(oids)


async def commit_diff(git: GitHandle, oid: str) -> DiffInfo:
    return await git.run(lambda repo: diff.commit_diff(repo, oid))


async def compare(git: GitHandle, base: str, head: str) -> Comparison:
    """``head`` against its merge base with ``base`` (both full commit oids)."""
    return await git.run(lambda repo: diff.compare(repo, base, head))


async def diff_between(git: GitHandle, from_oid: str | None, to_oid: str) -> DiffInfo | None:
    """Commit ``from_oid`` (None: the empty tree) to ``to_oid``; None if one is gone."""
    try:
        return await git.run(lambda repo: diff.between(repo, from_oid, to_oid))
    except LookupError:
        return None


async def commits_between(git: GitHandle, base_oid: str | None, head_oid: str) -> list[CommitInfo]:
    """``base..head``, newest first (at most 250); empty if a commit is gone."""
    try:
        return await git.run(lambda repo: commit_history.commits_between(repo, base_oid, head_oid))
    except LookupError:
        return []


# Blobs up to this size are served from memory; larger ones stream from ``git cat-file``.
INLINE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class RawBlob:
    """A blob to serve as a file: ``data`` holds it when it is small, else it is streamed
    (``stream_command``) and was not read."""

    oid: str
    path: str
    size: int
    data: bytes | None

    @property
    def is_binary(self) -> bool | None:
        """Git's test on the content held; None when the content is streamed."""
        if self.data is None:
            return None
        return b"\0" in self.data[: objects.BINARY_SNIFF]


async def raw_blob(git: GitHandle, rev_and_path: str) -> RawBlob | None:
    """The file at ``<rev>/<path>``, or None for anything that is not a file.

    The size comes from the object's header; only a blob of at most
    ``INLINE_BYTES`` is read.
    """

    def work(repo: pygit2.Repository) -> RawBlob | None:
        found = revision.blob_at(repo, rev_and_path)
        if found is None:
            return None
        blob, path = found
        data = None
        if blob.size <= INLINE_BYTES:
            data = objects.read_blob(repo, blob)
        return RawBlob(oid=str(blob.id), path=path, size=blob.size, data=data)

    return await git.run(work)


def stream_command(git: GitHandle, blob: RawBlob) -> list[str]:
    """The argv that writes ``blob`` to stdout (``git cat-file``), for blobs not held."""
    return objects.blob_command(git.path, blob.oid)


async def commit_for_archive(git: GitHandle, rev: str) -> str | None:
    """The full id of the commit ``rev`` (a branch, tag or object id, as the raw route reads
    them) names; None for anything else, hostile input included."""

    def work(repo: pygit2.Repository) -> str | None:
        try:
            found = revision.named(repo, rev)
        except revision.InvalidRevision:
            return None
        if found is None:
            return None
        commit = revision.commit_of(repo, found)
        return str(commit.id) if commit is not None else None

    return await git.run(work)


async def commit_oid(git: GitHandle, rev: str) -> str | None:
    """The commit a branch, tag (peeled) or commit id names; None if it names no commit."""

    def work(repo: pygit2.Repository) -> str | None:
        try:
            found = revision.named(repo, rev)
        except revision.InvalidRevision:
            return None
        if not isinstance(found, pygit2.Object):
            return None
        try:
            return str(found.peel(pygit2.Commit).id)
        except (pygit2.InvalidSpecError, ValueError):
            return None

    return await git.run(work)


async def ahead_behind(git: GitHandle, base_oid: str, head_oid: str) -> tuple[int, int]:
    """How many commits ``head`` has that ``base`` lacks, and the reverse."""

    def work(repo: pygit2.Repository) -> tuple[int, int]:
        ahead, behind = repo.ahead_behind(pygit2.Oid(hex=head_oid), pygit2.Oid(hex=base_oid))
        return int(ahead), int(behind)

    return await git.run(work)
