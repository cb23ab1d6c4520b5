"""Commits, their history and their diffs."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from enum import Enum

import strawberry

from app.errors import InvalidInput, NotFound
from app.services import contents
from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.contents import RepositoryContents
from schema.types.connection import PageInfo
from schema.types.git import GitActor, GitObject, Tree

_CURSOR = "commit:v1:"
_HISTORY_CURSOR = "history:v1:"
_OID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def _unb64(cursor: str, prefix: str, field: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raw = ""
    if not raw.startswith(prefix):
        raise InvalidInput("That cursor is not valid.", field=field)
    return raw[len(prefix) :]


def encode_commit_cursor(oid: str) -> str:
    return _b64(f"{_CURSOR}{oid}")


def decode_commit_cursor(cursor: str, field: str = "after") -> str:
    oid = _unb64(cursor, _CURSOR, field)
    if not _OID.fullmatch(oid):
        raise InvalidInput("That cursor is not valid.", field=field)
    return oid


def encode_history_cursor(resume: contents.Resume) -> str:
    """``last:frontier,oids`` (``*`` for a frontier too wide to carry)."""
    frontier = "*" if resume.frontier is None else ",".join(resume.frontier)
    return _b64(f"{_HISTORY_CURSOR}{resume.last}:{frontier}")


def decode_history_cursor(cursor: str, field: str = "after") -> contents.Resume:
    last, _, rest = _unb64(cursor, _HISTORY_CURSOR, field).partition(":")
    frontier = None if rest == "*" else tuple(o for o in rest.split(",") if o)
    if (
        not _OID.fullmatch(last)
        or (frontier is not None and len(frontier) > contents.MAX_FRONTIER)
        or not all(_OID.fullmatch(o) for o in frontier or ())
    ):
        raise InvalidInput("That cursor is not valid.", field=field)
    return contents.Resume(last, frontier)


@strawberry.enum(description="How a file changed.")
class DiffFileStatus(Enum):
    ADDED = "ADDED"
    MODIFIED = "MODIFIED"
    DELETED = "DELETED"
    RENAMED = "RENAMED"
    COPIED = "COPIED"
    TYPE_CHANGED = "TYPE_CHANGED"


@strawberry.type(description="One file's change.")
class DiffFile:
    data: strawberry.Private[contents.DiffFile]

    @strawberry.field(description="The path after the change.")
    def path(self) -> str:
        return self.data.path

    @strawberry.field(description="The path before the change (differs for renames and copies).")
    def old_path(self) -> str:
        return self.data.old_path

    @strawberry.field
    def status(self) -> DiffFileStatus:
        return DiffFileStatus(self.data.status)

    @strawberry.field
    def additions(self) -> int:
        return self.data.additions

    @strawberry.field
    def deletions(self) -> int:
        return self.data.deletions

    @strawberry.field
    def is_binary(self) -> bool:
        return self.data.is_binary

    @strawberry.field(description="The unified diff hunks; null for binary or oversized files.")
    def patch(self) -> str | None:
        return self.data.patch

    @strawberry.field(description="Whether the patch was left out because it is too large.")
    def is_truncated(self) -> bool:
        return self.data.is_truncated

    @strawberry.field(description="The path before a rename or copy; null otherwise.")
    def previous_path(self) -> str | None:
        return self.data.old_path if self.data.old_path != self.data.path else None


@strawberry.type(description="The changes between two trees, with totals over every file.")
class Diff:
    data: strawberry.Private[contents.DiffInfo]

    @strawberry.field(description="The changed files (at most 3000).")
    def files(self) -> list[DiffFile]:
        return [DiffFile(data=f) for f in self.data.files]

    @strawberry.field
    def additions(self) -> int:
        return self.data.additions

    @strawberry.field
    def deletions(self) -> int:
        return self.data.deletions

    @strawberry.field
    def changed_files(self) -> int:
        return self.data.changed_files

    @strawberry.field(description="Whether some changed files are missing from 'files'.")
    def is_truncated(self) -> bool:
        return self.data.is_truncated

    @strawberry.field(
        description="The same as 'isTruncated' (the name pull request diffs had).",
        deprecation_reason="Use 'isTruncated'.",
    )
    def truncated(self) -> bool:
        return self.data.is_truncated


@strawberry.type
class CommitEdge:
    cursor: str
    node: Commit


@strawberry.type(description="A page of a commit's history, newest first.")
class CommitHistoryConnection:
    nodes: list[Commit]
    page_info: PageInfo
    cursors: strawberry.Private[list[str]]
    git: strawberry.Private[RepositoryContents]
    start: strawberry.Private[str]
    path: strawberry.Private[str | None]

    @strawberry.field(description="How many commits the history holds (counted up to 10,000).")
    async def total_count(self) -> int:
        return await contents.history_count(self.git, self.start, path=self.path)

    @strawberry.field
    def edges(self) -> list[CommitEdge]:
        return [CommitEdge(cursor=c, node=n) for c, n in zip(self.cursors, self.nodes, strict=True)]


@strawberry.type(description="A commit's parents.")
class CommitConnection:
    nodes: list[Commit]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def edges(self) -> list[CommitEdge]:
        return [CommitEdge(cursor=encode_commit_cursor(n.data.oid), node=n) for n in self.nodes]


def _page_info(cursors: list[str], has_next: bool, has_previous: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def _window(oids: list[str], first: int | None, after: str | None) -> tuple[int, int]:
    """``(start, size)`` of the page after the commit ``after`` names (past the end if absent)."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > MAX_PAGE_SIZE:
        raise InvalidInput(f"'first' must be between 0 and {MAX_PAGE_SIZE}.", field="first")
    start = 0
    if after:
        cursor = decode_commit_cursor(after)
        start = oids.index(cursor) + 1 if cursor in oids else len(oids)
    return start, size


