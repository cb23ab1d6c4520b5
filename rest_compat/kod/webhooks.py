"""Kod's webhooks: list, create, delete, delivery history and manual retry.

Kod's rules (``specs/kod-automation.md``): every route needs ``webhook:read``
(lists) or ``webhook:write`` (create, delete, retry) and the repository's
owner or an admin; the secret is never returned; a webhook created without
``events`` gets ``["push"]``. A webhook created here has type ``kod`` (Kod's
payload and headers) and sends JSON. The checks are GraphQL's own
(``Repository.webhooks``, ``createWebhook``...): a repository the token
cannot read is 404, a reader who is not an admin 403. Kod's ids are strings;
Ingot's are numbers shown as strings. A retry is Ingot's redelivery: a new
delivery of the same request, sent now (202 with it).
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import ApiError, not_found, require
from rest_compat.kod import shapes
from rest_compat.kod.operations import OPS
from rest_compat.kod.permission import caller
from rest_compat.kod.repositories import resolved
from rest_compat.route import Call, Spec
from schema import global_id

# Kod's events; ``workflow`` arrives with the CI, the rest are Ingot's and accepted too.
DEFAULT_EVENTS = ["push"]


def _repository(data: dict[str, Any], permission: str, call: Call) -> dict[str, Any]:
    caller(data, permission)
    return dict(require(resolved(data, call), "Repository"))


def _number(raw: str, what: str) -> int:
    """Kod's string id as Ingot's number; anything else names nothing (404)."""
    if not raw.isdigit() or len(raw) > 18:
        raise not_found(f"{what} not found.")
    return int(raw)


def _hook(repo: dict[str, Any], raw: str) -> dict[str, Any]:
    """The repository's webhook with Kod id ``raw``; 404 for another repository's."""
    number = _number(raw, "Webhook")
    for node in repo["webhooks"]["nodes"]:
        if node["databaseId"] == number:
            return dict(node)
    raise not_found("Webhook not found.")


def _name(call: Call) -> dict[str, Any]:
    return {"name": call.path["name"]}


def _listed(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    repo = _repository(data, "webhook:read", call)
    return [shapes.webhook(node, repo["name"]) for node in repo["webhooks"]["nodes"]]


list_webhooks = Spec(OPS["KodWebhooks"], _listed, _name)


def _create_variables(call: Call) -> dict[str, Any]:
    repo = _repository(call.lookup, "webhook:write", call)
    events = b.strings(call.body, "events")
    secret = b.text(call.body, "secret")
    return {
        "input": {
            "repositoryId": repo["id"],
            "url": b.text(call.body, "url", required=True),
            "events": events if events else DEFAULT_EVENTS,
            "secret": secret or None,
            "type": "kod",
            "contentType": "json",
            "active": True,
        }
    }


create_webhook = Spec(
    OPS["KodCreateWebhook"],
    lambda data, call: shapes.webhook(
        data["createWebhook"]["webhook"], _repository(call.lookup, "webhook:write", call)["name"]
    ),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
    # Kod's ``url`` is a webhook's target here, not an import's ``source``.
    fields={"url": "url"},
)


def _delete_variables(call: Call) -> dict[str, Any]:
    repo = _repository(call.lookup, "webhook:write", call)
    return {"input": {"id": _hook(repo, call.path["id"])["id"]}}


delete_webhook = Spec(
    OPS["KodDeleteWebhook"],
    lambda data, call: None,
    _delete_variables,
    status=204,
    lookup=OPS["KodWebhooks"],
    lookup_variables=_name,
)


def _deliveries_variables(call: Call) -> dict[str, Any]:
    number = _number(call.path["id"], "Webhook")
    return {"name": call.path["name"], "webhookId": global_id("Webhook", number)}


def _deliveries(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    repo = _repository(data, "webhook:read", call)
    _hook(repo, call.path["id"])
    hook = require(data.get("webhook"), "Webhook")
    return [shapes.delivery(node, hook, repo["name"]) for node in hook["deliveries"]["nodes"]]


list_deliveries = Spec(OPS["KodWebhookDeliveries"], _deliveries, _deliveries_variables)


def _lookup_delivery(call: Call) -> dict[str, Any]:
    number = _number(call.path["deliveryId"], "Delivery")
    return {"name": call.path["name"], "deliveryId": global_id("WebhookDelivery", number)}


def _retry_variables(call: Call) -> dict[str, Any]:
    repo = _repository(call.lookup, "webhook:write", call)
    hook = _hook(repo, call.path["id"])
    delivery = call.lookup.get("delivery")
    if not delivery or (delivery.get("webhook") or {}).get("databaseId") != hook["databaseId"]:
        raise ApiError("NOT_FOUND", "Delivery not found.")
    return {"input": {"id": delivery["id"]}}


def _retried(data: dict[str, Any], call: Call) -> dict[str, Any]:
    repo = _repository(call.lookup, "webhook:write", call)
    hook = _hook(repo, call.path["id"])
    fresh = data["redeliverWebhookDelivery"]["delivery"]
    return shapes.delivery(fresh, hook, repo["name"])


retry_delivery = Spec(
    OPS["KodRetryDelivery"],
    _retried,
    _retry_variables,
    status=202,
    lookup=OPS["KodDeliveryLookup"],
    lookup_variables=_lookup_delivery,
)
