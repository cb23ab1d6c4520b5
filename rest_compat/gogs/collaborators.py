"""Repository collaborators: Gogs' ``read``/``write``/``admin`` are Ingot's READ/WRITE/ADMIN.

Managing them needs ADMIN on the repository and a token holding
``collaborator:write`` (listing: ``collaborator:read``); Gogs' ``repo``
scope does not include either.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged, repo_path, repository_id
from rest_compat.route import Call, Spec

PERMISSIONS = {"read": "READ", "write": "WRITE", "admin": "ADMIN"}


def collaborator(edge: dict[str, Any]) -> dict[str, Any]:
    return {**shapes.user(edge["node"]), "permissions": shapes.permissions(edge["permission"])}


def _list_shape(data: dict[str, Any], call: Call) -> Any:
    repo = require(data["repository"], "Repository")
    connection = repo["collaborators"]
    return paged({**connection, "nodes": connection["edges"]}, call, collaborator)


list_collaborators = Spec(
    OPS["ListCollaborators"], _list_shape, lambda call: {**repo_path(call), **page_variables(call)}
)


def _target(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "login": call.path["collaborator"]}


def _no_such_user(call: Call) -> ApiError:
    # Gogs answers 422 for a user that does not exist, 404 for one who is not a collaborator.
    return ApiError(
        "BAD_USER_INPUT",
        f"No user named '{call.path['collaborator']}'.",
        field="collaborator",
        constraint="exists",
    )


def _is_collaborator(data: dict[str, Any], call: Call) -> None:
    repo = require(data["repository"], "Repository")
    if data["user"] is None:
        raise _no_such_user(call)
    if repo["collaborators"]["totalCount"] == 0:
        raise not_found(f"'{call.path['collaborator']}' is not a collaborator.")


is_collaborator = Spec(OPS["IsCollaborator"], _is_collaborator, _target, status=204)


def _checked_target(call: Call) -> dict[str, Any]:
    """The mutation's input: the repository first (404), then the user (422)."""
    target = {"repositoryId": repository_id(call), "login": call.path["collaborator"]}
    if call.lookup.get("user") is None:
        raise _no_such_user(call)
    return target


def _add_variables(call: Call) -> dict[str, Any]:
    target = _checked_target(call)
    permission = b.choice(call.body, "permission", tuple(PERMISSIONS)) or "write"
    return {"input": {**target, "permission": PERMISSIONS[permission]}}


add_collaborator = Spec(
    OPS["AddCollaborator"],
    lambda data, call: None,
    _add_variables,
    status=204,
    reads_body=True,
    lookup=OPS["CollaboratorTarget"],
    lookup_variables=_target,
    fields={"login": "collaborator"},
)
remove_collaborator = Spec(
    OPS["RemoveCollaborator"],
    lambda data, call: None,
    lambda call: {"input": _checked_target(call)},
    status=204,
    lookup=OPS["CollaboratorTarget"],
    lookup_variables=_target,
    fields={"login": "collaborator"},
)
