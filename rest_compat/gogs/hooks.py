"""Gogs' repository webhooks (``listHooks``, ``createHook``, ``editHook``, ``deleteHook``),
with Gitea's ``getHook`` and ``testHook``.

The ``Hook`` object is Gogs': ``{id, type, config{url, content_type}, events,
active, updated_at, created_at}``; ``config`` never holds the secret. Types
are Gogs' ``gogs``, ``slack`` and ``discord`` plus ``gitea`` (Gitea clients
send it); Gogs' ``dingtalk`` is refused (422), like any unknown type. The
checks are GraphQL's (``Repository.webhooks``, ``createWebhook``...): a
repository the caller cannot read is 404, one it reads without the ADMIN
role 403 (Gogs' ``reqRepoAdmin``), and the token needs ``webhook:read`` or
``webhook:write``. Where Gogs and Ingot differ, ``docs/rest/gogs.md`` says so.
"""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import rfc3339
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import repo_path
from rest_compat.route import Call, Spec

TYPES = ("gogs", "slack", "discord", "gitea")
CONTENT_TYPES = ("json", "form")
# Gogs' Slack settings; Ingot keeps none of them, so they show empty.
_SLACK_CONFIG = ("channel", "username", "icon_url", "color")
# Gogs raises ``fork``; Ingot has no forks, so a subscription to it could never fire.
_NEVER_RAISED = ("fork",)


def hook(node: dict[str, Any]) -> dict[str, Any]:
    """Gogs' ``Hook``: the secret is never part of ``config``."""
    config = {"url": node["url"], "content_type": node["contentType"]}
    if node["type"] == "slack":
        config |= {key: "" for key in _SLACK_CONFIG}
    return {
        "id": node["databaseId"],
        "type": node["type"],
        "config": config,
        "events": node["events"],
        "active": node["active"],
        "updated_at": rfc3339(node["updatedAt"]),
        "created_at": rfc3339(node["createdAt"]),
    }


def _invalid(message: str, field: str) -> ApiError:
    return ApiError("BAD_USER_INPUT", message, field=field, constraint="invalid")


def _config(body: dict[str, Any], required: bool) -> dict[str, Any]:
    config = body.get("config")
    if config is None and not required:
        return {}
    if not isinstance(config, dict) or not all(isinstance(v, str) for v in config.values()):
        raise _invalid("config must be an object of strings.", "config")
    return config


def _events(body: dict[str, Any]) -> list[str] | None:
    events = body.get("events")
    if events is None or events == []:
        return None
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise _invalid("events must be a list of event names.", "events")
    return [event for event in events if event not in _NEVER_RAISED]


def _active(body: dict[str, Any]) -> bool | None:
    active = body.get("active")
    if active is not None and not isinstance(active, bool):
        raise _invalid("active must be true or false.", "active")
    return active


def _content_type(config: dict[str, Any]) -> str | None:
    kind = config.get("content_type")
    if kind is not None and kind not in CONTENT_TYPES:
        raise _invalid("Invalid content type.", "content_type")
    return kind


def _repository(data: dict[str, Any]) -> dict[str, Any]:
    return dict(require(data.get("repository"), "Repository"))


def _found(repo: dict[str, Any], raw: str) -> dict[str, Any]:
    """The repository's webhook ``raw``; 404 for another repository's or none."""
    if raw.isdigit() and len(raw) < 19:
        for node in repo["webhooks"]["nodes"]:
            if node["databaseId"] == int(raw):
                return dict(node)
    raise not_found("Webhook not found.")


list_hooks = Spec(
    OPS["GogsListHooks"],
    lambda data, call: [hook(node) for node in _repository(data)["webhooks"]["nodes"]],
    repo_path,
)

get_hook = Spec(
    OPS["GogsListHooks"],
    lambda data, call: hook(_found(_repository(data), call.path["id"])),
    repo_path,
)


def _create_variables(call: Call) -> dict[str, Any]:
    repo = _repository(call.lookup)
    kind = call.body.get("type")
    if kind not in TYPES:
        raise _invalid("Invalid hook type.", "type")
    config = _config(call.body, required=True)
    for name in ("url", "content_type"):
        if name not in config:
            raise ApiError(
                "BAD_USER_INPUT",
                f"Missing config option: {name}",
                field=name,
                constraint="required",
            )
    active = _active(call.body)
    return {
        "input": {
            "repositoryId": repo["id"],
            "type": kind,
            "url": config["url"],
            "contentType": _content_type(config),
            "secret": config.get("secret") or None,
            "events": _events(call.body) or ["push"],
            # The contract's default: a hook created without "active" is inactive.
            "active": bool(active),
        }
    }


create_hook = Spec(
    OPS["GogsCreateHook"],
    lambda data, call: hook(data["createWebhook"]["webhook"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["GogsListHooks"],
    lookup_variables=repo_path,
    fields={"contentType": "content_type", "url": "url"},
)


def _edit_variables(call: Call) -> dict[str, Any]:
    found = _found(_repository(call.lookup), call.path["id"])
    config = _config(call.body, required=False)
    changes: dict[str, Any] = {
        "id": found["id"],
        "url": config.get("url"),
        "contentType": _content_type(config),
        # Gogs replaces the secret only when one is given; an empty one removes it.
        "secret": config.get("secret"),
        "events": _events(call.body),
        "active": _active(call.body),
    }
    return {"input": changes}


edit_hook = Spec(
    OPS["GogsEditHook"],
    lambda data, call: hook(data["updateWebhook"]["webhook"]),
    _edit_variables,
    reads_body=True,
    lookup=OPS["GogsListHooks"],
    lookup_variables=repo_path,
    fields={"contentType": "content_type", "url": "url"},
)


def _id_variables(call: Call) -> dict[str, Any]:
    return {"input": {"id": _found(_repository(call.lookup), call.path["id"])["id"]}}


delete_hook = Spec(
    OPS["GogsDeleteHook"],
    lambda data, call: None,
    _id_variables,
    status=204,
    lookup=OPS["GogsListHooks"],
    lookup_variables=repo_path,
)

test_hook = Spec(
    OPS["GogsTestHook"],
    lambda data, call: None,
    _id_variables,
    status=204,
    lookup=OPS["GogsListHooks"],
    lookup_variables=repo_path,
)