def commit_connection(
    commits: list[Commit], first: int | None, after: str | None
) -> CommitConnection:
    """A page of an already listed run of commits (a pull request's, at most 250)."""
    start, size = _window([c.data.oid for c in commits], first, after)
    nodes = commits[start : start + size]
    cursors = [encode_commit_cursor(n.data.oid) for n in nodes]
    info = _page_info(cursors, start + size < len(commits), start > 0)
    return CommitConnection(nodes=nodes, page_info=info, total_count=len(commits))


@strawberry.type(description="A commit.")
class Commit(GitObject):
    data: strawberry.Private[contents.CommitInfo]

    @strawberry.field
    def message(self) -> str:
        return self.data.message

    @strawberry.field(description="The message's first line.")
    def message_headline(self) -> str:
        return self.data.message.split("\n", 1)[0].strip()

    @strawberry.field(description="The message after its first line.")
    def message_body(self) -> str:
        parts = self.data.message.split("\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""

    @strawberry.field
    def author(self) -> GitActor:
        return GitActor.of(self.data.author)

    @strawberry.field
    def committer(self) -> GitActor:
        return GitActor.of(self.data.committer)

    @strawberry.field(description="The parents' ids, in order (none for a root commit).")
    def parent_oids(self) -> list[str]:
        return list(self.data.parent_oids)

    @strawberry.field
    def authored_date(self) -> datetime:
        return self.data.author.date

    @strawberry.field
    def committed_date(self) -> datetime:
        return self.data.committer.date

    @strawberry.field(description="The root tree's id, without reading the tree.")
    def tree_oid(self) -> str:
        return self.data.tree_oid

    @strawberry.field(description="The commit's root tree.")
    async def tree(self) -> Tree:
        found = await self.git.object(self.data.tree_oid)
        if not isinstance(found, contents.TreeInfo):
            raise NotFound("The commit's tree is missing.")
        return Tree(git=self.git, data=found)

    @strawberry.field
    async def parents(self, first: int | None = None, after: str | None = None) -> CommitConnection:
        oids = list(self.data.parent_oids)
        start, size = _window(oids, first, after)
        page = oids[start : start + size]
        found = await self.git.objects.load_many([(oid, "") for oid in page])
        nodes = [Commit(git=self.git, data=c) for c in found if isinstance(c, contents.CommitInfo)]
        cursors = [encode_commit_cursor(n.data.oid) for n in nodes]
        info = _page_info(cursors, start + size < len(oids), start > 0)
        return CommitConnection(nodes=nodes, page_info=info, total_count=len(oids))

    @strawberry.field(
        description="Commits reachable from this one, newest first; 'page' numbers pages "
        "of 'first' (pages past 10,000 commits are empty)."
    )
    async def history(
        self,
        first: int | None = None,
        after: str | None = None,
        path: str | None = None,
        page: int | None = None,
    ) -> CommitHistoryConnection:
        found = await contents.history(
            self.git,
            self.data.oid,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=decode_history_cursor(after) if after else None,
            path=path,
            page=page,
        )
        nodes = [Commit(git=self.git, data=c) for c in found.commits]
        cursors = [encode_history_cursor(r) for r in found.resume]
        has_previous = after is not None or (page or 1) > 1
        return CommitHistoryConnection(
            nodes=nodes,
            cursors=cursors,
            git=self.git,
            start=self.data.oid,
            path=path,
            page_info=_page_info(cursors, found.has_next_page, has_previous),
        )

    @strawberry.field(description="The changes against the first parent (all of a root commit).")
    async def diff(self) -> Diff:
        return Diff(data=await contents.commit_diff(self.git, self.data.oid))
