"""Pipelines: queueing, claiming, status transitions, logs, cancel and rerun.

Numbers come from ``Repository.pipeline_counter``, incremented in the
transaction that creates the pipeline (the row update holds the row's lock
until commit, as for issue numbers): concurrent pushes never share or skip one.

Statuses and who moves them (``PIPELINE_MOVES``, ``STEP_MOVES``; anything else
is refused with Conflict, so a late or repeated runner call cannot resurrect a
finished run):

- pipeline ``pending`` -> ``running`` (``claim``), ``cancelled`` (``cancel``),
  ``error``; ``running`` -> ``success`` | ``failure`` | ``cancelled`` | ``error``
  (``finish``). Finished states are final.
- step ``pending`` -> ``running`` | ``skipped`` | ``cancelled``; ``running`` ->
  ``success`` | ``failure`` | ``cancelled``. When a pipeline finishes, its
  pending steps become ``skipped`` (``cancelled`` if the run was cancelled or
  errored) and running ones ``cancelled``.

Cancelling a running pipeline sets ``Pipeline.cancel_requested``; the status
stays ``running`` until the runner, which sees the flag in the answer to its
heartbeat (``heartbeat`` returns the pipeline, ``heartbeat_runner`` every
pipeline of the runner), has killed the step and reports ``cancelled``. A claim
is a lease: ``heartbeat_at`` is renewed by either heartbeat and ``lose_stale``
(run it periodically, e.g. from the worker) turns pipelines whose runner went
quiet for ``HEARTBEAT_LEASE`` into ``error`` with that reason.

For the runner's job payload: ``Pipeline.definition`` (the parsed files, with
each file's ``timeout``), the ``Step`` rows (``commands`` raw, ``condition``,
``working_dir``, ``continue_on_error``, ``image``), and
``app.services.ci_secret.decrypted_secrets``. ``app.ci.workflow`` has
``evaluate``, ``interpolate``, ``env_assignment`` and ``confine`` for running them.

Finishing a pipeline raises the ``workflow`` webhook event in the same
transaction (``app.services.webhook_event.workflow``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.ci import workflow as wf
from app.errors import Conflict, NotFound
from app.models import (
    MAX_STEP_LOG,
    Account,
    Pipeline,
    PipelineEvent,
    PipelineStatus,
    Repository,
    Step,
    StepLogChunk,
    StepStatus,
)
from app.services import webhook_event
from app.services.pipeline_definition import Plan

FINISHED = frozenset(
    {PipelineStatus.SUCCESS, PipelineStatus.FAILURE, PipelineStatus.CANCELLED, PipelineStatus.ERROR}
)
PIPELINE_MOVES: dict[PipelineStatus, frozenset[PipelineStatus]] = {
    PipelineStatus.PENDING: frozenset(
        {PipelineStatus.RUNNING, PipelineStatus.CANCELLED, PipelineStatus.ERROR}
    ),
    PipelineStatus.RUNNING: FINISHED,
}
STEP_FINISHED = frozenset(
    {StepStatus.SUCCESS, StepStatus.FAILURE, StepStatus.SKIPPED, StepStatus.CANCELLED}
)
STEP_MOVES: dict[StepStatus, frozenset[StepStatus]] = {
    StepStatus.PENDING: frozenset({StepStatus.RUNNING, StepStatus.SKIPPED, StepStatus.CANCELLED}),
    StepStatus.RUNNING: frozenset({StepStatus.SUCCESS, StepStatus.FAILURE, StepStatus.CANCELLED}),
}
TRUNCATION_NOTE = (
    f"\n[log truncated: this step printed more than {MAX_STEP_LOG // (1024 * 1024)} MiB; "
    "the rest was not stored]\n"
)
# A runner silent for this long has lost its pipeline (it becomes ``error``).
HEARTBEAT_LEASE = timedelta(minutes=2)


def now() -> datetime:
    return datetime.now(UTC)


async def queue(
    repo: Repository,
    *,
    commit_oid: str,
    branch: str,
    event: PipelineEvent,
    plan: Plan,
    triggered_by: Account | None,
    rerun_of: int | None = None,
) -> Pipeline:
    """Create the pipeline and its steps with the next number (joins the caller's
    transaction if there is one). A plan with errors gives an ``error`` pipeline
    with one failed step per broken file, whose log says ``file:line: reason``."""
    async with in_transaction():
        await Repository.filter(id=repo.id).update(pipeline_counter=F("pipeline_counter") + 1)
        number = (await Repository.filter(id=repo.id).values_list("pipeline_counter", flat=True))[0]
        broken = bool(plan.errors)
        moment = now()
        pipeline = await Pipeline.create(
            repository_id=repo.id,
            number=number,
            commit_oid=commit_oid,
            branch=branch,
            event=event,
            status=PipelineStatus.ERROR if broken else PipelineStatus.PENDING,
            triggered_by_id=triggered_by.id if triggered_by else None,
            definition=plan.definition(),
            files=plan.files,
            timeout=sum(w.timeout for w in plan.workflows) or wf.DEFAULT_TIMEOUT,
            error_message="\n".join(str(e) for e in plan.errors),
            rerun_of_id=rerun_of,
            finished_at=moment if broken else None,
        )
        if broken:
            await _error_steps(pipeline, plan, moment)
        else:
            await Step.bulk_create(
                [
                    Step(
                        pipeline_id=pipeline.id,
                        number=number,
                        name=step.name,
                        workflow=workflow.file,
                        image=step.image,
                        commands=step.commands,
                        condition=step.condition,
                        working_dir=step.working_dir,
                        continue_on_error=step.continue_on_error,
                    )
                    for number, (workflow, step) in enumerate(
                        ((w, s) for w in plan.workflows for s in w.steps), start=1
                    )
                ]
            )
        if broken:
            repo_row = await Repository.get(id=repo.id)
            await _raise_workflow_event(repo_row, pipeline, triggered_by)
    return pipeline


async def _error_steps(pipeline: Pipeline, plan: Plan, moment: datetime) -> None:
    for number, error in enumerate(plan.errors, start=1):
        step = await Step.create(
            pipeline_id=pipeline.id,
            number=number,
            name=error.file,
            workflow=error.file,
            status=StepStatus.FAILURE,
            started_at=moment,
            finished_at=moment,
        )
        await append_log(step.id, f"{error.file}:{error.line}: {error.reason}\n")


async def claim(runner_id: int | None = None) -> Pipeline | None:
    """Take the oldest pending pipeline for a runner (``running``, leased); None if none.

    Exclusive across processes: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the
    write lock taken up front on SQLite; the status update re-checks ``pending``.
    """
    if not await Pipeline.filter(status=PipelineStatus.PENDING).exists():
        return None
    async with in_transaction() as conn:
        found = (
            await Pipeline.filter(status=PipelineStatus.PENDING)
            .order_by("id")
            .select_for_update(skip_locked=True)
            .using_db(conn)
            .first()
        )
        if found is None:
            return None
        moment = now()
        moved = (
            await Pipeline.filter(id=found.id, status=PipelineStatus.PENDING)
            .using_db(conn)
            .update(
                status=PipelineStatus.RUNNING,
                started_at=moment,
                heartbeat_at=moment,
                runner_id=runner_id,
            )
        )
        if not moved:
            return None
    return await Pipeline.get(id=found.id)


async def heartbeat(pipeline_id: int, runner_id: int | None = None) -> Pipeline:
    """Renew the runner's lease; the pipeline (read ``cancel_requested`` and ``status``).

    NotFound when the pipeline is not running for this runner (lost, finished or
    another's): the runner must stop working on it."""
    moved = await Pipeline.filter(
        id=pipeline_id, status=PipelineStatus.RUNNING, runner_id=runner_id
    ).update(heartbeat_at=now())
    if not moved:
        raise NotFound("This pipeline is not running for this runner.")
    return await Pipeline.get(id=pipeline_id)


async def heartbeat_runner(runner_id: int) -> list[Pipeline]:
    """Isurus' agent heartbeat: renew the lease of every pipeline running for the runner;
    those pipelines (the runner kills the steps of any with ``cancel_requested``)."""
    running = Pipeline.filter(status=PipelineStatus.RUNNING, runner_id=runner_id)
    await running.update(heartbeat_at=now())
    return await Pipeline.filter(status=PipelineStatus.RUNNING, runner_id=runner_id).order_by("id")


async def set_step_status(step: Step, status: StepStatus, exit_code: int | None = None) -> Step:
    """Move a step (``STEP_MOVES``); records start and finish times and the exit code."""
    allowed = [old for old, moves in STEP_MOVES.items() if status in moves]
    changes: dict[str, object] = {"status": status}
    if status == StepStatus.RUNNING:
        changes["started_at"] = now()
    else:
        changes["finished_at"] = now()
        if exit_code is not None:
            changes["exit_code"] = exit_code
    moved = await Step.filter(id=step.id, status__in=allowed).update(**changes)
    if not moved:
        current = await Step.get_or_none(id=step.id)
        state = current.status if current else "gone"
        raise Conflict(f"A step in status '{state}' cannot become '{status.value}'.")
    return await Step.get(id=step.id)


async def finish(
    pipeline: Pipeline, status: PipelineStatus, error: str = "", *, sender: Account | None = None
) -> Pipeline:
    """Move a pipeline to ``status`` (``PIPELINE_MOVES``); a finished one closes its steps
    and raises the ``workflow`` webhook event, all in one transaction."""
    allowed = [old for old, moves in PIPELINE_MOVES.items() if status in moves]
    moment = now()
    changes: dict[str, object] = {"status": status}
    if status == PipelineStatus.RUNNING:
        changes["started_at"] = moment
    if status in FINISHED:
        changes["finished_at"] = moment
    if error:
        changes["error_message"] = error
    async with in_transaction():
        moved = await Pipeline.filter(id=pipeline.id, status__in=allowed).update(**changes)
        if not moved:
            current = await Pipeline.get_or_none(id=pipeline.id)
            state = current.status if current else "gone"
            raise Conflict(f"A pipeline in status '{state}' cannot become '{status.value}'.")
        if status in FINISHED:
            gentle = status in (PipelineStatus.SUCCESS, PipelineStatus.FAILURE)
            await Step.filter(pipeline_id=pipeline.id, status=StepStatus.PENDING).update(
                status=StepStatus.SKIPPED if gentle else StepStatus.CANCELLED
            )
            await Step.filter(pipeline_id=pipeline.id, status=StepStatus.RUNNING).update(
                status=StepStatus.CANCELLED, finished_at=moment
            )
            updated = await Pipeline.get(id=pipeline.id)
            repo = await Repository.get(id=pipeline.repository_id)
            await _raise_workflow_event(repo, updated, sender)
    return await Pipeline.get(id=pipeline.id)


def kod_status(status: PipelineStatus | str) -> str:
    """Kod's run status: queued, running, completed or failed."""
    value = PipelineStatus(status)
    if value == PipelineStatus.PENDING:
        return "queued"
    if value == PipelineStatus.RUNNING:
        return "running"
    return "completed" if value == PipelineStatus.SUCCESS else "failed"


async def _raise_workflow_event(
    repo: Repository, pipeline: Pipeline, sender: Account | None
) -> None:
    await webhook_event.workflow(
        repo,
        sender,
        pipeline_id=pipeline.id,
        number=pipeline.number,
        branch=pipeline.branch,
        commit=pipeline.commit_oid,
        status=kod_status(pipeline.status),
        pipeline_status=PipelineStatus(pipeline.status).value,
    )


async def append_log(step_id: int, text: str) -> int:
    """Store ``text`` after the step's log; how many bytes were kept.

    Past ``MAX_STEP_LOG`` bytes the rest is dropped and one truncation note is
    stored instead. Masking secrets is the caller's job, before this."""
    if not text:
        return 0
    data = text.encode("utf-8", "replace")
    size = len(data)
    async with in_transaction():
        # The increment takes the step's row lock; the read-back sees our own increment.
        moved = await Step.filter(id=step_id).update(log_size=F("log_size") + size)
        if not moved:
            raise NotFound("No such step.")
        total, truncated = (await Step.filter(id=step_id).values_list("log_size", "log_truncated"))[
            0
        ]
        before = total - size
        if truncated:
            await Step.filter(id=step_id).update(log_size=before)
            return 0
        if total > MAX_STEP_LOG:
            kept = data[: max(MAX_STEP_LOG - before, 0)].decode("utf-8", "ignore")
            text = kept + TRUNCATION_NOTE
            size = len(kept.encode("utf-8"))
            await Step.filter(id=step_id).update(log_size=before + size, log_truncated=True)
        await StepLogChunk.create(step_id=step_id, text=text)
    return size


async def logs_of(step_ids: list[int]) -> dict[int, str]:
    """Each step's whole stored log, by step id (one query)."""
    pieces: dict[int, list[str]] = {step_id: [] for step_id in step_ids}
    rows = (
        await StepLogChunk.filter(step_id__in=step_ids)
        .order_by("id")
        .values_list("step_id", "text")
    )
    for step_id, text in rows:
        pieces[step_id].append(text)
    return {step_id: "".join(parts) for step_id, parts in pieces.items()}


async def lose_stale(lease: timedelta = HEARTBEAT_LEASE) -> list[int]:
    """Turn running pipelines whose runner has not called for ``lease`` into ``error``."""
    stale = await Pipeline.filter(
        status=PipelineStatus.RUNNING, heartbeat_at__lt=now() - lease
    ).values_list("id", flat=True)
    lost: list[int] = []
    for pipeline_id in stale:
        pipeline = await Pipeline.get(id=pipeline_id)
        try:
            await finish(
                pipeline,
                PipelineStatus.ERROR,
                f"The runner stopped sending heartbeats for {int(lease.total_seconds())} s.",
            )
        except Conflict:
            continue  # finished meanwhile
        lost.append(pipeline.id)
    return lost


def pipelines_query(
    repo: Repository, statuses: list[PipelineStatus] | None = None
) -> QuerySet[Pipeline]:
    query = Pipeline.filter(repository_id=repo.id)
    return query.filter(status__in=statuses) if statuses else query


async def by_number(repo: Repository, number: int) -> Pipeline:
    found = await Pipeline.get_or_none(repository_id=repo.id, number=number)
    if found is None:
        raise NotFound("Pipeline not found.")
    return found


def steps_query(pipeline: Pipeline) -> QuerySet[Step]:
    return Step.filter(pipeline_id=pipeline.id)
