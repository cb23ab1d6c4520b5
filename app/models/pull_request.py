"""Pull requests and their comments.

A pull request takes its number from the same per-repository counter as
issues, so a number names one thing in a repository.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository


class PullRequestState(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    MERGED = "MERGED"


class Mergeable(StrEnum):
    MERGEABLE = "MERGEABLE"
    CONFLICTING = "CONFLICTING"
    UNKNOWN = "UNKNOWN"


class PullRequest(Model):
    """A request to merge head_ref into base_ref of the same repository.

    head_oid, base_oid and merge_base_oid are the branch tips the cached
    mergeable state was computed on (frozen once merged). merge_started_at
    claims the pull request while a merge is under way.
    """

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="pull_requests", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    title = fields.CharField(max_length=255)
    body = fields.TextField(default="")
    author: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="authored_pull_requests", null=True, on_delete=fields.SET_NULL
    )
    head_ref = fields.CharField(max_length=255)
    # A fork's pull request: the branch head_ref lives in this repository (null: in the
    # base repository itself); its commits are fetched to ``refs/pull/<number>/head``.
    head_repository: fields.ForeignKeyNullableRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository",
        related_name="outgoing_pull_requests",
        null=True,
        on_delete=fields.SET_NULL,
    )
    # Set once at creation: stays true when the fork is deleted (head_repository null).
    is_cross_repository = fields.BooleanField(default=False, db_default=False)
    base_ref = fields.CharField(max_length=255)
    head_oid = fields.CharField(max_length=64)
    base_oid = fields.CharField(max_length=64)
    merge_base_oid = fields.CharField(max_length=64, null=True)
    state = fields.CharEnumField(PullRequestState, max_length=8, default=PullRequestState.OPEN)
    mergeable = fields.CharEnumField(Mergeable, max_length=12, default=Mergeable.UNKNOWN)
    # GitHub's draft: open for discussion, not for merging until marked ready.
    draft = fields.BooleanField(default=False)
    merge_started_at = fields.DatetimeField(null=True)
    merged_at = fields.DatetimeField(null=True)
    merged_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="merged_pull_requests", null=True, on_delete=fields.SET_NULL
    )
    merge_commit_oid = fields.CharField(max_length=64, null=True)
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    repository_id: int
    author_id: int | None
    merged_by_id: int | None
    head_repository_id: int | None

    class Meta:
        table = "pull_request"
        unique_together = (("repository", "number"),)
        # As ``issue``'s: list order, state filter and deep-page seeks from the index alone.
        indexes = (("repository_id", "id", "state"),)


class PullRequestComment(Model):
    id = fields.IntField(primary_key=True)
    pull_request: fields.ForeignKeyRelation[PullRequest] = fields.ForeignKeyField(
        "ingot.PullRequest", related_name="comments", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="pull_request_comments", null=True, on_delete=fields.SET_NULL
    )
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    pull_request_id: int
    author_id: int | None

    class Meta:
        table = "pull_request_comment"
