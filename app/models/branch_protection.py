"""Branch protection: patterns of branches only the repository's admins may push to."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.repository import Repository


class BranchProtectionRule(Model):
    """Branches only admins may push to: an exact name or an fnmatch glob such as release/*."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="branch_protection_rules", on_delete=fields.CASCADE
    )
    pattern = fields.CharField(max_length=255)
    created_at = fields.DatetimeField(auto_now_add=True)

    repository_id: int

    class Meta:
        table = "branch_protection_rule"
        unique_together = (("repository", "pattern"),)
