"""The webhook outbox: claiming due deliveries, recording attempts, redelivering.

A delivery is due while ``pending`` with ``next_attempt_at`` passed and no live
lease. Claiming is exclusive across processes like the job queue's
(``app.services.job``): on PostgreSQL the row is read ``FOR UPDATE SKIP
LOCKED`` and leased in the same transaction; on SQLite every transaction takes
the write lock first (``BEGIN IMMEDIATE``). A claim counts the attempt before
anything is sent, so a sender killed mid-send leaves a row that is claimed
again once its lease passes (at least once), and two processes never send the
same attempt. The sender itself lives in ``server/webhooks`` (rendering needs
the schema).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.models import Account, DeliveryStatus, Repository, Webhook, WebhookDelivery
from app.services import webhook as webhooks
from app.services import webhook_event
from app.services.actor import Actor

# A claimed delivery is the claimer's this long: rendering and a send (5 s at most) fit
# with room to spare, and a killed sender's delivery goes out again soon after.
LEASE = timedelta(seconds=20)
MAX_RESPONSE_BODY = 64 * 1024


def now() -> datetime:
    return datetime.now(UTC)


class DeliveryWake:
    """This process's sender wake-up: set after a change that wrote deliveries commits."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def attach(self, event: asyncio.Event) -> None:
        self._event = event

    def wake(self) -> None:
        if self._event is not None:
            self._event.set()


def _due(moment: datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=moment) & (
        Q(locked_until__isnull=True) | Q(locked_until__lt=moment)
    )


async def claim() -> WebhookDelivery | None:
    """Lease the next due delivery and count its attempt; None when nothing is due."""
    moment = now()
    # A plain read first, so an idle poll does not take SQLite's write lock.
    if not await WebhookDelivery.filter(_due(moment)).exists():
        return None
    async with in_transaction() as conn:
        delivery = (
            await WebhookDelivery.filter(_due(moment))
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .using_db(conn)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.locked_until = moment + LEASE
        await (
            WebhookDelivery.filter(id=delivery.id)
            .using_db(conn)
            .update(attempts=delivery.attempts, locked_until=delivery.locked_until)
        )
    return delivery


async def freeze_request(delivery: WebhookDelivery, headers: dict[str, str], body: bytes) -> None:
    """Keep the rendered request: every later attempt sends exactly this."""
    delivery.request_headers, delivery.request_body = headers, body
    await WebhookDelivery.filter(id=delivery.id).update(request_headers=headers, request_body=body)


@dataclass(frozen=True)
class Outcome:
    """One attempt: ``status`` is the response's (None when none came), ``error`` why it
    failed ("" when the receiver answered 2xx)."""

    started_at: datetime
    duration_ms: int
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] | None = None
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 300


async def record(delivery: WebhookDelivery, outcome: Outcome, delays: Sequence[int]) -> None:
    """Record an attempt; success, another try after ``delays[attempt - 1]`` s, or failed."""
    entry = {
        "at": outcome.started_at.isoformat(),
        "duration_ms": outcome.duration_ms,
        "status": outcome.status,
        "error": outcome.error,
    }
    log = [*(delivery.attempts_log or []), entry]
    changes: dict[str, Any] = {
        "attempts_log": log,
        "response_status": outcome.status,
        "response_headers": outcome.headers,
        "response_body": outcome.body[:MAX_RESPONSE_BODY],
        "duration_ms": outcome.duration_ms,
        "last_error": outcome.error,
        "locked_until": None,
    }
    if outcome.succeeded:
        changes.update(status=DeliveryStatus.SUCCESS, delivered_at=now(), next_attempt_at=None)
    elif delivery.attempts >= delivery.max_attempts:
        changes.update(status=DeliveryStatus.FAILED, delivered_at=now(), next_attempt_at=None)
    else:
        delay = delays[min(delivery.attempts, len(delays)) - 1] if delays else 0
        changes.update(next_attempt_at=now() + timedelta(seconds=delay))
    await WebhookDelivery.filter(id=delivery.id).update(**changes)
    for key, value in changes.items():
        setattr(delivery, key, value)


async def redeliver(actor: Actor, repo: Repository, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the event again: a new delivery (new id, attempts from zero), like Gitea's.

    The old row stays as history. The new one is rendered afresh from the same facts
    at its first attempt, with the webhook's current URL, type and secret.
    """
    await webhooks.require_manage(actor, repo, write=True)
    row = webhook_event.new_delivery(
        delivery.webhook_id, repo.id, delivery.event, delivery.action, delivery.facts
    )
    row.redelivery_of_id = delivery.id
    await row.save()
    return row


async def ping(actor: Actor, repo: Repository, webhook: Webhook) -> WebhookDelivery:
    """A ``ping`` to this webhook alone (Gitea's "Test delivery"), active or not."""
    await webhooks.require_manage(actor, repo, write=True)
    sender: Account | None = actor.account
    facts = {
        "repository_id": repo.id,
        "sender_id": sender.id if sender else None,
        "webhook_id": webhook.id,
    }
    row = webhook_event.new_delivery(webhook.id, repo.id, webhook_event.PING, "", facts)
    await row.save()
    return row


async def prune(older_than: timedelta = timedelta(days=30)) -> int:
    """Finished deliveries are history: keep a month of it."""
    return await WebhookDelivery.filter(
        status__in=[DeliveryStatus.SUCCESS, DeliveryStatus.FAILED],
        delivered_at__lt=now() - older_than,
    ).delete()
