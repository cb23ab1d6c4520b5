"""Pushes: who moved which refs of a repository, and when."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository


class Push(Model):
    """One accepted git push, written after receive-pack has moved the refs."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="pushes", on_delete=fields.CASCADE
    )
    pusher: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="pushes", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    repository_id: int
    pusher_id: int | None

    class Meta:
        table = "push"


class RefUpdate(Model):
    """One ref a push moved (an all-zero oid is a creation or a deletion)."""

    id = fields.IntField(primary_key=True)
    push: fields.ForeignKeyRelation[Push] = fields.ForeignKeyField(
        "ingot.Push", related_name="ref_updates", on_delete=fields.CASCADE
    )
    ref_name = fields.CharField(max_length=1024)
    old_oid = fields.CharField(max_length=64)
    new_oid = fields.CharField(max_length=64)

    push_id: int

    class Meta:
        table = "ref_update"
