"""Pull requests, their commits, their diff and their comments."""

from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeAlias

import strawberry

from app.auth import scopes as sc
from app.errors import InvalidInput, NotFound
from app.models import Account as AccountModel
from app.models import Label as LabelModel
from app.models import PullRequest as PullRequestModel
from app.models import PullRequestComment as PullRequestCommentModel
from app.models import PullRequestState as PullRequestStateModel
from app.models import Repository as RepositoryModel
from app.services import contents
from app.services import pull_request as pulls
from app.services import pull_request_merge as merging
from app.services.pagination import MAX_PAGE_SIZE
from app.services.permission import Access
from schema.contents import RepositoryContents, contents_of
from schema.context import Info
from schema.markdown import BODY_HTML, HTML, body_html
from schema.node import Node
from schema.types import fields, github_fields, registry
from schema.types.account import RepositoryOwner, User
from schema.types.connection import Connection, loaded_connection, paged
from schema.types.diff import Diff
from schema.types.git import Commit, commit_connection
from schema.types.issue import Issue, Label
from schema.types.milestone import Milestone
from schema.types.pull_request_commit import (
    PullRequestChangedFileConnection,
    PullRequestCommitConnection,
    changed_files,
    wrapped,
)

# Commit walks and diffs are git work the cost limit cannot see: cap them per request.
MAX_COMPARES_PER_REQUEST = 25


def _spend_compare(info: Info) -> None:
    spent = int(info.context.extras.get("pull_request_compares", 0)) + 1
    if spent > MAX_COMPARES_PER_REQUEST:
        raise InvalidInput(
            f"Commits and diffs of at most {MAX_COMPARES_PER_REQUEST} pull requests per request."
        )
    info.context.extras["pull_request_compares"] = spent


@strawberry.enum(description="OPEN, CLOSED without merging, or MERGED.")
class PullRequestState(Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    MERGED = "MERGED"


@strawberry.enum(description="Whether the head merges into the base without conflicts.")
class MergeableState(Enum):
    MERGEABLE = "MERGEABLE"
    CONFLICTING = "CONFLICTING"
    UNKNOWN = "UNKNOWN"


async def disk_path(info: Info, repository_id: int) -> Path:
    repo = await info.context.loaders.repositories_by_id.load(repository_id)
    owner = await info.context.loaders.accounts_by_id.load(repo.owner_id) if repo else None
    if repo is None or owner is None:
        raise RuntimeError("pull request without a repository")
    return info.context.runtime.storage.repository_path(owner.login, repo.name)


async def _head_repository(info: Info, model: PullRequestModel) -> RepositoryModel | None:
    if not model.is_cross_repository:
        return await info.context.repository(model.repository_id)
    if model.head_repository_id is None:
        return None
    found = await info.context.repository(model.head_repository_id)
    if found is None or await info.context.access(found) < Access.READ:
        return None
    return found


@strawberry.type
class PullRequestComment(Node):
    model: strawberry.Private[PullRequestCommentModel]

    @staticmethod
    def of(model: PullRequestCommentModel) -> PullRequestComment:
        return PullRequestComment(model=model)

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field(
        name="bodyHTML",
        description=BODY_HTML,
    )
    async def body_html(self, info: Info) -> HTML:
        pull = await info.context.loaders.pull_requests_by_id.load(self.model.pull_request_id)
        return HTML(await body_html(info, self.model.body, pull.repository_id if pull else 0))

    author = strawberry.field(resolver=fields.author)
    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)
    url = strawberry.field(resolver=github_fields.comment_url)
    author_association = strawberry.field(resolver=github_fields.author_association)
    viewer_did_author = strawberry.field(resolver=github_fields.viewer_did_author)
    includes_created_edit = strawberry.field(resolver=github_fields.includes_created_edit)
    is_minimized = strawberry.field(resolver=github_fields.is_minimized)
    minimized_reason = strawberry.field(resolver=github_fields.minimized_reason)
    reaction_groups = strawberry.field(resolver=github_fields.reaction_groups)


