"""Personal access tokens: only a hash of the secret is stored."""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account


class AccessToken(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="tokens", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255)
    token_hash = fields.CharField(max_length=64, unique=True)
    last_eight = fields.CharField(max_length=8)
    scopes = fields.TextField(default="")
    is_session = fields.BooleanField(default=False)
    expires_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "access_token"

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split(",") if s]

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
