"""The renderer interface, the GraphQL runner renderers use, and the default renderer."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphql import DocumentNode

import schema
from app.models import Account, Repository
from app.services import permission
from app.services.actor import Actor, repository_reader
from app.services.runtime import Runtime
from schema.context import context_for
from schema.limits import Limits


class RenderFailed(Exception):
    """The delivery cannot be rendered now; the message is recorded as the attempt's error."""


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookView:
    id: int
    repository_id: int
    url: str
    type: str
    content_type: str
    events: list[str]
    payload_query: str
    creator_id: int | None
    has_secret: bool


@dataclass(frozen=True)
class DeliveryView:
    """What a renderer may know of a delivery (``facts``: see app.services.webhook_event)."""

    id: int
    guid: str
    event: str
    action: str
    facts: dict[str, Any]
    webhook: WebhookView
    base_url: str
    _signer: Callable[[bytes], str | None] = field(repr=False, compare=False)

    @property
    def content_type(self) -> str:
        return self.webhook.content_type

    def sign(self, body: bytes) -> str | None:
        """Hex HMAC-SHA256 of ``body`` with the webhook's secret; None without a secret."""
        return self._signer(body)


def sign(secret: str, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``body`` keyed with ``secret`` (every dialect's signature)."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class Renderer(Protocol):
    async def render(self, view: DeliveryView, runner: Runner) -> Rendered: ...

    def headers(self, view: DeliveryView, body: bytes) -> dict[str, str]: ...


class Runner:
    """Runs GraphQL operations for one delivery, with no HTTP request behind them."""

    def __init__(self, runtime: Runtime, view: DeliveryView) -> None:
        self.runtime = runtime
        self.view = view
        settings = runtime.settings
        self.limits = Limits(depth=settings.max_query_depth, cost=settings.max_query_cost)

    async def run(
        self,
        actor: Actor,
        document: DocumentNode | str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """``data`` of the operation run as ``actor``; RenderFailed on any error."""
        context = context_for(
            actor, self.runtime.settings.base_url, runtime=self.runtime, limits=self.limits
        )
        if isinstance(document, str):
            result = await schema.execute(context, document, variables, operation_name)
        else:
            result = await schema.execute_checked(context, document, variables, operation_name)
        if result.errors:
            raise RenderFailed("; ".join(error.message for error in result.errors))
        return result.data or {}

    async def read(
        self,
        document: DocumentNode | str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """As the repository reader: the webhook's repository and public data only."""
        reader = repository_reader(self.view.webhook.repository_id)
        return await self.run(reader, document, variables, operation_name)

    async def as_creator(
        self,
        document: DocumentNode | str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """As the webhook's creator, who must still be able to read the repository."""
        creator_id = self.view.webhook.creator_id
        creator = await Account.get_or_none(id=creator_id) if creator_id else None
        if creator is None:
            raise RenderFailed("The webhook's creator no longer exists.")
        actor = Actor(account=creator)
        repo = await Repository.get_or_none(id=self.view.webhook.repository_id)
        if repo is None or await permission.repository_access(actor, repo) < (
            permission.Access.READ
        ):
            raise RenderFailed("The webhook's creator can no longer read this repository.")
        return await self.run(actor, document, variables, operation_name)


# The node ``$id`` names in a payloadQuery, per event: (facts key, GraphQL type).
_SUBJECTS: dict[str, tuple[str, str]] = {
    "issues": ("issue_id", "Issue"),
    "pull_request": ("pull_request_id", "PullRequest"),
    "release": ("release_id", "Release"),
    "push": ("push_id", "Push"),
}


def subject_id(event: str, facts: dict[str, Any]) -> str:
    """The global id a payloadQuery's ``$id`` gets: the issue, pull request, release or
    push; a comment's issue or pull request; the repository for anything else (create,
    delete, ping, a merge's push, a deleted release)."""
    if event == "issue_comment":
        if facts.get("pull_request_id"):
            return schema.global_id("PullRequest", facts["pull_request_id"])
        return schema.global_id("Issue", facts["issue_id"])
    key, type_name = _SUBJECTS.get(event, ("", ""))
    if key and facts.get(key) and not (event == "release" and "release" in facts):
        return schema.global_id(type_name, int(facts[key]))
    return schema.global_id("Repository", int(facts["repository_id"]))


async def render_payload_query(view: DeliveryView, runner: Runner, headers: Renderer) -> Rendered:
    """The webhook's payloadQuery run as its creator; ``data`` is the JSON body."""
    data = await runner.as_creator(
        view.webhook.payload_query, {"id": subject_id(view.event, view.facts)}
    )
    body = json.dumps(data, separators=(",", ":")).encode()
    return Rendered(body, "application/json", headers.headers(view, body))


class DefaultRenderer:
    """A minimal JSON body for types with no renderer of their own yet."""

    async def render(self, view: DeliveryView, runner: Runner) -> Rendered:
        payload = {
            "event": view.event,
            "action": view.action,
            "delivery": view.guid,
            "facts": view.facts,
            "hook_id": view.webhook.id,
        }
        body = json.dumps(payload, separators=(",", ":")).encode()
        return Rendered(body, "application/json", self.headers(view, body))

    def headers(self, view: DeliveryView, body: bytes) -> dict[str, str]:
        headers = {"X-Ingot-Event": view.event, "X-Ingot-Delivery": view.guid}
        signature = view.sign(body)
        if signature is not None:
            headers["X-Ingot-Signature-256"] = f"sha256={signature}"
        return headers