@strawberry.type(description="A request to merge one branch into another.")
class PullRequest(Node):
    model: strawberry.Private[PullRequestModel]
    # Refreshed once per request (mergeability is recomputed when a branch moved).
    fresh: strawberry.Private[asyncio.Future[PullRequestModel] | None] = None
    changes: strawberry.Private[asyncio.Future[contents.DiffInfo] | None] = None

    @staticmethod
    def of(model: PullRequestModel) -> PullRequest:
        return PullRequest(model=model)

    async def current(self, info: Info) -> PullRequestModel:
        if self.fresh is None:
            self.fresh = asyncio.ensure_future(self._refresh(info))
        return await self.fresh

    async def _refresh(self, info: Info) -> PullRequestModel:
        path = await disk_path(info, self.model.repository_id)
        return await pulls.refresh(self.model, path)

    async def _git(self, info: Info) -> RepositoryContents:
        repo = await info.context.loaders.repositories_by_id.load(self.model.repository_id)
        if repo is None:
            raise NotFound("Pull request not found.")
        return await contents_of(info, repo)

    async def _diff(self, info: Info) -> contents.DiffInfo:
        if self.changes is None:
            _spend_compare(info)
            self.changes = asyncio.ensure_future(self._compute_diff(info))
        return await self.changes

    async def _compute_diff(self, info: Info) -> contents.DiffInfo:
        """From the merge base to the head (both frozen once merged); empty once pruned."""
        model = await self.current(info)
        found = await contents.diff_between(
            await self._git(info), model.merge_base_oid, model.head_oid
        )
        return found or contents.DiffInfo((), 0, 0, 0, is_truncated=False)

    @strawberry.field
    def number(self) -> int:
        return self.model.number

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field(
        name="bodyHTML",
        description=BODY_HTML,
    )
    async def body_html(self, info: Info) -> HTML:
        return HTML(await body_html(info, self.model.body, self.model.repository_id))

    @strawberry.field
    async def state(self, info: Info) -> PullRequestState:
        return PullRequestState((await self.current(info)).state.value)

    @strawberry.field
    async def closed(self, info: Info) -> bool:
        return (await self.current(info)).state != PullRequestStateModel.OPEN

    @strawberry.field
    async def merged(self, info: Info) -> bool:
        return (await self.current(info)).state == PullRequestStateModel.MERGED

    @strawberry.field(
        description="Always empty: Ingot labels issues, not pull requests (GitHub's field, so "
        "GitHub clients' queries run)."
    )
    def labels(self, first: int | None = None, after: str | None = None) -> Connection[Label]:
        return loaded_connection([], LabelModel.filter(id=0), Label.of, first=first, after=after)

    @strawberry.field(
        description="Always empty: Ingot assigns issues, not pull requests (GitHub's field)."
    )
    def assignees(self, first: int | None = None, after: str | None = None) -> Connection[User]:
        nobody = AccountModel.filter(id=0)
        return loaded_connection([], nobody, _user, first=first, after=after)

    @strawberry.field(
        description="Always null: Ingot puts issues in milestones, not pull requests."
    )
    def milestone(self) -> Milestone | None:
        return None

    reaction_groups = strawberry.field(resolver=github_fields.reaction_groups)
    project_cards = strawberry.field(resolver=github_fields.project_cards)

    @strawberry.field(description="False: there is no fork for a maintainer to push to.")
    def maintainer_can_modify(self) -> bool:
        return False

    @strawberry.field(description="GitHub's review decision; null: Ingot has no reviews yet.")
    def review_decision(self) -> PullRequestReviewDecision | None:
        return None

    @strawberry.field(description="The commit the merge made (null until merged).")
    async def merge_commit(self, info: Info) -> Commit | None:
        oid = (await self.current(info)).merge_commit_oid
        if oid is None:
            return None
        git = await self._git(info)
        found = await contents.resolve(git, oid)
        return Commit(git=git, data=found) if isinstance(found, contents.CommitInfo) else None

    @strawberry.field(
        description="GitHub's MergeStateStatus from Ingot's mergeability, in this order: "
        "DRAFT, DIRTY (conflicts), BLOCKED (an open pull request into a protected branch "
        "the viewer may not merge into), CLEAN (mergeable) or UNKNOWN."
    )
    async def merge_state_status(self, info: Info) -> MergeStateStatus:
        model = await self.current(info)
        if model.draft:
            return MergeStateStatus.DRAFT
        status = _MERGE_STATE.get(model.mergeable.value, MergeStateStatus.UNKNOWN)
        if status is MergeStateStatus.DIRTY or model.state != PullRequestStateModel.OPEN:
            return status
        repo = await info.context.loaders.repositories_by_id.load(model.repository_id)
        if repo is not None and not await merging.may_merge_into(
            info.context.actor, repo, model.base_ref
        ):
            return MergeStateStatus.BLOCKED
        return status

    @strawberry.field(description="A draft cannot be merged until marked ready for review.")
    async def is_draft(self, info: Info) -> bool:
        return (await self.current(info)).draft

    author = strawberry.field(resolver=fields.author)
    repository = strawberry.field(resolver=fields.repository)

    @strawberry.field
    def head_ref_name(self) -> str:
        return self.model.head_ref

    @strawberry.field
    def base_ref_name(self) -> str:
        return self.model.base_ref

    # --- a fork's pull request (app.services.pull_request: refs/pull/<n>/head) ---

    @strawberry.field(description="Whether the head branch lives in a fork of the repository.")
    def is_cross_repository(self) -> bool:
        return self.model.is_cross_repository

    @strawberry.field(
        description="The repository the head branch lives in; null when it was deleted or "
        "the viewer cannot read it."
    )
    async def head_repository(self, info: Info) -> fields.RepositoryRef | None:
        found = await _head_repository(info, self.model)
        return registry.type_for(RepositoryModel).of(found) if found else None

    @strawberry.field(description="The owner of the head repository (null like headRepository).")
    async def head_repository_owner(self, info: Info) -> RepositoryOwner | None:
        found = await _head_repository(info, self.model)
        owner = await info.context.account(found.owner_id) if found else None
        return RepositoryOwner.of(owner) if owner else None

    @strawberry.field(description="The head branch's commit (when merged: the one merged).")
    async def head_ref_oid(self, info: Info) -> str:
        return (await self.current(info)).head_oid

    @strawberry.field(description="The base branch's commit (when merged: the one merged into).")
    async def base_ref_oid(self, info: Info) -> str:
        return (await self.current(info)).base_oid

    @strawberry.field
    async def merge_base_oid(self, info: Info) -> str | None:
        return (await self.current(info)).merge_base_oid

    @strawberry.field
    async def mergeable(self, info: Info) -> MergeableState:
        return MergeableState((await self.current(info)).mergeable.value)

    @strawberry.field
    async def merged_at(self, info: Info) -> datetime | None:
        return (await self.current(info)).merged_at

    @strawberry.field
    async def merged_by(self, info: Info) -> User | None:
        return await fields.user_by_id(info, (await self.current(info)).merged_by_id)

    @strawberry.field(description="The commit the base branch pointed at after the merge.")
    async def merge_commit_oid(self, info: Info) -> str | None:
        return (await self.current(info)).merge_commit_oid

    @strawberry.field
    async def closed_at(self, info: Info) -> datetime | None:
        return (await self.current(info)).closed_at

    created_at = strawberry.field(resolver=fields.created_at)

    @strawberry.field(description="Whether the viewer may edit, close and reopen it.")
    async def viewer_can_update(self, info: Info) -> bool:
        repo = await info.context.loaders.repositories_by_id.load(self.model.repository_id)
        if repo is None or not info.context.actor.has_scope(sc.PULL_REQUEST_WRITE):
            return False
        return await pulls.can_edit(info.context.actor, repo, self.model)

    @strawberry.field(description="Whether the viewer may merge it (conflicts aside).")
    async def viewer_can_merge(self, info: Info) -> bool:
        repo = await info.context.loaders.repositories_by_id.load(self.model.repository_id)
        model = await self.current(info)
        return repo is not None and await merging.viewer_can_merge(info.context.actor, repo, model)

    @strawberry.field
    async def updated_at(self, info: Info) -> datetime:
        return (await self.current(info)).updated_at

    @strawberry.field
    async def url(self, info: Info) -> str:
        return await fields.repository_url(
            info, self.model.repository_id, f"pull/{self.model.number}"
        )

    @strawberry.field(
        description="Commits on the head not on the base, newest first (max 250), each "
        "wrapped as GitHub's PullRequestCommit ('nodes { commit { oid } }')."
    )
    async def commits(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
    ) -> PullRequestCommitConnection:
        _spend_compare(info)
        model = await self.current(info)
        git = await self._git(info)
        # The recorded base tip: once merged, the branch itself contains the head.
        found = await contents.commits_between(git, model.base_oid, model.head_oid)
        page = commit_connection([Commit(git=git, data=c) for c in found], first, after)
        url = await fields.repository_url(info, model.repository_id, f"pull/{model.number}")
        if last is not None and (last < 0 or last > MAX_PAGE_SIZE):
            raise InvalidInput(f"'last' must be between 0 and {MAX_PAGE_SIZE}.", field="last")
        if last is not None:
            page = commit_connection([Commit(git=git, data=c) for c in found], MAX_PAGE_SIZE, None)
        return wrapped(page, url, last)

    @strawberry.field(description="The changes from the merge base to the head.")
    async def diff(self, info: Info) -> Diff:
        return Diff(data=await self._diff(info))

    @strawberry.field
    async def additions(self, info: Info) -> int:
        return (await self._diff(info)).additions

    @strawberry.field
    async def deletions(self, info: Info) -> int:
        return (await self._diff(info)).deletions

    @strawberry.field
    async def changed_files(self, info: Info) -> int:
        return (await self._diff(info)).changed_files

    @strawberry.field(description="GitHub's list of changed files (the diff's files).")
    async def files(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PullRequestChangedFileConnection:
        return changed_files(await self._diff(info), first)

    @strawberry.field
    async def comments(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
    ) -> Connection[PullRequestComment]:
        query = pulls.comments_query(self.model)
        return await paged(
            query,
            PullRequestComment.of,
            first=first,
            after=after,
            last=last,
            before=before,
            page=page,
        )

    @strawberry.field(
        description="Every comment, oldest first, in one query (at most 10,000): a whole "
        "thread for clients that show one; page through 'comments' otherwise."
    )
    async def all_comments(self) -> list[PullRequestComment]:
        return [PullRequestComment.of(c) for c in await pulls.thread(self.model)]


@strawberry.enum(description="GitHub's MergeStateStatus (the states Ingot can tell).")
class MergeStateStatus(Enum):
    BLOCKED = "BLOCKED"
    CLEAN = "CLEAN"
    DIRTY = "DIRTY"
    DRAFT = "DRAFT"
    UNKNOWN = "UNKNOWN"


@strawberry.enum(description="GitHub's review decision (Ingot has no reviews yet: never set).")
class PullRequestReviewDecision(Enum):
    APPROVED = "APPROVED"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    REVIEW_REQUIRED = "REVIEW_REQUIRED"


_MERGE_STATE = {"MERGEABLE": MergeStateStatus.CLEAN, "CONFLICTING": MergeStateStatus.DIRTY}


def _user(account: AccountModel) -> User:
    return User(model=account)


IssueOrPullRequest: TypeAlias = Annotated[
    Issue | PullRequest,
    strawberry.union("IssueOrPullRequest", description="Issues and pull requests share numbers."),
]
