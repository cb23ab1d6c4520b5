"""Activity: one row per thing that happened in a repository, for feeds."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.issue import Issue
from app.models.pull_request import PullRequest
from app.models.push import Push
from app.models.release import Release
from app.models.repository import Repository


class ActivityKind(StrEnum):
    PUSH = "PUSH"
    ISSUE_OPENED = "ISSUE_OPENED"
    ISSUE_CLOSED = "ISSUE_CLOSED"
    ISSUE_REOPENED = "ISSUE_REOPENED"
    ISSUE_COMMENTED = "ISSUE_COMMENTED"
    PULL_REQUEST_OPENED = "PULL_REQUEST_OPENED"
    PULL_REQUEST_MERGED = "PULL_REQUEST_MERGED"
    PULL_REQUEST_CLOSED = "PULL_REQUEST_CLOSED"
    RELEASE_PUBLISHED = "RELEASE_PUBLISHED"
    REPOSITORY_CREATED = "REPOSITORY_CREATED"


class Activity(Model):
    """Written in the transaction of the action it records, and deleted with its repository.

    A subject that is deleted later leaves the row with a null subject and the
    ``payload`` it was written with (a title, a ref name and commit count).
    """

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="activity", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="activity", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(ActivityKind, max_length=32)
    issue: fields.ForeignKeyNullableRelation[Issue] = fields.ForeignKeyField(
        "ingot.Issue", related_name="activity", null=True, on_delete=fields.SET_NULL
    )
    pull_request: fields.ForeignKeyNullableRelation[PullRequest] = fields.ForeignKeyField(
        "ingot.PullRequest", related_name="activity", null=True, on_delete=fields.SET_NULL
    )
    release: fields.ForeignKeyNullableRelation[Release] = fields.ForeignKeyField(
        "ingot.Release", related_name="activity", null=True, on_delete=fields.SET_NULL
    )
    push: fields.ForeignKeyNullableRelation[Push] = fields.ForeignKeyField(
        "ingot.Push", related_name="activity", null=True, on_delete=fields.SET_NULL
    )
    payload: dict[str, object] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    repository_id: int
    actor_id: int | None
    issue_id: int | None
    pull_request_id: int | None
    release_id: int | None
    push_id: int | None

    class Meta:
        table = "activity"
        # Feeds read newest first (by id) per repository and per actor.
        indexes = (("repository_id", "id"), ("actor_id", "id"))
