"""Issues, their comments, the repository's labels and milestones."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from app.models.account import Account, case_key, with_key
from app.models.repository import Repository


class IssueState(StrEnum):
    """GitHub's two states; whether an open issue was triaged is ``Issue.triaged``."""

    OPEN = "OPEN"
    CLOSED = "CLOSED"


class Label(Model):
    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="labels", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=50)
    # Names are unique per repository whatever their case; set by ``save``.
    name_lower = fields.CharField(max_length=100, null=True)
    color = fields.CharField(max_length=7, default="#6B7280")
    description = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    repository_id: int

    class Meta:
        table = "label"
        # ("repository", "name") is implied by the second; it stays because SQLite cannot
        # drop a table's inline constraint without rebuilding the table.
        unique_together = (("repository", "name"), ("repository", "name_lower"))

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.name_lower = case_key(self.name)
        columns = with_key(update_fields, "name", "name_lower")
        await super().save(using_db, columns, force_create, force_update)


class MilestoneState(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class Milestone(Model):
    """A target for a set of issues, numbered per repository like issues."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="milestones", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    title = fields.CharField(max_length=255)
    description = fields.TextField(default="")
    due_on = fields.DatetimeField(null=True)
    state = fields.CharEnumField(MilestoneState, max_length=8, default=MilestoneState.OPEN)
    creator: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="created_milestones", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    closed_at = fields.DatetimeField(null=True)

    repository_id: int
    creator_id: int | None

    class Meta:
        table = "milestone"
        unique_together = (("repository", "number"),)


class Issue(Model):
    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="issues", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    title = fields.CharField(max_length=255)
    body = fields.TextField(default="")
    state = fields.CharEnumField(IssueState, max_length=8, default=IssueState.OPEN)
    # Isurus' triage: false from creation until a writer (or the author) triages or
    # reopens the issue; Isurus shows an open, untriaged issue as ``new``.
    triaged = fields.BooleanField(default=False)
    author: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="authored_issues", null=True, on_delete=fields.SET_NULL
    )
    labels: fields.ManyToManyRelation[Label] = fields.ManyToManyField(
        "ingot.Label", related_name="issues", through="issue_label"
    )
    assignees: fields.ManyToManyRelation[Account] = fields.ManyToManyField(
        "ingot.Account", related_name="assigned_issues", through="issue_assignee"
    )
    milestone: fields.ForeignKeyNullableRelation[Milestone] = fields.ForeignKeyField(
        "ingot.Milestone", related_name="issues", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    closed_at = fields.DatetimeField(null=True)

    repository_id: int
    author_id: int | None
    milestone_id: int | None

    class Meta:
        table = "issue"
        unique_together = (("repository", "number"),)
        # Lists walk a repository's issues in id order filtering on state, and deep pages
        # seek through the first index alone (app.services.pagination); orderBy:
        # UPDATED_AT pages them by (updated_at, id).
        indexes = (("repository_id", "id", "state"), ("repository_id", "updated_at", "id"))


class Comment(Model):
    id = fields.IntField(primary_key=True)
    issue: fields.ForeignKeyRelation[Issue] = fields.ForeignKeyField(
        "ingot.Issue", related_name="comments", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="comments", null=True, on_delete=fields.SET_NULL
    )
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_edited_at = fields.DatetimeField(null=True)

    issue_id: int
    author_id: int | None

    class Meta:
        table = "comment"
