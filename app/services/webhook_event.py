"""Webhook events: one delivery row per matching active webhook, in the caller's transaction.

Every function here is called inside the transaction that makes the change
(``async with in_transaction(): ...``), so the delivery rows commit or roll
back with it: nothing is lost between the change and the send (the outbox).
A repository without active webhooks costs nothing: ``active_webhook_count``
is read from the already loaded repository row; with some, one indexed query.
The sender wakes up when the request ends (``schema.execute`` after a
mutation, ``push.after_push`` after a push); other processes poll.

Facts: the JSON snapshot a renderer works from
------------------------------------------------
Renderers (``server/webhooks``) build each dialect's payload from a delivery's
``event``, ``action`` and ``facts``, loading current objects by id through
GraphQL. Ids are database ids (the GraphQL id is
``schema.global_id(type, id)``). Every facts object has

- ``repository_id`` (int) and ``sender_id`` (int or null: the account acting).

Per event (``action`` in brackets):

- ``push`` (``""``): ``ref`` (full name), ``before``, ``after`` (oids; all zeros
  for a created ref), ``created`` and ``deleted`` (bools), ``commit_count``
  (commits new to the ref, as the activity feed counts them), ``push_id`` (the
  ``Push`` row, or null for a merge), ``pull_request_id`` (the pull request a
  merge pushed, or null). A deleted ref gives ``delete`` only, not ``push``.
- ``create`` / ``delete`` (``""``): ``ref`` (full name), ``ref_type``
  (``branch`` | ``tag``), ``name`` (short name), ``sha`` (the new oid for
  create, the old one for delete).
- ``issues`` (``opened`` | ``edited`` | ``closed`` | ``reopened`` | ``labeled`` |
  ``assigned`` | ``milestoned``): ``issue_id``, ``number``; ``edited`` adds
  ``changes`` ``{"title": {"from": old}, "body": {"from": old}}`` (only the keys
  that changed); ``labeled`` adds ``label_ids`` (the labels now set);
  ``assigned`` adds ``assignee_ids`` (now assigned); ``milestoned`` adds
  ``milestone_id`` (null when it was removed).
- ``issue_comment`` (``created`` | ``edited`` | ``deleted``): ``issue_id`` (or
  ``pull_request_id`` for a pull request's comment), ``number``,
  ``is_pull_request``, ``comment_id``; ``edited`` adds ``changes``
  ``{"body": {"from": old}}``; ``deleted`` adds ``comment`` ``{"body",
  "author_id", "created_at"}`` (the row is gone by the time it renders).
- ``pull_request`` (``opened`` | ``edited`` | ``closed`` | ``reopened`` |
  ``merged`` | ``synchronized``): ``pull_request_id``, ``number``; ``edited``
  adds ``changes`` as for issues; ``merged`` adds ``merge_commit_oid``;
  ``synchronized`` adds ``before`` and ``after`` (the head's oids).
- ``release`` (``published`` | ``updated`` | ``deleted``): ``release_id``,
  ``tag_name``; ``deleted`` adds ``release`` ``{"tag_name", "name", "body",
  "is_draft", "is_prerelease", "author_id", "created_at"}``.
- ``ping`` (``""``): ``webhook_id``; sent by ``testWebhook`` to that webhook alone.
- ``workflow`` (``completed`` | ``failed``: Kod's run status, also in ``status``):
  ``pipeline_id``, ``number``, ``branch``, ``commit`` (oid), ``status``
  (``completed`` | ``failed``), ``pipeline_status`` (``success``, ``failure``,
  ``cancelled`` or ``error``). Raised when a pipeline finishes
  (``app.services.pipeline.finish``). Kod's payload is ``{event: "workflow",
  repo, id, branch, commit, status}`` with ``id`` the pipeline's id.

A ``push`` for a branch whose commit queued a pipeline also carries
``pipeline_id`` (Kod's ``workflowRunId``); null otherwise.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from app.models import (
    Account,
    PullRequest,
    PullRequestState,
    Repository,
    Webhook,
    WebhookDelivery,
)

# What a webhook may subscribe to (``ping`` is sent, never subscribed).
EVENTS = (
    "push",
    "create",
    "delete",
    "issues",
    "issue_comment",
    "pull_request",
    "release",
    "workflow",
)
PING = "ping"
MAX_ATTEMPTS = 4
_ZERO = frozenset({"0" * 40, "0" * 64})


def _base(repo: Repository, sender: Account | None) -> dict[str, Any]:
    return {"repository_id": repo.id, "sender_id": sender.id if sender else None}


def new_delivery(webhook_id: int, repository_id: int, event: str, action: str, facts: dict) -> Any:
    """An unsaved delivery row, due now, with a fresh delivery id."""
    return WebhookDelivery(
        guid=str(uuid.uuid4()),
        webhook_id=webhook_id,
        repository_id=repository_id,
        event=event,
        action=action,
        facts=facts,
        max_attempts=MAX_ATTEMPTS,
        next_attempt_at=datetime.now(UTC),
    )


async def _raise_many(repo: Repository, events: Iterable[tuple[str, str, dict]]) -> int:
    """Write a delivery per (event, webhook subscribed to it); how many were written."""
    if repo.active_webhook_count <= 0:
        return 0
    events = list(events)
    if not events:
        return 0
    hooks = await Webhook.filter(repository_id=repo.id, active=True).values_list("id", "events")
    rows = [
        new_delivery(hook_id, repo.id, event, action, facts)
        for event, action, facts in events
        for hook_id, subscribed in hooks
        if event in (subscribed or ())
    ]
    if rows:
        await WebhookDelivery.bulk_create(rows)
    return len(rows)


async def _raise(repo: Repository, event: str, action: str, facts: dict) -> int:
    return await _raise_many(repo, [(event, action, facts)])


def _short(ref: str) -> tuple[str, str] | None:
    for prefix, kind in (("refs/heads/", "branch"), ("refs/tags/", "tag")):
        if ref.startswith(prefix):
            return kind, ref[len(prefix) :]
    return None


async def push(
    repo: Repository,
    pusher: Account | None,
    updates: list[tuple[str, str, str]],
    *,
    commit_counts: dict[str, int] | None = None,
    push_id: int | None = None,
    pull_request_id: int | None = None,
    pipeline_ids: dict[str, int] | None = None,
) -> int:
    """``push`` per updated ref, plus ``create``/``delete`` for created and deleted refs.

    ``pipeline_ids``: the pipeline each ref's push queued, by ref name."""
    if repo.active_webhook_count <= 0:
        return 0
    counts = commit_counts or {}
    events: list[tuple[str, str, dict]] = []
    for ref, old, new in updates:
        created, deleted = old in _ZERO, new in _ZERO
        short = _short(ref)
        if short is not None and (created or deleted):
            kind, name = short
            facts = {**_base(repo, pusher), "ref": ref, "ref_type": kind, "name": name}
            events.append(
                ("delete" if deleted else "create", "", {**facts, "sha": old if deleted else new})
            )
        if deleted:
            continue
        events.append(
            (
                "push",
                "",
                {
                    **_base(repo, pusher),
                    "ref": ref,
                    "before": old,
                    "after": new,
                    "created": created,
                    "deleted": False,
                    "commit_count": counts.get(ref, 0),
                    "push_id": push_id,
                    "pull_request_id": pull_request_id,
                    "pipeline_id": (pipeline_ids or {}).get(ref),
                },
            )
        )
    events += await _synchronized(repo, pusher, updates)
    return await _raise_many(repo, events)


