"""The CI agent API's side of the forge: what runners do to pipelines.

Each call comes from an authenticated runner (``app.services.runner``) and may
only touch pipelines that runner claimed and that still run: anything else is
NotFound (another runner's pipeline) or Conflict (finished, cancelled, lost),
and a Conflict tells the runner to stop. The transitions themselves are
``app.services.pipeline``'s (``PIPELINE_MOVES``, ``STEP_MOVES``).

Every call renews the claim's lease (``Pipeline.heartbeat_at``); ``sweep``, run
periodically by the job worker, turns pipelines whose runner went quiet for
``INGOT_RUNNER_TIMEOUT`` seconds into ``error``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TypeVar

from app.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge
from app.models import Pipeline, PipelineStatus, Repository, Step, StepLogChunk, StepStatus
from app.models.runner import JobToken, Runner
from app.services import ci_secret, job_token
from app.services import pipeline as pipelines
from app.services import runner as runners
from app.services.log_mask import MASK, Masker
from app.services.runtime import Runtime

S = TypeVar("S", bound=StrEnum)
# The agent API's limit on one log append (the seed's "Maximum 1MB per request").
MAX_LOG_REQUEST = 1024 * 1024


@dataclass
class Job:
    """A claimed pipeline as the runner needs it (the poll's answer)."""

    pipeline: Pipeline
    steps: list[Step]
    owner: str
    name: str
    clone_url: str
    token: str
    secrets: dict[str, str] = field(default_factory=dict)

    @property
    def ci_env(self) -> dict[str, str]:
        return {
            "CI": "true",
            "CI_PIPELINE_ID": str(self.pipeline.id),
            "CI_COMMIT": self.pipeline.commit_oid,
            "CI_BRANCH": self.pipeline.branch,
            "CI_REPO": f"{self.owner}/{self.name}",
        }


async def poll(runtime: Runtime, runner: Runner) -> Job | None:
    """Claim the oldest pending pipeline for ``runner``; None when there is none."""
    await runners.heartbeat(runner)
    pipeline = await pipelines.claim(runner.id)
    if pipeline is None:
        return None
    repo = await Repository.get(id=pipeline.repository_id).select_related("owner")
    steps = await Step.filter(pipeline_id=pipeline.id).order_by("number")
    token = await job_token.mint(pipeline)
    secrets = await ci_secret.decrypted_secrets(runtime.secrets, repo.id)
    base = runtime.settings.base_url.rstrip("/")
    await runtime.pipeline_events.publish_status(pipeline.id, pipeline.status)
    return Job(
        pipeline=pipeline,
        steps=steps,
        owner=repo.owner.login,
        name=repo.name,
        clone_url=f"{base}/{repo.owner.login}/{repo.name}.git",
        token=token,
        secrets=secrets,
    )


async def heartbeat(runner: Runner, capacity: int | None, held: list[int]) -> list[int]:
    """Record that ``runner`` lives and renew the leases of the pipelines it says it runs;
    the ids among them it must stop (cancelled, lost, finished or not its own)."""
    await runners.heartbeat(runner, capacity)
    stop = []
    for pipeline_id in held[:256]:
        try:
            pipeline = await pipelines.heartbeat(pipeline_id, runner.id)
        except NotFound:
            stop.append(pipeline_id)
            continue
        if pipeline.cancel_requested:
            stop.append(pipeline_id)
    return stop


async def _held(runner: Runner, pipeline_id: int) -> Pipeline:
    """The runner's running pipeline; NotFound if not its own, Conflict if it ended."""
    pipeline = await Pipeline.get_or_none(id=pipeline_id)
    if pipeline is None or pipeline.runner_id != runner.id:
        raise NotFound("This runner holds no such pipeline.")
    if pipeline.status != PipelineStatus.RUNNING:
        raise Conflict(f"The pipeline is {pipeline.status}: stop working on it.")
    return pipeline


async def _held_step(runner: Runner, step_id: int) -> tuple[Pipeline, Step]:
    step = await Step.get_or_none(id=step_id)
    if step is None:
        raise NotFound("This runner holds no such step.")
    return await _held(runner, step.pipeline_id), step


def _status(enum: type[S], value: str) -> S:
    """The status named ``value``; BAD_USER_INPUT (422) for a value the seed does not list."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(s.value for s in enum)
        raise InvalidInput(f"'status' must be one of {allowed}.", field="status") from None


async def step_status(
    runtime: Runtime, runner: Runner, step_id: int, status: str, exit_code: int | None
) -> Step:
    """Move a step of a held pipeline (Conflict for a move ``STEP_MOVES`` does not allow)."""
    wanted = _status(StepStatus, status)
    pipeline, step = await _held_step(runner, step_id)
    await pipelines.heartbeat(pipeline.id, runner.id)
    step = await pipelines.set_step_status(step, wanted, exit_code)
    await runtime.pipeline_events.publish_status(
        pipeline.id, pipeline.status, step_number=step.number, step_status=step.status
    )
    return step


async def pipeline_status(
    runtime: Runtime, runner: Runner, pipeline_id: int, status: str, message: str = ""
) -> Pipeline:
    """Finish (or confirm as running) a held pipeline; its job token ends with it."""
    wanted = _status(PipelineStatus, status)
    pipeline = await _held(runner, pipeline_id)
    if wanted == PipelineStatus.RUNNING:
        return await pipelines.heartbeat(pipeline.id, runner.id)
    pipeline = await pipelines.finish(pipeline, wanted, message[:4000])
    await job_token.revoke(pipeline.id)
    await runtime.pipeline_events.publish_status(pipeline.id, pipeline.status)
    return pipeline


async def _unsplit(step_id: int, masker: Masker, text: str) -> str:
    """Mask a value split between the stored log's end and ``text``: the stored part
    becomes ``***`` (in its chunk row) and the rest is dropped from ``text``."""
    last = await StepLogChunk.filter(step_id=step_id).order_by("-id").first()
    if last is None or not last.text:
        return text
    for value in masker.values:
        for cut in range(len(value) - 1, 0, -1):
            head, rest = value[:cut], value[cut:]
            if last.text.endswith(head) and text.startswith(rest):
                last.text = last.text[: -len(head)] + MASK
                await StepLogChunk.filter(id=last.id).update(text=last.text)
                return text[len(rest) :]
    return text


async def append_log(runtime: Runtime, runner: Runner, step_id: int, text: str) -> int:
    """Store ``text`` after the step's log, secrets masked; the bytes kept (capped)."""
    if len(text.encode("utf-8", "replace")) > MAX_LOG_REQUEST:
        raise PayloadTooLarge("A log append holds at most 1 MB.")
    pipeline, step = await _held_step(runner, step_id)
    await pipelines.heartbeat(pipeline.id, runner.id)
    secrets = await ci_secret.decrypted_secrets(runtime.secrets, pipeline.repository_id)
    masker = Masker(secrets.values())
    if masker.values:
        text = masker.mask(await _unsplit(step.id, masker, text))
    kept = await pipelines.append_log(step.id, text)
    if not step.log_truncated:
        # Something was stored (the text, or its kept part and the truncation note):
        # live subscribers read it from the database.
        await runtime.pipeline_events.publish_log(pipeline.id, step.number, text)
    return kept


async def sweep(lease: timedelta) -> list[int]:
    """Pipelines whose runner went quiet for ``lease`` become ``error``; job tokens of
    pipelines that ended are removed. The ids lost."""
    lost = await pipelines.lose_stale(lease)
    await JobToken.filter(pipeline__status__not=PipelineStatus.RUNNING).delete()
    return lost
