"""GitHub's ``PullRequestCommit`` (a pull request's commit, wrapped as GitHub wraps it) and
``PullRequestChangedFile``."""

from __future__ import annotations

from enum import Enum

import strawberry

from app.git.diff import DiffInfo
from schema.types.commit_cursor import encode_commit_cursor
from schema.types.connection import PageInfo
from schema.types.git import Commit, CommitConnection


@strawberry.type(description="A commit of a pull request (GitHub's wrapper: 'commit { ... }').")
class PullRequestCommit:
    commit: Commit
    url: str = strawberry.field(description="The commit on the pull request's page.")


@strawberry.type
class PullRequestCommitEdge:
    cursor: str
    node: PullRequestCommit


@strawberry.type(description="A pull request's commits, newest first (at most 250).")
class PullRequestCommitConnection:
    nodes: list[PullRequestCommit]
    cursors: strawberry.Private[list[str]]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def edges(self) -> list[PullRequestCommitEdge]:
        return [
            PullRequestCommitEdge(cursor=c, node=n)
            for c, n in zip(self.cursors, self.nodes, strict=True)
        ]


def wrapped(
    commits: CommitConnection, pull_url: str, last: int | None = None
) -> PullRequestCommitConnection:
    """The page of ``commits`` with each commit wrapped (only its ``last`` ones if given)."""
    if last is not None:
        commits = CommitConnection(
            nodes=commits.nodes[-last:] if last else [],
            page_info=commits.page_info,
            total_count=commits.total_count,
        )
    return PullRequestCommitConnection(
        nodes=[
            PullRequestCommit(commit=c, url=f"{pull_url}/commits/{c.data.oid}")
            for c in commits.nodes
        ],
        cursors=[encode_commit_cursor(c.data.oid) for c in commits.nodes],
        page_info=commits.page_info,
        total_count=commits.total_count,
    )


@strawberry.enum(description="GitHub's PatchStatus.")
class PatchStatus(Enum):
    ADDED = "ADDED"
    DELETED = "DELETED"
    RENAMED = "RENAMED"
    COPIED = "COPIED"
    MODIFIED = "MODIFIED"
    CHANGED = "CHANGED"


@strawberry.type(description="A file a pull request changes (GitHub's PullRequestChangedFile).")
class PullRequestChangedFile:
    path: str
    additions: int
    deletions: int
    change_type: PatchStatus


@strawberry.type(description="The files a pull request changes, in path order (at most 100).")
class PullRequestChangedFileConnection:
    nodes: list[PullRequestChangedFile]
    total_count: int


def changed_files(diff: DiffInfo, first: int | None) -> PullRequestChangedFileConnection:
    size = 100 if first is None else max(0, min(first, 100))
    nodes = [
        PullRequestChangedFile(
            path=f.path,
            additions=f.additions,
            deletions=f.deletions,
            change_type=PatchStatus[f.status]
            if f.status in PatchStatus.__members__
            else PatchStatus.CHANGED,
        )
        for f in diff.files[:size]
    ]
    return PullRequestChangedFileConnection(nodes=nodes, total_count=diff.changed_files)
