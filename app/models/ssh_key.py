"""SSH keys: an account's public keys and a repository's deploy keys, in one table.

One table so the database itself keeps a key registered once across the server
(``fingerprint`` is unique): a key is either an account's (``user`` set) or a
repository's deploy key (``repository`` set), never both, never twice. Either way
the key names one thing to authenticate as.
"""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository


class SshKey(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="ssh_keys", null=True, on_delete=fields.CASCADE
    )
    repository: fields.ForeignKeyNullableRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="deploy_keys", null=True, on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=255)
    # ``type base64``: what authenticates; the comment is kept apart, for people.
    key = fields.TextField()
    comment = fields.CharField(max_length=255, default="")
    key_type = fields.CharField(max_length=32)
    fingerprint = fields.CharField(max_length=64, unique=True)
    # Deploy keys only: whether the key may push.
    read_only = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)

    user_id: int | None
    repository_id: int | None

    class Meta:
        table = "ssh_key"
        table_description = "An account's public key or a repository's deploy key."

    @property
    def is_deploy_key(self) -> bool:
        return self.repository_id is not None

    def touched_recently(self, now: datetime, granularity_seconds: float) -> bool:
        return (
            self.last_used_at is not None
            and (now - self.last_used_at).total_seconds() < granularity_seconds
        )
