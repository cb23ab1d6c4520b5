from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.models.job import JobState
from app.models.pull_request import Mergeable, PullRequestState
from app.models.repository_import import ImportState
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("ingot", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="BranchProtectionRule",
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
                        related_name="branch_protection_rules",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("pattern", fields.CharField(max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "branch_protection_rule",
                "app": "ingot",
                "unique_together": (("repository", "pattern"),),
                "pk_attr": "id",
                "table_description": "Branches only admins may push to: an exact name or an fnmatch glob such as release/*.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Job",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("kind", fields.CharField(max_length=50)),
                (
                    "payload",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "state",
                    fields.CharEnumField(
                        default=JobState.QUEUED,
                        description="QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed",
                        enum_type=JobState,
                        max_length=16,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("max_attempts", fields.IntField(default=3)),
                ("run_after", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "locked_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("last_error", fields.TextField(default="", unique=False)),
                (
                    "repository",
                    fields.ForeignKeyField(
                        "ingot.Repository",
                        source_field="repository_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="jobs",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("dedupe_key", fields.CharField(null=True, unique=True, max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "job",
                "app": "ingot",
                "indexes": [Index(fields=["state", "run_after"])],
                "pk_attr": "id",
                "table_description": "A unit of background work (dedupe_key is unique while set and cleared when claimed).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PullRequest",
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
                        related_name="pull_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.IntField()),
                ("title", fields.CharField(max_length=255)),
                ("body", fields.TextField(default="", unique=False)),
                (
                    "author",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="authored_pull_requests",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("head_ref", fields.CharField(max_length=255)),
                ("base_ref", fields.CharField(max_length=255)),
                ("head_oid", fields.CharField(max_length=64)),
                ("base_oid", fields.CharField(max_length=64)),
                ("merge_base_oid", fields.CharField(null=True, max_length=64)),
                (
                    "state",
                    fields.CharEnumField(
                        default=PullRequestState.OPEN,
                        description="OPEN: OPEN\nCLOSED: CLOSED\nMERGED: MERGED",
                        enum_type=PullRequestState,
                        max_length=8,
                    ),
                ),
                (
                    "mergeable",
                    fields.CharEnumField(
                        default=Mergeable.UNKNOWN,
                        description="MERGEABLE: MERGEABLE\nCONFLICTING: CONFLICTING\nUNKNOWN: UNKNOWN",
                        enum_type=Mergeable,
                        max_length=12,
                    ),
                ),
                (
                    "merge_started_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("merged_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "merged_by",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="merged_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="merged_pull_requests",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("merge_commit_oid", fields.CharField(null=True, max_length=64)),
                ("closed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "pull_request",
                "app": "ingot",
                "unique_together": (("repository", "number"),),
                "pk_attr": "id",
                "table_description": "A request to merge head_ref into base_ref of the same repository.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PullRequestComment",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "pull_request",
                    fields.ForeignKeyField(
                        "ingot.PullRequest",
                        source_field="pull_request_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="comments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="pull_request_comments",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("body", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "pull_request_comment", "app": "ingot", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Push",
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
                        related_name="pushes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "pusher",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="pusher_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="pushes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "push",
                "app": "ingot",
                "pk_attr": "id",
                "table_description": "One accepted git push, written after receive-pack has moved the refs.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RateLimitWindow",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("key", fields.CharField(max_length=64)),
                ("window_start", fields.BigIntField()),
                ("count", fields.IntField(default=0)),
            ],
            options={
                "table": "rate_limit_window",
                "app": "ingot",
                "unique_together": (("key", "window_start"),),
                "indexes": [Index(fields=["window_start"])],
                "pk_attr": "id",
                "table_description": "Requests handed out to one client in one window.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RefUpdate",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "push",
                    fields.ForeignKeyField(
                        "ingot.Push",
                        source_field="push_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ref_updates",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("ref_name", fields.CharField(max_length=1024)),
                ("old_oid", fields.CharField(max_length=64)),
                ("new_oid", fields.CharField(max_length=64)),
            ],
            options={
                "table": "ref_update",
                "app": "ingot",
                "pk_attr": "id",
                "table_description": "One ref a push moved (an all-zero oid is a creation or a deletion).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RepositoryImport",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "repository",
                    fields.OneToOneField(
                        "ingot.Repository",
                        source_field="repository_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="import_status",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "state",
                    fields.CharEnumField(
                        default=ImportState.QUEUED,
                        description="QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed",
                        enum_type=ImportState,
                        max_length=16,
                    ),
                ),
                ("source_url", fields.CharField(max_length=2048)),
                ("progress", fields.CharField(default="", max_length=255)),
                ("error", fields.TextField(default="", unique=False)),
                ("started_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "finished_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "repository_import",
                "app": "ingot",
                "pk_attr": "id",
                "table_description": "The import of one repository (source_url never holds credentials).",
            },
            bases=["Model"],
        ),
    ]
