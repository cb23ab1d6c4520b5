"""CI: pipelines, their steps and logs, repository secrets; ``repository.pipeline_counter``."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.models.pipeline import PipelineEvent, PipelineStatus, StepStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("ingot", "0010_webhooks")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Pipeline",
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
                        related_name="pipelines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.IntField()),
                ("commit_oid", fields.CharField(max_length=64)),
                ("branch", fields.CharField(max_length=255)),
                (
                    "event",
                    fields.CharEnumField(
                        description="PUSH: push\nMANUAL: manual\nRERUN: rerun",
                        enum_type=PipelineEvent,
                        max_length=10,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=PipelineStatus.PENDING,
                        description="PENDING: pending\nRUNNING: running\nSUCCESS: success\nFAILURE: failure\nCANCELLED: cancelled\nERROR: error",
                        enum_type=PipelineStatus,
                        max_length=10,
                    ),
                ),
                (
                    "triggered_by",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="triggered_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="pipelines",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "definition",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "files",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("timeout", fields.IntField(default=300)),
                ("error_message", fields.TextField(default="", unique=False)),
                ("runner_id", fields.IntField(null=True)),
                (
                    "heartbeat_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("cancel_requested", fields.BooleanField(default=False)),
                ("rerun_of_id", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("started_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "finished_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "pipeline",
                "app": "ingot",
                "unique_together": (("repository", "number"),),
                "indexes": [Index(fields=["status", "id"])],
                "pk_attr": "id",
                "table_description": "One run of a commit's workflow files on a branch.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Secret",
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
                        related_name="secrets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=255)),
                ("value", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "ci_secret",
                "app": "ingot",
                "unique_together": (("repository", "name"),),
                "pk_attr": "id",
                "table_description": "A repository's CI secret, its value encrypted with the server key.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Step",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "pipeline",
                    fields.ForeignKeyField(
                        "ingot.Pipeline",
                        source_field="pipeline_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="steps",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.IntField()),
                ("name", fields.CharField(max_length=255)),
                ("workflow", fields.CharField(default="", max_length=1024)),
                ("image", fields.CharField(default="", max_length=1024)),
                (
                    "commands",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "environment",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("condition", fields.CharField(default="", max_length=1024)),
                ("working_dir", fields.CharField(default="", max_length=1024)),
                ("continue_on_error", fields.BooleanField(default=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=StepStatus.PENDING,
                        description="PENDING: pending\nRUNNING: running\nSUCCESS: success\nFAILURE: failure\nSKIPPED: skipped\nCANCELLED: cancelled",
                        enum_type=StepStatus,
                        max_length=10,
                    ),
                ),
                ("exit_code", fields.IntField(null=True)),
                ("started_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "finished_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("log_size", fields.IntField(default=0)),
                ("log_truncated", fields.BooleanField(default=False)),
            ],
            options={
                "table": "pipeline_step",
                "app": "ingot",
                "unique_together": (("pipeline", "number"),),
                "pk_attr": "id",
                "table_description": "One step of a pipeline, in file order.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StepLogChunk",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "step",
                    fields.ForeignKeyField(
                        "ingot.Step",
                        source_field="step_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="log_chunks",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("text", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "pipeline_step_log",
                "app": "ingot",
                "indexes": [Index(fields=["step_id", "id"])],
                "pk_attr": "id",
                "table_description": "A piece of a step's log, in the order appended (by id).",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Repository",
            name="pipeline_counter",
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
