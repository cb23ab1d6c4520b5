"""Webhooks and their deliveries (seen by the repository's admins with webhook:read)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from app.models import DeliveryStatus
from app.models import Webhook as WebhookModel
from app.models import WebhookDelivery as WebhookDeliveryModel
from app.services import webhook as webhooks
from schema.context import Info
from schema.node import Node
from schema.types.connection import Connection, paged


@strawberry.enum
class WebhookDeliveryStatus(Enum):
    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"


_STATUS = {
    DeliveryStatus.PENDING: WebhookDeliveryStatus.PENDING,
    DeliveryStatus.SUCCESS: WebhookDeliveryStatus.SUCCESS,
    DeliveryStatus.FAILED: WebhookDeliveryStatus.FAILED,
}


@strawberry.type(description="One HTTP header.")
class HttpHeader:
    name: str
    value: str


@strawberry.type(description="One attempt to send a delivery.")
class WebhookDeliveryAttempt:
    at: datetime
    duration_ms: int
    response_status: int | None = strawberry.field(
        description="The receiver's status code; null when no answer came."
    )
    error: str = strawberry.field(description="Why it failed; empty for a 2xx answer.")


def _text(data: bytes | None) -> str | None:
    return bytes(data).decode("utf-8", errors="replace") if data is not None else None


def _headers(data: dict | None) -> list[HttpHeader] | None:
    if data is None:
        return None
    return [HttpHeader(name=str(k), value=str(v)) for k, v in data.items()]


@strawberry.type(description="One event sent (or to be sent) to one webhook.")
class WebhookDelivery(Node):
    model: strawberry.Private[WebhookDeliveryModel]

    @staticmethod
    def of(model: WebhookDeliveryModel) -> WebhookDelivery:
        return WebhookDelivery(model=model)

    @strawberry.field(
        description="The unique delivery id sent in the dialect's Delivery header "
        "(X-Gogs-Delivery, X-Kod-Delivery ...): receivers drop duplicates by it."
    )
    def guid(self) -> str:
        return self.model.guid

    @strawberry.field(description="push, create, delete, issues, issue_comment, ... or ping.")
    def event(self) -> str:
        return self.model.event

    @strawberry.field(description="The event's action (opened, edited, ...); empty if none.")
    def action(self) -> str:
        return self.model.action

    @strawberry.field
    def status(self) -> WebhookDeliveryStatus:
        return _STATUS[DeliveryStatus(self.model.status)]

    @strawberry.field(description="Attempts made so far (one is counted as it starts).")
    def attempts(self) -> int:
        return self.model.attempts

    @strawberry.field
    def max_attempts(self) -> int:
        return self.model.max_attempts

    @strawberry.field(description="The last attempt's response status; null if none came.")
    def response_status(self) -> int | None:
        return self.model.response_status

    @strawberry.field(description="How long the last attempt took, in milliseconds.")
    def duration_ms(self) -> int | None:
        return self.model.duration_ms

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="When it succeeded or finally failed; null while pending.")
    def delivered_at(self) -> datetime | None:
        return self.model.delivered_at

    @strawberry.field(description="When the last attempt started; null before the first.")
    def last_attempt_at(self) -> datetime | None:
        log = self.model.attempts_log or []
        return datetime.fromisoformat(log[-1]["at"]) if log else None

    @strawberry.field(description="When the next attempt is due; null once finished.")
    def next_attempt_at(self) -> datetime | None:
        if DeliveryStatus(self.model.status) != DeliveryStatus.PENDING:
            return None
        return self.model.next_attempt_at

    @strawberry.field(description="Why the last attempt failed; empty after a success.")
    def last_error(self) -> str:
        return self.model.last_error

    @strawberry.field(description="The headers sent (null until the first attempt rendered them).")
    def request_headers(self) -> list[HttpHeader] | None:
        return _headers(self.model.request_headers)

    @strawberry.field(description="The body sent, as text (null before the first attempt).")
    def request_body(self) -> str | None:
        return _text(self.model.request_body)

    @strawberry.field(description="The last response's headers.")
    def response_headers(self) -> list[HttpHeader] | None:
        return _headers(self.model.response_headers)

    @strawberry.field(description="The last response's body, at most 64 KiB, as text.")
    def response_body(self) -> str | None:
        return _text(self.model.response_body)

    @strawberry.field(description="Every attempt, oldest first.")
    def attempts_log(self) -> list[WebhookDeliveryAttempt]:
        return [
            WebhookDeliveryAttempt(
                at=datetime.fromisoformat(entry["at"]),
                duration_ms=int(entry.get("duration_ms") or 0),
                response_status=entry.get("status"),
                error=str(entry.get("error") or ""),
            )
            for entry in self.model.attempts_log or []
        ]

    @strawberry.field(description="The webhook it was sent to.")
    async def webhook(self, info: Info) -> Webhook | None:
        row = await WebhookModel.get_or_none(id=self.model.webhook_id)
        return Webhook.of(row) if row else None


@strawberry.type(description="Where a repository's events are POSTed. The secret is never shown.")
class Webhook(Node):
    model: strawberry.Private[WebhookModel]

    @staticmethod
    def of(model: WebhookModel) -> Webhook:
        return Webhook(model=model)

    @strawberry.field
    def url(self) -> str:
        return self.model.url

    @strawberry.field(description="The events it receives (push, issues, ...).")
    def events(self) -> list[str]:
        return list(self.model.events or [])

    @strawberry.field
    def active(self) -> bool:
        return self.model.active

    @strawberry.field(description="json or form (form: the payload in a 'payload' field).")
    def content_type(self) -> str:
        return self.model.content_type

    @strawberry.field(
        description="The dialect of payloads and headers: gogs, gitea, slack, discord, kod, isurus."
    )
    def type(self) -> str:
        return self.model.type

    @strawberry.field(description="Whether deliveries are signed with a secret.")
    def has_secret(self) -> bool:
        return bool(self.model.secret)

    @strawberry.field(description="The GraphQL document whose data is the body; null if none.")
    def payload_query(self) -> str | None:
        return self.model.payload_query or None

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field(description="Its deliveries, newest first.")
    async def deliveries(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[WebhookDelivery]:
        return await paged(
            webhooks.deliveries_query(self.model),
            WebhookDelivery.of,
            first=first,
            after=after,
            page=page,
            descending=True,
        )
