"""Editing and deleting issue comments; changing and deleting labels."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.services import comment as comments
from app.services import label as labels
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import comment_by_id, label_by_id
from schema.types.issue import IssueComment, Label


@strawberry.input
class UpdateIssueCommentInput:
    id: strawberry.ID
    body: str


@strawberry.type
class UpdateIssueCommentPayload:
    issue_comment: IssueComment


@strawberry.input
class DeleteIssueCommentInput:
    id: strawberry.ID


@strawberry.type
class DeleteIssueCommentPayload:
    deleted_comment_id: strawberry.ID


@bounded(tables.Label, "name", "color", "description")
class UpdateLabelInput:
    id: strawberry.ID
    name: str | None = None
    color: str | None = None
    description: str | None = None


@strawberry.type
class UpdateLabelPayload:
    label: Label


@strawberry.input
class DeleteLabelInput:
    id: strawberry.ID


@strawberry.type
class DeleteLabelPayload:
    deleted_label_id: strawberry.ID


@strawberry.type
class CommentMutations:
    @strawberry.mutation(description="The author or anyone with WRITE on the repository.")
    async def update_issue_comment(
        self, info: Info, input: UpdateIssueCommentInput
    ) -> UpdateIssueCommentPayload:
        repo, comment = await comment_by_id(info, str(input.id))
        comment = await comments.update_comment(info.context.actor, repo, comment, input.body)
        return UpdateIssueCommentPayload(issue_comment=IssueComment(model=comment))

    @strawberry.mutation(description="The author or an admin of the repository.")
    async def delete_issue_comment(
        self, info: Info, input: DeleteIssueCommentInput
    ) -> DeleteIssueCommentPayload:
        repo, comment = await comment_by_id(info, str(input.id))
        await comments.delete_comment(info.context.actor, repo, comment)
        return DeleteIssueCommentPayload(deleted_comment_id=input.id)

    @strawberry.mutation(description="Needs WRITE on the repository.")
    async def update_label(self, info: Info, input: UpdateLabelInput) -> UpdateLabelPayload:
        repo, label = await label_by_id(info, str(input.id))
        label = await labels.update_label(
            info.context.actor,
            repo,
            label,
            name=input.name,
            color=input.color,
            description=input.description,
        )
        return UpdateLabelPayload(label=Label.of(label))

    @strawberry.mutation(description="Needs WRITE; the label leaves every issue too.")
    async def delete_label(self, info: Info, input: DeleteLabelInput) -> DeleteLabelPayload:
        repo, label = await label_by_id(info, str(input.id))
        await labels.delete_label(info.context.actor, repo, label)
        return DeleteLabelPayload(deleted_label_id=input.id)
