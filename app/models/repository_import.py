"""Where an imported repository came from and how its import went."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.repository import Repository


class ImportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RepositoryImport(Model):
    """The import of one repository (source_url never holds credentials)."""

    id = fields.IntField(primary_key=True)
    repository: fields.OneToOneRelation[Repository] = fields.OneToOneField(
        "ingot.Repository", related_name="import_status", on_delete=fields.CASCADE
    )
    state = fields.CharEnumField(ImportState, max_length=16, default=ImportState.QUEUED)
    source_url = fields.CharField(max_length=2048)
    progress = fields.CharField(max_length=255, default="")
    error = fields.TextField(default="")
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    repository_id: int

    class Meta:
        table = "repository_import"
