"""The git side of a pull request: its commits and its diff, as GraphQL types.

These are git objects, not rows: the commit list is capped (250) and paged
with opaque offset cursors.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from enum import Enum

import strawberry

from app.errors import InvalidInput
from app.git import compare
from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.types.connection import PageInfo

_PREFIX = "commit:"


@strawberry.type(description="Who wrote or committed a commit, and when.")
class PullRequestCommitActor:
    name: str
    email: str
    date: datetime


@strawberry.type(description="A commit on the head branch that the base does not have.")
class PullRequestCommit:
    oid: str
    message: str
    author: PullRequestCommitActor
    committer: PullRequestCommitActor
    parent_oids: list[str]

    @strawberry.field
    def message_headline(self) -> str:
        return (self.message.splitlines() or [""])[0]

    @strawberry.field
    def message_body(self) -> str:
        return self.message.partition("\n")[2].strip("\n")


@strawberry.type
class PullRequestCommitEdge:
    cursor: str
    node: PullRequestCommit


@strawberry.type
class PullRequestCommitConnection:
    nodes: list[PullRequestCommit]
    edges: list[PullRequestCommitEdge]
    page_info: PageInfo
    total_count: int


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{index}".encode()).decode()


def _index(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError(raw)
        index = int(raw[len(_PREFIX) :])
        if index < 0:
            raise ValueError(raw)
        return index
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("That cursor is not valid.", field="after") from None


def _actor(person: compare.Person) -> PullRequestCommitActor:
    return PullRequestCommitActor(name=person.name, email=person.email, date=person.date)


def commit_connection(
    commits: list[compare.CommitInfo], first: int | None, after: str | None
) -> PullRequestCommitConnection:
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > MAX_PAGE_SIZE:
        raise InvalidInput(f"'first' must be between 0 and {MAX_PAGE_SIZE}.", field="first")
    start = _index(after) + 1 if after else 0
    window = commits[start : start + size]
    nodes = [
        PullRequestCommit(
            oid=c.oid,
            message=c.message,
            author=_actor(c.author),
            committer=_actor(c.committer),
            parent_oids=list(c.parents),
        )
        for c in window
    ]
    cursors = [_cursor(start + i) for i in range(len(window))]
    return PullRequestCommitConnection(
        nodes=nodes,
        edges=[
            PullRequestCommitEdge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)
        ],
        page_info=PageInfo(
            has_next_page=start + len(window) < len(commits),
            has_previous_page=start > 0,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=len(commits),
    )


@strawberry.enum
class PullRequestFileStatus(Enum):
    ADDED = "ADDED"
    DELETED = "DELETED"
    MODIFIED = "MODIFIED"
    RENAMED = "RENAMED"
    COPIED = "COPIED"
    CHANGED = "CHANGED"


@strawberry.type(description="One file the pull request changes.")
class PullRequestChangedFile:
    path: str
    previous_path: str | None
    status: PullRequestFileStatus
    additions: int
    deletions: int
    is_binary: bool
    patch: str | None = strawberry.field(
        description="The unified diff; null for binary files and patches over 256 KiB."
    )


@strawberry.type(description="The changes from the merge base to the head (max 300 files).")
class PullRequestDiff:
    files: list[PullRequestChangedFile]
    additions: int
    deletions: int
    changed_files: int
    truncated: bool


def diff_of(diff: compare.Diff) -> PullRequestDiff:
    return PullRequestDiff(
        files=[
            PullRequestChangedFile(
                path=f.path,
                previous_path=f.previous_path,
                status=PullRequestFileStatus(f.status),
                additions=f.additions,
                deletions=f.deletions,
                is_binary=f.is_binary,
                patch=f.patch,
            )
            for f in diff.files
        ],
        additions=diff.additions,
        deletions=diff.deletions,
        changed_files=diff.changed_files,
        truncated=diff.truncated,
    )
