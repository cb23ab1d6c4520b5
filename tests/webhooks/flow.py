"""GraphQL steps the webhook tests share."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from tests.forge import Forge

DELIVERY_FIELDS = """id guid event action status attempts maxAttempts responseStatus durationMs
  createdAt deliveredAt lastAttemptAt nextAttemptAt lastError requestBody responseBody
  requestHeaders { name value } attemptsLog { at durationMs responseStatus error }"""

WEBHOOK_FIELDS = (
    "id databaseId url events active contentType type hasSecret payloadQuery createdAt updatedAt"
)


def create_hook(forge: Forge, token: str, repo_id: str, url: str, **extra: Any) -> dict[str, Any]:
    data = forge.gql(
        f"mutation($i: CreateWebhookInput!) {{ createWebhook(input: $i) {{ webhook {{ {WEBHOOK_FIELDS} }} }} }}",
        {"i": {"repositoryId": repo_id, "url": url, **extra}},
        token=token,
    )
    hook: dict[str, Any] = data["createWebhook"]["webhook"]
    return hook


def ping(forge: Forge, token: str, hook_id: str) -> dict[str, Any]:
    data = forge.gql(
        f"mutation($i: WebhookIdInput!) {{ testWebhook(input: $i) {{ delivery {{ {DELIVERY_FIELDS} }} }} }}",
        {"i": {"id": hook_id}},
        token=token,
    )
    delivery: dict[str, Any] = data["testWebhook"]["delivery"]
    return delivery


def deliveries(forge: Forge, token: str, hook_id: str) -> list[dict[str, Any]]:
    data = forge.gql(
        f"query($id: ID!) {{ node(id: $id) {{ ... on Webhook {{ deliveries(first: 100) {{ nodes {{ {DELIVERY_FIELDS} }} }} }} }} }}",
        {"id": hook_id},
        token=token,
    )
    nodes: list[dict[str, Any]] = data["node"]["deliveries"]["nodes"]
    return nodes


def delivery(forge: Forge, token: str, delivery_id: str) -> dict[str, Any]:
    data = forge.gql(
        f"query($id: ID!) {{ node(id: $id) {{ ... on WebhookDelivery {{ {DELIVERY_FIELDS} }} }} }}",
        {"id": delivery_id},
        token=token,
    )
    found: dict[str, Any] = data["node"]
    return found


def settled(forge: Forge, token: str, delivery_id: str, timeout: float = 60) -> dict[str, Any]:
    """The delivery once it is no longer pending."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = delivery(forge, token, delivery_id)
        if found["status"] != "PENDING":
            return found
        time.sleep(0.2)
    raise AssertionError(f"delivery {delivery_id} still pending: {found}")


def attempted(
    forge: Forge, token: str, delivery_id: str, count: int = 1, timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = delivery(forge, token, delivery_id)
        if len(found["attemptsLog"]) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"delivery {delivery_id} not attempted {count} times: {found}")


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
