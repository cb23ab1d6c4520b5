"""Two commits compared (GitHub's ``Ref.compare(headRef:)``): counts, commits and the diff."""

from __future__ import annotations

from enum import Enum

import strawberry

from app.errors import InvalidInput
from app.services import contents
from schema.contents import RepositoryContents
from schema.context import Info
from schema.types.diff import Diff
from schema.types.git import Commit, CommitConnection, GitObject, commit_connection, wrap

# Listing a comparison's commits or diffing it: a few per request, like pull requests' diffs.
MAX_PER_REQUEST = 10


@strawberry.enum(description="How the head stands against the base.")
class ComparisonStatus(Enum):
    IDENTICAL = "IDENTICAL"
    AHEAD = "AHEAD"
    BEHIND = "BEHIND"
    DIVERGED = "DIVERGED"


def spend(info: Info) -> None:
    spent = int(info.context.extras.get("comparisons", 0)) + 1
    if spent > MAX_PER_REQUEST:
        raise InvalidInput(f"At most {MAX_PER_REQUEST} comparisons per request.")
    info.context.extras["comparisons"] = spent


@strawberry.type(description="The head compared with the base: base...head in git's terms.")
class Comparison:
    git: strawberry.Private[RepositoryContents]
    base_oid: strawberry.Private[str]
    head_oid: strawberry.Private[str]
    ahead_by: int = strawberry.field(description="Commits the head has and the base lacks.")
    behind_by: int = strawberry.field(description="Commits the base has and the head lacks.")

    @strawberry.field
    def status(self) -> ComparisonStatus:
        if self.ahead_by and self.behind_by:
            return ComparisonStatus.DIVERGED
        if self.ahead_by:
            return ComparisonStatus.AHEAD
        if self.behind_by:
            return ComparisonStatus.BEHIND
        return ComparisonStatus.IDENTICAL

    @strawberry.field
    async def base_target(self) -> GitObject | None:
        return wrap(self.git, await self.git.object(self.base_oid))

    @strawberry.field
    async def head_target(self) -> GitObject | None:
        return wrap(self.git, await self.git.object(self.head_oid))

    @strawberry.field(description="The head's commits the base lacks, newest first (at most 250).")
    async def commits(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> CommitConnection:
        spend(info)
        found = await contents.commits_between(self.git, self.base_oid, self.head_oid)
        return commit_connection([Commit(git=self.git, data=c) for c in found], first, after)

    @strawberry.field(description="The changes from the merge base to the head.")
    async def diff(self, info: Info) -> Diff:
        spend(info)
        return Diff(data=(await contents.compare(self.git, self.base_oid, self.head_oid)).diff)


async def compare(
    info: Info, git: RepositoryContents, base_oid: str, head_rev: str
) -> Comparison | None:
    """``head_rev`` (a branch, tag or commit id) against ``base_oid``; None if it names none.

    Counting is cheap; listing commits and diffing are limited per request (``spend``)."""
    head_oid = await contents.commit_oid(git, head_rev)
    if head_oid is None:
        return None
    ahead, behind = await contents.ahead_behind(git, base_oid, head_oid)
    return Comparison(
        git=git, base_oid=base_oid, head_oid=head_oid, ahead_by=ahead, behind_by=behind
    )
