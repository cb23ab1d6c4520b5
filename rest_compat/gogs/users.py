"""Users and organizations: variables in, Gogs JSON out."""

from __future__ import annotations

from typing import Any

from rest_compat.errors import ApiError, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged
from rest_compat.route import Call, Spec


def _viewer(data: dict[str, Any], call: Call) -> dict[str, Any]:
    if data["viewer"] is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to see who you are.")
    return shapes.user(data["viewer"])


def _login(call: Call) -> dict[str, Any]:
    return {"login": call.path["username"]}


def _org_login(call: Call) -> dict[str, Any]:
    return {"login": call.path["org"]}


def _search_variables(call: Call) -> dict[str, Any]:
    return {"query": call.query.get("q") or "", **page_variables(call)}


def _search(data: dict[str, Any], call: Call) -> dict[str, Any]:
    # Gogs wraps search results: {"data": [...], "ok": true}.
    users = data["users"]
    return {"data": [shapes.user(node) for node in users["nodes"]], "ok": True}


def _organizations(owner: dict[str, Any] | None, call: Call) -> Any:
    found = require(owner, "User")
    return paged(found["organizations"], call, shapes.organization)


def _viewer_organizations(data: dict[str, Any], call: Call) -> Any:
    if data["viewer"] is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to list your organizations.")
    return _organizations(data["viewer"], call)


viewer = Spec(OPS["Viewer"], _viewer)
get_user = Spec(
    OPS["GetUser"], lambda data, call: shapes.user(require(data["user"], "User")), _login
)
search_users = Spec(OPS["SearchUsers"], _search, _search_variables)
get_organization = Spec(
    OPS["GetOrganization"],
    lambda data, call: shapes.organization(require(data["organization"], "Organization")),
    _org_login,
)
viewer_organizations = Spec(OPS["ViewerOrganizations"], _viewer_organizations, page_variables)
user_organizations = Spec(
    OPS["UserOrganizations"],
    lambda data, call: _organizations(data["user"], call),
    lambda call: {**_login(call), **page_variables(call)},
)
