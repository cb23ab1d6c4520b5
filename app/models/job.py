"""Background jobs: rows that survive a restart, claimed by one worker at a time."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.repository import Repository


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(Model):
    """A unit of background work (dedupe_key is unique while set and cleared when claimed)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=50)
    payload: dict = fields.JSONField(default=dict)
    state = fields.CharEnumField(JobState, max_length=16, default=JobState.QUEUED)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField(default=3)
    run_after = fields.DatetimeField()
    # A running job whose lease passed belongs to a worker that died: it is claimed again.
    locked_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    repository: fields.ForeignKeyNullableRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="jobs", null=True, on_delete=fields.CASCADE
    )
    dedupe_key = fields.CharField(max_length=200, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    repository_id: int | None

    class Meta:
        table = "job"
        indexes = (("state", "run_after"),)
