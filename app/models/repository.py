"""Repositories: metadata rows; the git data lives in a bare repository on disk."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account


class Repository(Model):
    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="repositories", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    name_lower = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    is_private = fields.BooleanField(default=False)
    default_branch = fields.CharField(max_length=255, default="main")
    # The last issue number handed out; incremented atomically in a row lock.
    issue_counter = fields.IntField(default=0)
    milestone_counter = fields.IntField(default=0, db_default=0)
    # Issues in NEW or OPEN, changed in the transaction that creates, closes or reopens one,
    # so showing a repository needs no count over its issues (Gogs keeps num_issues alike).
    open_issue_count = fields.IntField(default=0, db_default=0)
    # The other unfiltered states, kept the same way (app.services.counters): an unfiltered
    # list's totalCount, X-Total-Count and last page come from these, exact at any size.
    new_issue_count = fields.IntField(default=0, db_default=0)
    closed_issue_count = fields.IntField(default=0, db_default=0)
    open_pull_request_count = fields.IntField(default=0, db_default=0)
    closed_pull_request_count = fields.IntField(default=0, db_default=0)
    merged_pull_request_count = fields.IntField(default=0, db_default=0)
    # Active webhooks, kept by app.services.webhook: an event in a repository without any
    # costs no query (app.services.webhook_event reads this from the loaded row).
    active_webhook_count = fields.IntField(default=0, db_default=0)
    # The last pipeline number handed out (app.services.pipeline), like issue_counter.
    pipeline_counter = fields.IntField(default=0, db_default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    pushed_at = fields.DatetimeField(null=True)

    # Forks (app.services.fork): the repository this one was forked from (null for one
    # that is no fork, or whose parent was deleted), and how many forks this one has,
    # kept in the transactions that create and delete forks (Gitea's num_forks).
    parent: fields.ForeignKeyNullableRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="forks", null=True, on_delete=fields.SET_NULL
    )
    fork_count = fields.IntField(default=0, db_default=0)
    # Issue tracker and wiki settings (Gogs' editIssueTracker and editWiki), and whether
    # the repository is a pull mirror (its source in repository_mirror); see
    # app/services/repository_features.py and app/services/mirror.py.
    has_issues = fields.BooleanField(default=True, db_default=True)
    uses_external_tracker = fields.BooleanField(default=False, db_default=False)
    external_tracker_url = fields.CharField(max_length=2048, default="", db_default="")
    external_tracker_format = fields.CharField(max_length=2048, default="", db_default="")
    external_tracker_style = fields.CharField(
        max_length=16, default="numeric", db_default="numeric"
    )
    has_wiki = fields.BooleanField(default=True, db_default=True)
    allow_public_wiki = fields.BooleanField(default=False, db_default=False)
    uses_external_wiki = fields.BooleanField(default=False, db_default=False)
    external_wiki_url = fields.CharField(max_length=2048, default="", db_default="")
    is_mirror = fields.BooleanField(default=False, db_default=False)

    owner_id: int
    parent_id: int | None

    class Meta:
        table = "repository"
        unique_together = (("owner", "name_lower"),)
