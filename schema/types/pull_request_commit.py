"""GitHub's ``PullRequestCommit``: a pull request's commit, wrapped as GitHub wraps it."""

from __future__ import annotations

import strawberry

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


def wrapped(commits: CommitConnection, pull_url: str) -> PullRequestCommitConnection:
    """The page of ``commits`` with each commit wrapped."""
    return PullRequestCommitConnection(
        nodes=[
            PullRequestCommit(commit=c, url=f"{pull_url}/commits/{c.data.oid}")
            for c in commits.nodes
        ],
        cursors=[encode_commit_cursor(c.data.oid) for c in commits.nodes],
        page_info=commits.page_info,
        total_count=commits.total_count,
    )
