"""CI runners and the pipelines they hold: only hashes of their tokens are stored."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.pipeline import Pipeline


class Runner(Model):
    """A machine running ``ingot runner``, known by its ``ingotr_`` token.

    ``capacity`` is what it said on its last heartbeat (pipelines at once);
    ``last_heartbeat_at`` what the lost-runner check reads.
    """

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)
    token_hash = fields.CharField(max_length=64, unique=True)
    last_eight = fields.CharField(max_length=8)
    capacity = fields.IntField(default=1)
    last_heartbeat_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ci_runner"

    def is_usable(self) -> bool:
        return self.revoked_at is None


class JobToken(Model):
    """The ``ingotj_`` token of a claimed pipeline: git fetch of its repository, nothing else.

    It works while the pipeline runs and not past ``expires_at`` (the claim plus the
    run's timeout); the row goes when the pipeline finishes.
    """

    id = fields.IntField(primary_key=True)
    pipeline: fields.OneToOneRelation[Pipeline] = fields.OneToOneField(
        "ingot.Pipeline", related_name="job_token", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    pipeline_id: int

    class Meta:
        table = "ci_job_token"
