"""CI: pipelines (one run of a commit's workflow files), their steps, step logs and secrets.

A pipeline's ``number`` comes from ``Repository.pipeline_counter``, taken in the
transaction that creates it (as issue numbers are): concurrent pushes never share
or skip one. Steps are rows made when the pipeline is queued from the parsed
workflow files (``definition`` keeps that parse as JSON). Log text is stored as
append-only ``StepLogChunk`` rows, so appending never rewrites what is there;
``Step.log_size`` counts the stored UTF-8 bytes against ``MAX_STEP_LOG``.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository

# Stored log text per step (UTF-8 bytes); past it the rest is dropped with one note.
MAX_STEP_LOG = 4 * 1024 * 1024


class PipelineStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    FAILURE = "failure"
    CANCELLED = "cancelled"
    ERROR = "error"


class PipelineEvent(StrEnum):
    PUSH = "push"
    MANUAL = "manual"
    RERUN = "rerun"


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCESS = "success"
    FAILURE = "failure"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class Pipeline(Model):
    """One run of a commit's workflow files on a branch.

    ``files`` are the workflow files, ``commit_oid`` the commit they come from.
    ``runner_id`` is the claiming runner's id (the runner helper's ``Runner`` rows;
    a plain column so revoking a runner keeps the history); ``heartbeat_at`` is
    the claim's lease, renewed by the runner. ``cancel_requested`` is set when a
    running pipeline is cancelled: the runner reads it and kills its step.
    """

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="pipelines", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    commit_oid = fields.CharField(max_length=64)
    branch = fields.CharField(max_length=255)
    event = fields.CharEnumField(PipelineEvent, max_length=10)
    status = fields.CharEnumField(PipelineStatus, max_length=10, default=PipelineStatus.PENDING)
    triggered_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="pipelines", null=True, on_delete=fields.SET_NULL
    )
    # The parsed workflow files: {"workflows": [{"file", "timeout", "steps": [...]}]}.
    definition: dict = fields.JSONField(default=dict)
    files: list = fields.JSONField(default=list)
    # Seconds the whole run may take (the sum of its files' ``timeout``).
    timeout = fields.IntField(default=300)
    error_message = fields.TextField(default="")
    runner_id = fields.IntField(null=True)
    heartbeat_at = fields.DatetimeField(null=True)
    cancel_requested = fields.BooleanField(default=False)
    rerun_of_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    repository_id: int
    triggered_by_id: int | None

    class Meta:
        table = "pipeline"
        unique_together = (("repository", "number"),)
        indexes = (("status", "id"),)


class Step(Model):
    """One step of a pipeline, in file order.

    ``commands`` are the raw ``run`` lines (``env.X = "v"`` lines included: they
    take effect when the runner reaches them)."""

    id = fields.IntField(primary_key=True)
    pipeline: fields.ForeignKeyRelation[Pipeline] = fields.ForeignKeyField(
        "ingot.Pipeline", related_name="steps", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    name = fields.CharField(max_length=255)
    # The workflow file the step comes from (``.kod/workflows/x.toml``).
    workflow = fields.CharField(max_length=1024, default="")
    image = fields.CharField(max_length=1024, default="")
    commands: list = fields.JSONField(default=list)
    environment: dict = fields.JSONField(default=dict)
    condition = fields.CharField(max_length=1024, default="")
    working_dir = fields.CharField(max_length=1024, default="")
    continue_on_error = fields.BooleanField(default=False)
    status = fields.CharEnumField(StepStatus, max_length=10, default=StepStatus.PENDING)
    exit_code = fields.IntField(null=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    log_size = fields.IntField(default=0)
    log_truncated = fields.BooleanField(default=False)

    pipeline_id: int

    class Meta:
        table = "pipeline_step"
        unique_together = (("pipeline", "number"),)


class StepLogChunk(Model):
    """A piece of a step's log, in the order appended (by id)."""

    id = fields.BigIntField(primary_key=True)
    step: fields.ForeignKeyRelation[Step] = fields.ForeignKeyField(
        "ingot.Step", related_name="log_chunks", on_delete=fields.CASCADE
    )
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    step_id: int

    class Meta:
        table = "pipeline_step_log"
        indexes = (("step_id", "id"),)


class Secret(Model):
    """A repository's CI secret, its value encrypted with the server key.

    ``value`` is ciphertext (``app.auth.secret_box``, associated data
    ``ci-secret:<repository id>:<name>``), never returned by any API."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="secrets", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255)
    value = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    repository_id: int

    class Meta:
        table = "ci_secret"
        unique_together = (("repository", "name"),)
