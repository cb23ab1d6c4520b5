"""Webhooks and their delivery outbox; ``repository.active_webhook_count``."""

import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.models.webhook import DeliveryStatus


class Migration(migrations.Migration):
    dependencies = [("ingot", "0009_keep_email_private")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Webhook",
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
                        related_name="webhooks",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("url", fields.CharField(max_length=2048)),
                (
                    "events",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("content_type", fields.CharField(default="json", max_length=10)),
                ("type", fields.CharField(default="gogs", max_length=20)),
                ("secret", fields.TextField(default="", unique=False)),
                ("payload_query", fields.TextField(default="", unique=False)),
                (
                    "creator",
                    fields.ForeignKeyField(
                        "ingot.Account",
                        source_field="creator_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="webhooks",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "webhook",
                "app": "ingot",
                "indexes": [Index(fields=["repository_id", "active"])],
                "pk_attr": "id",
                "table_description": (
                    "Where a repository's events are POSTed, and how "
                    "(``type`` picks the payload dialect)."
                ),
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WebhookDelivery",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("guid", fields.CharField(unique=True, max_length=36)),
                (
                    "webhook",
                    fields.ForeignKeyField(
                        "ingot.Webhook",
                        source_field="webhook_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("repository_id", fields.IntField()),
                ("event", fields.CharField(max_length=32)),
                ("action", fields.CharField(default="", max_length=32)),
                (
                    "facts",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=DeliveryStatus.PENDING,
                        description="PENDING: pending\nSUCCESS: success\nFAILED: failed",
                        enum_type=DeliveryStatus,
                        max_length=10,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("max_attempts", fields.IntField(default=4)),
                (
                    "next_attempt_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "locked_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "request_headers",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("request_body", fields.BinaryField(null=True)),
                ("response_status", fields.IntField(null=True)),
                (
                    "response_headers",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("response_body", fields.BinaryField(null=True)),
                ("duration_ms", fields.IntField(null=True)),
                ("last_error", fields.TextField(default="", unique=False)),
                (
                    "attempts_log",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("redelivery_of_id", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "delivered_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "webhook_delivery",
                "app": "ingot",
                "indexes": [
                    Index(fields=["status", "next_attempt_at"]),
                    Index(fields=["webhook_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": (
                    "One event for one webhook: pending until an attempt succeeds "
                    "or attempts run out."
                ),
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Repository",
            name="active_webhook_count",
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
