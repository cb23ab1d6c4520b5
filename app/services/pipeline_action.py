"""What users do with pipelines: who may see and start them, trigger, cancel, rerun,
and the pipelines a push queues.

Reading a repository's pipelines needs READ on it (a private repository's
pipelines do not exist for others: NotFound) and, for a token, ``workflow:read``.
Triggering, cancelling and re-running need the WRITE role (owner, organization
member, write collaborator, site admin) and ``workflow:trigger``; Kod's
documented tokens hold ``repo:read`` and ``workflow:trigger`` without
``repo:write``, so the role is checked before the token narrows it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from app.auth import scopes as sc
from app.errors import Forbidden, InvalidInput, NotFound
from app.git import directory
from app.models import Account, Pipeline, PipelineEvent, PipelineStatus, Repository
from app.services import flat_name, permission
from app.services import pipeline as pipelines
from app.services import pipeline_definition as definitions
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.pipeline_definition import Plan
from app.services.runtime import Storage

log = logging.getLogger("ingot.ci")


async def require_read(actor: Actor, repo: Repository | None) -> Repository:
    """``repo`` if ``actor`` may list its pipelines; NotFound when it cannot read it."""
    repo = await permission.require_read(actor, repo)
    if actor.scopes is not None and sc.WORKFLOW_READ not in actor.scopes:
        raise Forbidden(f"This token lacks the '{sc.WORKFLOW_READ}' scope.")
    return repo


async def may_read(actor: Actor, repo: Repository) -> bool:
    if await permission.repository_access(actor, repo) < permission.Access.READ:
        return False
    return actor.scopes is None or sc.WORKFLOW_READ in actor.scopes


async def visible_pipelines(
    actor: Actor, statuses: list[PipelineStatus] | None = None, *, flat: bool = False
) -> QuerySet[Pipeline]:
    """Pipelines of every repository ``actor`` can read (``flat``: only those Kod lists
    for it, ``app.services.flat_name``); none for a token without ``workflow:read``."""
    if actor.scopes is not None and sc.WORKFLOW_READ not in actor.scopes:
        return Pipeline.filter(id__in=[])
    readable = await (flat_name.listed(actor) if flat else repositories.visible_query(actor))
    query = Pipeline.filter(repository_id__in=Subquery(readable.values("id")))
    return query.filter(status__in=statuses) if statuses else query


async def require_trigger(actor: Actor, repo: Repository | None) -> Repository:
    """``repo`` if ``actor`` may trigger, cancel and rerun its pipelines."""
    repo = await permission.require_read(actor, repo)
    actor.require_account()
    if await permission.role_access(actor, repo) < permission.Access.WRITE:
        raise Forbidden("You need write access to this repository to run its pipelines.")
    actor.require_scope(sc.WORKFLOW_TRIGGER)
    return repo


async def trigger(
    actor: Actor,
    store: Storage,
    repo: Repository,
    branch: str,
    files: list[str] | None = None,
) -> Pipeline:
    """Queue a ``manual`` pipeline for the tip of ``branch`` (all its workflow files, or
    ``files``, which must lie directly inside ``.kod/workflows/``)."""
    await require_trigger(actor, repo)
    if not branch or len(branch) > 255 or "\x00" in branch:
        raise InvalidInput("Give the branch to run.", field="branch")
    wanted = None
    if files:
        try:
            wanted = definitions.check_files(files)
        except ValueError as exc:
            raise InvalidInput(str(exc), field="files") from None
    path = store.repository_path(*(await _owner_and_name(repo)))
    tip = await anyio.to_thread.run_sync(directory.branch_tip, path, branch)
    if tip is None:
        raise NotFound(f"Branch '{branch}' not found.", field="branch")
    plan = await anyio.to_thread.run_sync(definitions.plan, path, tip, wanted)
    if plan.empty:
        raise InvalidInput(
            f"Branch '{branch}' has no workflow files in .kod/workflows/.", field="branch"
        )
    return await pipelines.queue(
        repo,
        commit_oid=tip,
        branch=branch,
        event=PipelineEvent.MANUAL,
        plan=plan,
        triggered_by=actor.account,
    )


async def _owner_and_name(repo: Repository) -> tuple[str, str]:
    owner = await Account.get(id=repo.owner_id)
    return owner.login, repo.name


async def cancel(actor: Actor, repo: Repository, pipeline: Pipeline) -> Pipeline:
    """Cancel: a pending pipeline at once; a running one asks its runner (``cancel_requested``).
    A finished pipeline is left as it is."""
    await require_trigger(actor, repo)
    if pipeline.status == PipelineStatus.PENDING:
        try:
            return await pipelines.finish(pipeline, PipelineStatus.CANCELLED, sender=actor.account)
        except Exception:  # claimed meanwhile: now running, ask the runner instead
            pipeline = await Pipeline.get(id=pipeline.id)
    if pipeline.status == PipelineStatus.RUNNING:
        await Pipeline.filter(id=pipeline.id, status=PipelineStatus.RUNNING).update(
            cancel_requested=True
        )
    return await Pipeline.get(id=pipeline.id)


async def rerun(actor: Actor, repo: Repository, pipeline: Pipeline) -> Pipeline:
    """A new pipeline (``rerun``) on the same commit and branch, running what the first ran."""
    await require_trigger(actor, repo)
    plan = Plan.from_definition(pipeline.files, pipeline.definition)
    return await pipelines.queue(
        repo,
        commit_oid=pipeline.commit_oid,
        branch=pipeline.branch,
        event=PipelineEvent.RERUN,
        plan=plan,
        triggered_by=actor.account,
        rerun_of=pipeline.id,
    )


def plans_for_push(repo_path: Path, updates: list[tuple[str, str, str]]) -> dict[str, Plan]:
    """The plans of a push (a worker thread's job); never raises: CI must not fail a push."""
    try:
        return definitions.plans_for_push(repo_path, updates)
    except Exception:
        log.exception("reading workflow files after a push to %s", repo_path)
        return {}


async def queue_for_push(
    repo: Repository, pusher: Account | None, plans: dict[str, Plan]
) -> dict[str, int]:
    """Queue one ``push`` pipeline per branch with workflow files (inside the push's
    transaction); the pipeline ids by ref."""
    queued = {}
    for ref, plan in plans.items():
        pipeline = await pipelines.queue(
            repo,
            commit_oid=plan.commit_oid,
            branch=ref.removeprefix("refs/heads/"),
            event=PipelineEvent.PUSH,
            plan=plan,
            triggered_by=pusher,
        )
        queued[ref] = pipeline.id
    return queued
