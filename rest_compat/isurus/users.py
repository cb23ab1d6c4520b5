"""The current user, its tokens, and organizations: variables in, Isurus JSON out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, path_id
from rest_compat.errors import ApiError, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.route import Call, Spec
from schema import global_id


def page_variables(call: Call) -> dict[str, Any]:
    return {"first": call.per_page, "page": call.page}


def paged(connection: dict[str, Any], call: Call, convert: Any) -> Page:
    items = [convert(node) for node in connection["nodes"]]
    return Page(
        items,
        connection["totalCount"],
        call.page,
        call.per_page,
        exact=connection.get("isTotalCountExact", True),
    )


def signed_in(viewer: dict[str, Any] | None) -> dict[str, Any]:
    if viewer is None:
        raise ApiError("UNAUTHENTICATED", "Send an API token: 'Authorization: Bearer TOKEN'.")
    return viewer


def scoped(data: dict[str, Any], scope: str = "read") -> dict[str, Any]:
    """The request's token, which must hold the route's documented Isurus scope in full.

    The token routes pass ``scopeDialect: "isurus"`` so that the GraphQL operation asks
    for Isurus' managing scope (``read``, ``app/auth/scopes.py`` TOKEN_MANAGEMENT) and
    keeps every token within the caller's own scopes (``app/services/token.py``).
    """
    token = data.get("currentAccessToken")
    if token is None:
        raise ApiError("UNAUTHENTICATED", "Send an API token: 'Authorization: Bearer TOKEN'.")
    if scope not in token["scopes"]:
        raise ApiError("FORBIDDEN", f"This token lacks the '{scope}' scope.")
    return dict(token)


# --- user and tokens -------------------------------------------------------


def _viewer(data: dict[str, Any], call: Call) -> dict[str, Any]:
    scoped(data)
    return shapes.user(signed_in(data["viewer"]))


get_user = Spec(OPS["IsurusViewer"], _viewer)


def _tokens(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    scoped(data)
    return [shapes.token(t) for t in signed_in(data["viewer"])["accessTokens"]]


list_tokens = Spec(OPS["IsurusTokens"], _tokens)


def _expires_at(call: Call) -> str | None:
    raw = b.text(call.body, "expires_at")
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ApiError(
            "BAD_USER_INPUT",
            "'expires_at' must be an RFC 3339 time.",
            field="expires_at",
            constraint="format",
        ) from None
    if moment.tzinfo is None:
        raise ApiError(
            "BAD_USER_INPUT",
            "'expires_at' needs a time zone, e.g. 'Z'.",
            field="expires_at",
            constraint="format",
        )
    return moment.isoformat()


def _create_token_variables(call: Call) -> dict[str, Any]:
    scoped(call.lookup)
    name = b.text(call.body, "name", required=True)
    scopes = b.strings(call.body, "scopes")
    return {
        "input": {
            "name": name,
            "scopes": scopes,
            "scopeDialect": "isurus",
            "expiresAt": _expires_at(call),
        }
    }


def _created_token(data: dict[str, Any], call: Call) -> dict[str, Any]:
    payload = data["createAccessToken"]
    return {**shapes.token(payload["accessToken"]), "token": payload["token"]}


create_token = Spec(
    OPS["IsurusCreateToken"],
    _created_token,
    _create_token_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusCurrentToken"],
)


def _revoke_variables(call: Call) -> dict[str, Any]:
    scoped(call.lookup)
    token_id = global_id("AccessToken", path_id(call.path["id"], "Token"))
    return {"input": {"id": token_id, "scopeDialect": "isurus"}}


revoke_token = Spec(
    OPS["IsurusRevokeToken"],
    lambda data, call: None,
    _revoke_variables,
    status=204,
    lookup=OPS["IsurusCurrentToken"],
)


# --- organizations ---------------------------------------------------------


def _org_login(call: Call) -> dict[str, Any]:
    return {"login": call.path["org"]}


get_organization = Spec(
    OPS["IsurusOrganization"],
    lambda data, call: shapes.organization(require(data["organization"], "Organization")),
    _org_login,
)

organization_repositories = Spec(
    OPS["IsurusOrganizationRepositories"],
    lambda data, call: paged(
        require(data["organization"], "Organization")["repositories"], call, shapes.repository
    ),
    lambda call: {**_org_login(call), **page_variables(call)},
)


def _members(data: dict[str, Any], call: Call) -> Page:
    scoped(data)
    viewer = signed_in(data["viewer"])
    org = require(data["organization"], "Organization")
    if org["viewerRole"] is None and not viewer["isSiteAdmin"]:
        raise ApiError("FORBIDDEN", "Only members of the organization can list its members.")
    return paged(
        org["membersWithRole"],
        call,
        lambda m: {"user": shapes.user(m["user"]), "role": shapes.ROLES[m["role"]]},
    )


organization_members = Spec(
    OPS["IsurusOrganizationMembers"],
    _members,
    lambda call: {**_org_login(call), **page_variables(call)},
)
