"""Job tokens: what a runner clones a claimed pipeline's commit with.

A job token (``ingotj_``) reads exactly one repository over git (fetch only) and
only while its pipeline runs, at most until the claim plus the run's timeout
(and ``SLACK`` for the clone). It is minted by the claim, handed out once in the
poll's answer, stored as a hash and deleted when the pipeline finishes. Every
other surface refuses it as an invalid token.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.auth.token import JOB_PREFIX, generate_token, hash_token, looks_like_token
from app.errors import Unauthenticated
from app.models import Pipeline, PipelineStatus
from app.models.runner import JobToken

SLACK = timedelta(minutes=5)
INVALID = "The job token is invalid or its pipeline has ended."


def is_job_token(secret: str) -> bool:
    return looks_like_token(secret, (JOB_PREFIX,))


async def mint(pipeline: Pipeline) -> str:
    """A new job token for ``pipeline`` (replacing any earlier one)."""
    secret = generate_token(JOB_PREFIX)
    expires = datetime.now(UTC) + timedelta(seconds=pipeline.timeout) + SLACK
    await JobToken.filter(pipeline_id=pipeline.id).delete()
    await JobToken.create(
        pipeline_id=pipeline.id, token_hash=hash_token(secret), expires_at=expires
    )
    return secret


async def repository_of(secret: str) -> int:
    """The repository a live job token may read; Unauthenticated otherwise."""
    if not is_job_token(secret):
        raise Unauthenticated(INVALID)
    row = await JobToken.get_or_none(token_hash=hash_token(secret)).select_related("pipeline")
    if (
        row is None
        or row.expires_at <= datetime.now(UTC)
        or row.pipeline.status != PipelineStatus.RUNNING
    ):
        raise Unauthenticated(INVALID)
    return row.pipeline.repository_id


async def revoke(pipeline_id: int) -> None:
    await JobToken.filter(pipeline_id=pipeline_id).delete()