async def _synchronized(
    repo: Repository, pusher: Account | None, updates: list[tuple[str, str, str]]
) -> list[tuple[str, str, dict]]:
    """``pull_request`` ``synchronized`` for each open pull request whose head moved."""
    moved = {
        ref.removeprefix("refs/heads/"): (old, new)
        for ref, old, new in updates
        if ref.startswith("refs/heads/") and old not in _ZERO and new not in _ZERO
    }
    if not moved:
        return []
    rows = await PullRequest.filter(
        repository_id=repo.id, state=PullRequestState.OPEN, head_ref__in=list(moved)
    ).values_list("id", "number", "head_ref")
    return [
        (
            "pull_request",
            "synchronized",
            {
                **_base(repo, pusher),
                "pull_request_id": pr_id,
                "number": number,
                "before": moved[head][0],
                "after": moved[head][1],
            },
        )
        for pr_id, number, head in rows
    ]


async def issue(
    repo: Repository, sender: Account | None, action: str, issue_id: int, number: int, **extra: Any
) -> int:
    """``issues``: ``extra`` holds the action's facts (``changes``, ``label_ids`` ...)."""
    if repo.active_webhook_count <= 0:
        return 0
    facts = {**_base(repo, sender), "issue_id": issue_id, "number": number, **extra}
    return await _raise(repo, "issues", action, facts)


async def issue_comment(
    repo: Repository,
    sender: Account | None,
    action: str,
    *,
    comment_id: int,
    number: int,
    issue_id: int | None = None,
    pull_request_id: int | None = None,
    **extra: Any,
) -> int:
    if repo.active_webhook_count <= 0:
        return 0
    facts = {
        **_base(repo, sender),
        "comment_id": comment_id,
        "number": number,
        "is_pull_request": pull_request_id is not None,
        **({"pull_request_id": pull_request_id} if pull_request_id else {"issue_id": issue_id}),
        **extra,
    }
    return await _raise(repo, "issue_comment", action, facts)


async def pull_request(
    repo: Repository, sender: Account | None, action: str, pr_id: int, number: int, **extra: Any
) -> int:
    if repo.active_webhook_count <= 0:
        return 0
    facts = {**_base(repo, sender), "pull_request_id": pr_id, "number": number, **extra}
    return await _raise(repo, "pull_request", action, facts)


async def release(
    repo: Repository,
    sender: Account | None,
    action: str,
    release_id: int,
    tag_name: str,
    **extra: Any,
) -> int:
    if repo.active_webhook_count <= 0:
        return 0
    facts = {**_base(repo, sender), "release_id": release_id, "tag_name": tag_name, **extra}
    return await _raise(repo, "release", action, facts)


async def workflow(
    repo: Repository,
    sender: Account | None,
    *,
    pipeline_id: int,
    number: int,
    branch: str,
    commit: str,
    status: str,
    pipeline_status: str,
) -> int:
    """``workflow``: a pipeline finished (``status`` is Kod's ``completed`` or ``failed``)."""
    if repo.active_webhook_count <= 0:
        return 0
    facts = {
        **_base(repo, sender),
        "pipeline_id": pipeline_id,
        "number": number,
        "branch": branch,
        "commit": commit,
        "status": status,
        "pipeline_status": pipeline_status,
    }
    return await _raise(repo, "workflow", status, facts)


def changes(**old_values: Any) -> dict[str, dict[str, Any]]:
    """``{"title": {"from": ...}}`` for the keyword arguments that are not None."""
    return {key: {"from": value} for key, value in old_values.items() if value is not None}
