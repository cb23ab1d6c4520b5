"""Isurus' webhooks: list, create, update, delete, and a webhook's 20 latest deliveries.

Every route is "Scope: write (must be an org owner)": the token needs Isurus'
``write`` (canonical ``webhook:write``, checked here even for the lists) and
the repository's ADMIN role, which GraphQL checks (``Repository.webhooks``,
``createWebhook``...). A repository the caller cannot read is 404
``not_found``; a reader without the role 403 ``forbidden``. Events are
Isurus' ``push``, ``issue`` and ``pull_request`` (Ingot's ``issues`` for
``issue``); a webhook made here has type ``isurus`` and sends JSON. The
webhook object is not documented by the seed: ``{id, url, events, is_active,
created_at, updated_at}``, never the secret.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, path_id
from rest_compat.errors import ApiError, not_found, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.isurus.payloads import CANONICAL, EVENTS
from rest_compat.isurus.repositories import repo_path
from rest_compat.isurus.users import page_variables
from rest_compat.route import Call, Spec
from schema import global_id

WRITE = "webhook:write"
# The names GraphQL errors use, as the body names them.
FIELDS = {"isActive": "is_active", "active": "is_active"}


def webhook(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "url": node["url"],
        "events": [EVENTS.get(event, event) for event in node["events"]],
        "is_active": node["active"],
        "created_at": shapes.timestamp(node["createdAt"]),
        "updated_at": shapes.timestamp(node["updatedAt"]),
    }


def delivery(node: dict[str, Any]) -> dict[str, Any]:
    """The seed's delivery: ``success`` once a 2xx came back."""
    return {
        "id": node["databaseId"],
        "event_type": EVENTS.get(node["event"], node["event"]),
        "response_code": node["responseStatus"],
        "duration_ms": node["durationMs"],
        "success": node["status"] == "SUCCESS",
        "delivered_at": shapes.timestamp(node["deliveredAt"] or node["lastAttemptAt"]),
    }


def _repository(data: dict[str, Any]) -> dict[str, Any]:
    """The path's repository, for a caller whose token has ``write`` (a session has all)."""
    repo = dict(require(data.get("repository"), "Repository"))
    token = data.get("currentAccessToken")
    if token is not None and WRITE not in token["scopes"]:
        raise ApiError("FORBIDDEN", "Managing webhooks needs a token with the 'write' scope.")
    return repo


def _hook(repo: dict[str, Any], raw: str) -> dict[str, Any]:
    number = path_id(raw, "Webhook")
    for node in repo["webhooks"]["nodes"]:
        if node["databaseId"] == number:
            return dict(node)
    raise not_found("Webhook not found.")


def _events(call: Call, required: bool) -> list[str] | None:
    events = b.strings(call.body, "events")
    if events is None:
        if required:
            raise ApiError(
                "BAD_USER_INPUT", "events is required.", field="events", constraint="required"
            )
        return None
    unknown = [event for event in events if event not in CANONICAL]
    if unknown or not events:
        raise ApiError(
            "BAD_USER_INPUT",
            "events must be some of push, issue and pull_request.",
            field="events",
            constraint="invalid",
        )
    return [CANONICAL[event] for event in dict.fromkeys(events)]


def _listed(data: dict[str, Any], call: Call) -> Page:
    connection = _repository(data)["webhooks"]
    items = [webhook(node) for node in connection["nodes"]]
    return Page(items, connection["totalCount"], call.page, call.per_page)


def _list_variables(call: Call) -> dict[str, Any]:
    return {**repo_path(call), **page_variables(call)}


def _lookup_variables(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "first": 100, "page": 1}


list_webhooks = Spec(OPS["IsurusWebhooks"], _listed, _list_variables)


def _create_variables(call: Call) -> dict[str, Any]:
    repo = _repository(call.lookup)
    return {
        "input": {
            "repositoryId": repo["id"],
            "url": b.text(call.body, "url", required=True),
            "secret": b.text(call.body, "secret") or None,
            "events": _events(call, required=True),
            "type": "isurus",
            "contentType": "json",
            "active": True,
        }
    }


create_webhook = Spec(
    OPS["IsurusCreateWebhook"],
    lambda data, call: webhook(data["createWebhook"]["webhook"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusWebhooks"],
    lookup_variables=_lookup_variables,
    fields=FIELDS,
)


def _update_variables(call: Call) -> dict[str, Any]:
    found = _hook(_repository(call.lookup), call.path["webhook_id"])
    return {
        "input": {
            "id": found["id"],
            "url": b.text(call.body, "url"),
            "events": _events(call, required=False),
            "active": b.flag(call.body, "is_active"),
        }
    }


update_webhook = Spec(
    OPS["IsurusUpdateWebhook"],
    lambda data, call: webhook(data["updateWebhook"]["webhook"]),
    _update_variables,
    reads_body=True,
    lookup=OPS["IsurusWebhooks"],
    lookup_variables=_lookup_variables,
    fields=FIELDS,
)

delete_webhook = Spec(
    OPS["IsurusDeleteWebhook"],
    lambda data, call: None,
    lambda call: {"input": {"id": _hook(_repository(call.lookup), call.path["webhook_id"])["id"]}},
    status=204,
    lookup=OPS["IsurusWebhooks"],
    lookup_variables=_lookup_variables,
)


def _deliveries(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    _hook(_repository(data), call.path["webhook_id"])
    found = require(data.get("webhook"), "Webhook")
    return [delivery(node) for node in found["deliveries"]["nodes"]]


list_deliveries = Spec(
    OPS["IsurusWebhookDeliveries"],
    _deliveries,
    lambda call: {
        **repo_path(call),
        "webhookId": global_id("Webhook", path_id(call.path["webhook_id"], "Webhook")),
    },
)
