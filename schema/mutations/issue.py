"""Issues, comments and labels."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.models import Account
from app.models import IssueState as IssueStateModel
from app.services import issue as issues
from app.services.issue import UNSET, Unset
from app.services.pagination import encode_cursor
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import issue_by_id, repository_by_id, users_by_id
from schema.node import decode_global_id
from schema.types.connection import Edge
from schema.types.issue import Issue, IssueComment, Label
from schema.types.issue_state import IssueState


@bounded(tables.Issue, "title")
class CreateIssueInput:
    repository_id: strawberry.ID
    title: str
    body: str = ""
    label_ids: list[strawberry.ID] | None = None
    assignee_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="User ids; needs WRITE, like labelIds and milestoneId."
    )
    milestone_id: strawberry.ID | None = None


@strawberry.type
class CreateIssuePayload:
    issue: Issue


@bounded(tables.Issue, "title")
class UpdateIssueInput:
    id: strawberry.ID
    title: str | None = None
    body: str | None = None
    state: IssueState | None = strawberry.field(
        default=None,
        description="OPEN reopens a closed issue (and triages it); NEW (deprecated) is "
        "accepted only for an issue still untriaged.",
    )
    is_triaged: bool | None = strawberry.field(
        default=None,
        description="True triages an untriaged issue (Isurus' new -> open); an issue is "
        "never untriaged again (false on a triaged one is BAD_USER_INPUT).",
    )
    milestone_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Null takes the issue out of its milestone."
    )
    assignee_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="User ids replacing every assignee; [] or null unassigns all; needs WRITE.",
    )


@strawberry.type
class UpdateIssuePayload:
    issue: Issue


@strawberry.input
class MarkIssueAsTriagedInput:
    issue_id: strawberry.ID


@strawberry.type
class MarkIssueAsTriagedPayload:
    issue: Issue


@strawberry.input(description="GitHub's CloseIssueInput.")
class CloseIssueInput:
    issue_id: strawberry.ID


@strawberry.input(description="GitHub's ReopenIssueInput.")
class ReopenIssueInput:
    issue_id: strawberry.ID


@strawberry.input
class AddCommentInput:
    subject_id: strawberry.ID
    body: str


@strawberry.type
class AddCommentPayload:
    comment: IssueComment
    subject: Issue

    @strawberry.field(description="GitHub's edge to the new comment.")
    def comment_edge(self) -> Edge[IssueComment]:
        return Edge(cursor=encode_cursor(self.comment.model.id), node=self.comment)


@bounded(tables.Label, "name", "color", "description")
class CreateLabelInput:
    repository_id: strawberry.ID
    name: str
    color: str
    description: str = ""


@strawberry.type
class CreateLabelPayload:
    label: Label


@strawberry.input
class LabelableInput:
    labelable_id: strawberry.ID
    label_ids: list[strawberry.ID]


@strawberry.type
class LabelablePayload:
    labelable: Issue


@strawberry.input
class ClearLabelsFromLabelableInput:
    labelable_id: strawberry.ID


@strawberry.input
class AssignableInput:
    assignable_id: strawberry.ID
    assignee_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="User ids."
    )
    assignee_logins: list[str] = strawberry.field(
        default_factory=list, description="Logins, for callers that only know names."
    )


@strawberry.type
class AssignablePayload:
    assignable: Issue


async def _assignee_logins(info: Info, input: AssignableInput) -> list[str]:
    accounts = await _assignees(info, input.assignee_ids)
    return [*(account.login for account in accounts), *input.assignee_logins]


async def _assignees(info: Info, ids: list[strawberry.ID]) -> list[Account]:
    return await users_by_id(info, [str(i) for i in ids], "assigneeIds")


def _milestone_pk(value: object) -> int | Unset | None:
    if value is strawberry.UNSET:
        return UNSET
    if value is None:
        return None
    return decode_global_id(str(value), "Milestone", "milestoneId")[1]


def _state(state: IssueState | None) -> IssueStateModel | None:
    """The state to move to; the deprecated NEW moves nowhere (see ``isTriaged``)."""
    return None if state is None or state == IssueState.NEW else IssueStateModel(state.value)


def _label_pks(ids: list[strawberry.ID]) -> list[int]:
    return [decode_global_id(str(i), "Label", "labelIds")[1] for i in ids]


async def _change_state(info: Info, issue_id: str, state: IssueStateModel) -> UpdateIssuePayload:
    repo, issue = await issue_by_id(info, issue_id, "issueId")
    issue = await issues.update_issue(info.context.actor, repo, issue, state=state)
    return UpdateIssuePayload(issue=Issue.of(issue))


@strawberry.type
class IssueMutations:
    @strawberry.mutation
    async def create_issue(self, info: Info, input: CreateIssueInput) -> CreateIssuePayload:
        repo = await repository_by_id(info, str(input.repository_id))
        milestone = _milestone_pk(input.milestone_id)
        assignees = await _assignees(info, input.assignee_ids) if input.assignee_ids else []
        issue = await issues.create_issue(
            info.context.actor,
            repo,
            input.title,
            input.body,
            label_ids=_label_pks(input.label_ids) if input.label_ids else None,
            milestone_id=None if isinstance(milestone, Unset) else milestone,
            assignees=assignees or None,
        )
        # The new issue has no comments, and the assignees it was given (each once):
        # its payload need not read them back.
        loaders = info.context.loaders
        loaders.comment_counts_by_issue_id.prime(issue.id, 0)
        loaders.assignees_by_issue_id.prime(
            issue.id, sorted(assignees, key=lambda account: account.login_lower)
        )
        if not input.label_ids:
            loaders.labels_by_issue_id.prime(issue.id, [])
        return CreateIssuePayload(issue=Issue.of(issue))

    @strawberry.mutation(description="Edit an issue's title or body, or change its state.")
    async def update_issue(self, info: Info, input: UpdateIssueInput) -> UpdateIssuePayload:
        repo, issue = await issue_by_id(info, str(input.id))
        issue = await issues.update_issue(
            info.context.actor,
            repo,
            issue,
            title=input.title,
            body=input.body,
            state=_state(input.state),
            triaged=False if input.state == IssueState.NEW else input.is_triaged,
            milestone_id=_milestone_pk(input.milestone_id),
            assignees=UNSET
            if input.assignee_ids is strawberry.UNSET
            else await _assignees(info, input.assignee_ids or []),
        )
        return UpdateIssuePayload(issue=Issue.of(issue))

    @strawberry.mutation
    async def close_issue(self, info: Info, input: CloseIssueInput) -> UpdateIssuePayload:
        return await _change_state(info, str(input.issue_id), IssueStateModel.CLOSED)

    @strawberry.mutation
    async def reopen_issue(self, info: Info, input: ReopenIssueInput) -> UpdateIssuePayload:
        return await _change_state(info, str(input.issue_id), IssueStateModel.OPEN)

    @strawberry.mutation(
        description="Triage an issue (Isurus' new -> open): the author or a writer; "
        "triaging a triaged issue changes nothing."
    )
    async def mark_issue_as_triaged(
        self, info: Info, input: MarkIssueAsTriagedInput
    ) -> MarkIssueAsTriagedPayload:
        repo, issue = await issue_by_id(info, str(input.issue_id), "issueId")
        issue = await issues.update_issue(info.context.actor, repo, issue, triaged=True)
        return MarkIssueAsTriagedPayload(issue=Issue.of(issue))

    @strawberry.mutation(
        description="Comment on an issue. Pull requests share the issue numbers but keep "
        "their own comments: a pull request's id is BAD_USER_INPUT here (use "
        "addPullRequestComment)."
    )
    async def add_comment(self, info: Info, input: AddCommentInput) -> AddCommentPayload:
        repo, issue = await issue_by_id(info, str(input.subject_id), "subjectId")
        comment = await issues.add_comment(info.context.actor, repo, issue, input.body)
        return AddCommentPayload(comment=IssueComment(model=comment), subject=Issue.of(issue))

    @strawberry.mutation
    async def create_label(self, info: Info, input: CreateLabelInput) -> CreateLabelPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        label = await issues.create_label(
            info.context.actor, repo, input.name, input.color, input.description
        )
        return CreateLabelPayload(label=Label.of(label))

    @strawberry.mutation
    async def add_labels_to_labelable(self, info: Info, input: LabelableInput) -> LabelablePayload:
        repo, issue = await issue_by_id(info, str(input.labelable_id), "labelableId")
        current = await issues.label_ids(issue)
        wanted = current | set(_label_pks(input.label_ids))
        await issues.set_labels(info.context.actor, repo, issue, sorted(wanted))
        return LabelablePayload(labelable=Issue.of(issue))

    @strawberry.mutation
    async def remove_labels_from_labelable(
        self, info: Info, input: LabelableInput
    ) -> LabelablePayload:
        repo, issue = await issue_by_id(info, str(input.labelable_id), "labelableId")
        current = await issues.label_ids(issue)
        wanted = current - set(_label_pks(input.label_ids))
        await issues.set_labels(info.context.actor, repo, issue, sorted(wanted))
        return LabelablePayload(labelable=Issue.of(issue))

    @strawberry.mutation(description="Set an issue's labels to exactly these.")
    async def replace_labels_for_labelable(
        self, info: Info, input: LabelableInput
    ) -> LabelablePayload:
        repo, issue = await issue_by_id(info, str(input.labelable_id), "labelableId")
        await issues.set_labels(info.context.actor, repo, issue, _label_pks(input.label_ids))
        return LabelablePayload(labelable=Issue.of(issue))

    @strawberry.mutation
    async def clear_labels_from_labelable(
        self, info: Info, input: ClearLabelsFromLabelableInput
    ) -> LabelablePayload:
        repo, issue = await issue_by_id(info, str(input.labelable_id), "labelableId")
        await issues.set_labels(info.context.actor, repo, issue, [])
        return LabelablePayload(labelable=Issue.of(issue))

    @strawberry.mutation(description="Needs WRITE; assignees must be able to read the repository.")
    async def add_assignees_to_assignable(
        self, info: Info, input: AssignableInput
    ) -> AssignablePayload:
        repo, issue = await issue_by_id(info, str(input.assignable_id), "assignableId")
        logins = await _assignee_logins(info, input)
        await issues.set_assignees(info.context.actor, repo, issue, logins, [])
        return AssignablePayload(assignable=Issue.of(issue))

    @strawberry.mutation
    async def remove_assignees_from_assignable(
        self, info: Info, input: AssignableInput
    ) -> AssignablePayload:
        repo, issue = await issue_by_id(info, str(input.assignable_id), "assignableId")
        logins = await _assignee_logins(info, input)
        await issues.set_assignees(info.context.actor, repo, issue, [], logins)
        return AssignablePayload(assignable=Issue.of(issue))
