"""Webhooks and their deliveries: the outbox rows that survive restarts until sent."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"


class Webhook(Model):
    """Where a repository's events are POSTed, and how (``type`` picks the payload dialect).

    ``secret`` is ciphertext (``app.auth.secret_box``, associated data ``webhook``),
    empty without a secret; it is never returned, only used to sign.
    """

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="webhooks", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=2048)
    events: list = fields.JSONField(default=list)
    active = fields.BooleanField(default=True)
    content_type = fields.CharField(max_length=10, default="json")
    type = fields.CharField(max_length=20, default="gogs")
    secret = fields.TextField(default="")
    payload_query = fields.TextField(default="")
    creator: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="webhooks", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    repository_id: int
    creator_id: int | None

    class Meta:
        table = "webhook"
        indexes = (("repository_id", "active"),)


class WebhookDelivery(Model):
    """One event for one webhook: pending until an attempt succeeds or attempts run out.

    The request (``request_headers``, ``request_body``) is rendered at the first
    attempt and then frozen, so every retry sends the same bytes with the same
    ``guid``. ``attempts_log`` keeps every attempt: ``{at, duration_ms, status,
    error}``; the last attempt's response is also in the ``response_*`` columns.
    """

    id = fields.IntField(primary_key=True)
    guid = fields.CharField(max_length=36, unique=True)
    webhook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "ingot.Webhook", related_name="deliveries", on_delete=fields.CASCADE
    )
    repository_id = fields.IntField()
    event = fields.CharField(max_length=32)
    action = fields.CharField(max_length=32, default="")
    facts: dict = fields.JSONField(default=dict)
    status = fields.CharEnumField(DeliveryStatus, max_length=10, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField(default=4)
    next_attempt_at = fields.DatetimeField(null=True)
    # A claimed delivery whose lease passed belongs to a sender that died: claimed again.
    locked_until = fields.DatetimeField(null=True)
    request_headers: dict | None = fields.JSONField(null=True)
    request_body = fields.BinaryField(null=True)
    response_status = fields.IntField(null=True)
    response_headers: dict | None = fields.JSONField(null=True)
    response_body = fields.BinaryField(null=True)
    duration_ms = fields.IntField(null=True)
    last_error = fields.TextField(default="")
    attempts_log: list = fields.JSONField(default=list)
    # The delivery this one was redelivered from, if any.
    redelivery_of_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)

    webhook_id: int

    class Meta:
        table = "webhook_delivery"
        indexes = (("status", "next_attempt_at"), ("webhook_id", "id"))
