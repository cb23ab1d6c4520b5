from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.models.activity import ActivityKind
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("ingot", "0004_rest_gogs_collab")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Activity",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "repository",
                    fields.ForeignKeyField(
                        "ingot.Repository",
                        source_field="repository_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="activity",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "actor",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="actor_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="activity",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="PUSH: PUSH\nISSUE_OPENED: ISSUE_OPENED\nISSUE_CLOSED: ISSUE_CLOSED\nISSUE_REOPENED: ISSUE_REOPENED\nISSUE_COMMENTED: ISSUE_COMMENTED\nPULL_REQUEST_OPENED: PULL_REQUEST_OPENED\nPULL_REQUEST_MERGED: PULL_REQUEST_MERGED\nPULL_REQUEST_CLOSED: PULL_REQUEST_CLOSED\nRELEASE_PUBLISHED: RELEASE_PUBLISHED\nREPOSITORY_CREATED: REPOSITORY_CREATED",
                        enum_type=ActivityKind,
                        max_length=32,
                    ),
                ),
                (
                    "issue",
                    fields.ForeignKeyField(
                        "ingot.Issue",
                        source_field="issue_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="activity",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "pull_request",
                    fields.ForeignKeyField(
                        "ingot.PullRequest",
                        source_field="pull_request_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="activity",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "release",
                    fields.ForeignKeyField(
                        "ingot.Release",
                        source_field="release_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="activity",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "push",
                    fields.ForeignKeyField(
                        "ingot.Push",
                        source_field="push_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="activity",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "payload",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "activity",
                "app": "ingot",
                "indexes": [
                    Index(fields=["repository_id", "id"]),
                    Index(fields=["actor_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "Written in the transaction of the action it records, and deleted with its repository.",
            },
            bases=["Model"],
        ),
    ]
