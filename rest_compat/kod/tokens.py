"""Kod's token administration: permissions are the canonical scope names.

Every route needs the ``admin`` permission. Listing shows the caller's own
tokens, and every user's (with ``username``) to a site administrator;
``username`` mints for another user (site administrators only). Minted
tokens start with Kod's ``kod_`` and answer ``permissions`` as asked: the
implied ones (reading for writing) are the server's business.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rest_compat import body as b
from rest_compat.dialect import path_id
from rest_compat.errors import ApiError
from rest_compat.kod import shapes
from rest_compat.kod.operations import OPS
from rest_compat.kod.permission import caller
from rest_compat.route import Call, Spec
from schema import global_id

DEFAULT_PERMISSIONS = ["repo:read", "repo:write"]
SAVE_IT = "Save this token - it will not be shown again"


def _list(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    caller(data, "admin")
    return [
        {**shapes.token(node), "username": node["owner"]["login"]}
        for node in data["viewer"]["accessTokens"]
    ]


list_tokens = Spec(OPS["KodTokens"], _list)


def _days(call: Call) -> int | None:
    days = call.body.get("expiresInDays")
    if days is None:
        return None
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 36500:
        raise ApiError(
            "BAD_USER_INPUT",
            "'expiresInDays' must be a whole number of days.",
            field="expiresInDays",
            constraint="type",
        )
    return days


def _asked(call: Call) -> list[str]:
    """The permissions asked for (or Kod's default), once each, in the order given."""
    permissions = b.strings(call.body, "permissions")
    asked = DEFAULT_PERMISSIONS if permissions is None else permissions
    return list(dict.fromkeys(p.strip() for p in asked if p.strip()))


def _create_variables(call: Call) -> dict[str, Any]:
    caller(call.lookup, "admin")
    name = b.text(call.body, "name", required=True)
    days = _days(call)
    expires = None if days is None else (datetime.now(UTC) + timedelta(days=days)).isoformat()
    return {
        "input": {
            "name": name,
            "scopes": _asked(call),
            "expiresAt": expires,
            "login": b.text(call.body, "username"),
            "prefix": "KOD",
        }
    }


def _created(data: dict[str, Any], call: Call) -> dict[str, Any]:
    payload = data["createAccessToken"]
    token = payload["accessToken"]
    return {
        "id": str(token["databaseId"]),
        "name": token["name"],
        "token": payload["token"],
        "permissions": _asked(call),
        "expiresAt": shapes.millis(token["expiresAt"]),
        "message": SAVE_IT,
    }


create_token = Spec(
    OPS["KodCreateToken"],
    _created,
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["KodCurrentToken"],
)


def _revoke_variables(call: Call) -> dict[str, Any]:
    token = caller(call.lookup, "admin")
    number = path_id(call.path["id"], "Token")
    if number == token["databaseId"]:
        raise ApiError(
            "BAD_USER_INPUT",
            "You cannot delete the token you are using.",
            field="id",
            constraint="self",
        )
    return {"input": {"id": global_id("AccessToken", number)}}


delete_token = Spec(
    OPS["KodRevokeToken"],
    lambda data, call: None,
    _revoke_variables,
    status=204,
    lookup=OPS["KodCurrentToken"],
)
