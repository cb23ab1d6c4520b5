"""Pull requests: open, edit, close, reopen, merge, comment."""

from __future__ import annotations

from enum import Enum

import strawberry

from app import models as tables
from app.git.merge import MergeMethod
from app.models import PullRequestState as PullRequestStateModel
from app.services import pull_request as pulls
from app.services import pull_request_merge as merging
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import pull_request_by_id, repository_by_id
from schema.types.pull_request import PullRequest, PullRequestComment


@strawberry.enum(
    description="How mergePullRequest lands the head on the base (GitHub's MERGE, SQUASH, "
    "REBASE; FAST_FORWARD moves the base to the head without a new commit)."
)
class PullRequestMergeMethod(Enum):
    MERGE = "MERGE"
    SQUASH = "SQUASH"
    FAST_FORWARD = "FAST_FORWARD"
    REBASE = "REBASE"


@strawberry.enum(description="The states updatePullRequest may set.")
class PullRequestUpdateState(Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


@bounded(tables.PullRequest, "title", head_ref_name="head_ref", base_ref_name="base_ref")
class CreatePullRequestInput:
    repository_id: strawberry.ID
    title: str
    head_ref_name: str
    base_ref_name: str
    body: str = ""
    head_repository_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A fork of the repository whose branch headRefName is proposed; "
        "the repository itself when omitted.",
    )
    draft: bool = strawberry.field(
        default=False, description="Open it as a draft, which cannot be merged until ready."
    )


@strawberry.type
class CreatePullRequestPayload:
    pull_request: PullRequest


@bounded(tables.PullRequest, "title", base_ref_name="base_ref")
class UpdatePullRequestInput:
    pull_request_id: strawberry.ID
    title: str | None = None
    body: str | None = None
    base_ref_name: str | None = None
    state: PullRequestUpdateState | None = None


@strawberry.type
class UpdatePullRequestPayload:
    pull_request: PullRequest


@strawberry.input
class PullRequestIdInput:
    pull_request_id: strawberry.ID


@strawberry.input
class MergePullRequestInput:
    pull_request_id: strawberry.ID
    merge_method: PullRequestMergeMethod = PullRequestMergeMethod.MERGE
    commit_headline: str | None = None
    commit_body: str | None = None
    client_mutation_id: str | None = strawberry.field(
        default=None, description="GitHub's: any string, echoed in the payload."
    )
    expected_head_oid: str | None = strawberry.field(
        default=None, description="Refuse with CONFLICT unless the head is still at this commit."
    )


@strawberry.type
class MergePullRequestPayload:
    pull_request: PullRequest
    client_mutation_id: str | None = strawberry.field(
        default=None, description="GitHub's: the input's clientMutationId, echoed."
    )


@strawberry.input
class AddPullRequestCommentInput:
    pull_request_id: strawberry.ID
    body: str


@strawberry.type
class AddPullRequestCommentPayload:
    comment: PullRequestComment
    pull_request: PullRequest


async def _set_state(info: Info, global_id: str, state: PullRequestStateModel) -> PullRequest:
    repo, pr = await pull_request_by_id(info, global_id)
    pr = await pulls.update_pull_request(
        info.context.runtime.storage, info.context.actor, repo, pr, state=state
    )
    return PullRequest.of(pr)


@strawberry.type
class PullRequestMutations:
    @strawberry.mutation(description="Propose merging one branch into another.")
    async def create_pull_request(
        self, info: Info, input: CreatePullRequestInput
    ) -> CreatePullRequestPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        head_repository = None
        if input.head_repository_id is not None:
            head_repository = await repository_by_id(
                info, str(input.head_repository_id), "headRepositoryId"
            )
        pr = await pulls.create_pull_request(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            title=input.title,
            body=input.body,
            head_ref=input.head_ref_name,
            base_ref=input.base_ref_name,
            head_repository=head_repository,
            draft=input.draft,
        )
        return CreatePullRequestPayload(pull_request=PullRequest.of(pr))

    @strawberry.mutation(description="Edit title, body or base branch, or close/reopen.")
    async def update_pull_request(
        self, info: Info, input: UpdatePullRequestInput
    ) -> UpdatePullRequestPayload:
        repo, pr = await pull_request_by_id(info, str(input.pull_request_id))
        pr = await pulls.update_pull_request(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            pr,
            title=input.title,
            body=input.body,
            base_ref=input.base_ref_name,
            state=PullRequestStateModel(input.state.value) if input.state else None,
        )
        return UpdatePullRequestPayload(pull_request=PullRequest.of(pr))

    @strawberry.mutation
    async def close_pull_request(
        self, info: Info, input: PullRequestIdInput
    ) -> UpdatePullRequestPayload:
        pr = await _set_state(info, str(input.pull_request_id), PullRequestStateModel.CLOSED)
        return UpdatePullRequestPayload(pull_request=pr)

    @strawberry.mutation
    async def reopen_pull_request(
        self, info: Info, input: PullRequestIdInput
    ) -> UpdatePullRequestPayload:
        pr = await _set_state(info, str(input.pull_request_id), PullRequestStateModel.OPEN)
        return UpdatePullRequestPayload(pull_request=pr)

    @strawberry.mutation(description="Merge the head into the base (needs write access).")
    async def merge_pull_request(
        self, info: Info, input: MergePullRequestInput
    ) -> MergePullRequestPayload:
        repo, pr = await pull_request_by_id(info, str(input.pull_request_id))
        pr = await merging.merge_pull_request(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            pr,
            method=MergeMethod(input.merge_method.value),
            commit_headline=input.commit_headline,
            commit_body=input.commit_body,
            expected_head_oid=input.expected_head_oid,
        )
        return MergePullRequestPayload(
            pull_request=PullRequest.of(pr), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation
    async def add_pull_request_comment(
        self, info: Info, input: AddPullRequestCommentInput
    ) -> AddPullRequestCommentPayload:
        repo, pr = await pull_request_by_id(info, str(input.pull_request_id))
        comment = await pulls.add_comment(info.context.actor, repo, pr, input.body)
        return AddPullRequestCommentPayload(
            comment=PullRequestComment(model=comment), pull_request=PullRequest.of(pr)
        )
