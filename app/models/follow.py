"""Who follows whom: users follow users (as in Gogs and on GitHub)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account


class Follow(Model):
    """``follower`` follows ``user``, each pair at most once."""

    id = fields.IntField(primary_key=True)
    follower: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="following_links", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="follower_links", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    follower_id: int
    user_id: int

    class Meta:
        table = "follow"
        unique_together = (("follower", "user"),)
        indexes = (("user_id", "id"),)
