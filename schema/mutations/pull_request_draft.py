"""GitHub's drafts: ``convertPullRequestToDraft``, ``markPullRequestReadyForReview``."""

from __future__ import annotations

import strawberry

from app.services import pull_request as pulls
from schema.context import Info
from schema.lookup import pull_request_by_id
from schema.types.pull_request import PullRequest


@strawberry.input
class ConvertPullRequestToDraftInput:
    pull_request_id: strawberry.ID


@strawberry.type
class ConvertPullRequestToDraftPayload:
    pull_request: PullRequest


@strawberry.input
class MarkPullRequestReadyForReviewInput:
    pull_request_id: strawberry.ID


@strawberry.type
class MarkPullRequestReadyForReviewPayload:
    pull_request: PullRequest


async def _set_draft(info: Info, pull_request_id: str, draft: bool) -> PullRequest:
    repo, pr = await pull_request_by_id(info, pull_request_id, "pullRequestId")
    pr = await pulls.set_draft(info.context.actor, repo, pr, draft)
    return PullRequest.of(pr)


@strawberry.type
class PullRequestDraftMutations:
    @strawberry.mutation(
        description="Make an open pull request a draft (it cannot be merged until marked "
        "ready): the author or a writer."
    )
    async def convert_pull_request_to_draft(
        self, info: Info, input: ConvertPullRequestToDraftInput
    ) -> ConvertPullRequestToDraftPayload:
        pr = await _set_draft(info, str(input.pull_request_id), True)
        return ConvertPullRequestToDraftPayload(pull_request=pr)

    @strawberry.mutation(description="Mark a draft ready for review (and for merging).")
    async def mark_pull_request_ready_for_review(
        self, info: Info, input: MarkPullRequestReadyForReviewInput
    ) -> MarkPullRequestReadyForReviewPayload:
        pr = await _set_draft(info, str(input.pull_request_id), False)
        return MarkPullRequestReadyForReviewPayload(pull_request=pr)
