"""Collaborators: users given access to one repository outside any organization."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository


class CollaboratorPermission(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


class Collaborator(Model):
    """A user's access to a repository they neither own nor reach through an organization."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="collaborators", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="collaborations", on_delete=fields.CASCADE
    )
    permission = fields.CharEnumField(
        CollaboratorPermission, max_length=8, default=CollaboratorPermission.WRITE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    repository_id: int
    user_id: int

    class Meta:
        table = "collaborator"
        unique_together = (("repository", "user"),)
