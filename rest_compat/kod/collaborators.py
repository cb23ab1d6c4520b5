"""Kod's collaborators: users given ``read`` or ``write`` access to a caller's repository.

Kod's body is ``{"username"}``; Ingot adds an optional ``permission``,
``read`` or ``write`` (default ``write``: a Kod collaborator pushes). Adding
someone who already collaborates changes their permission. Managing needs
the ``collaborator:write`` permission and, as in GraphQL, being an admin of
the repository, which the caller is: Kod names are the caller's own
repositories. Answers are the collaborator list
``{"repoName", "collaborators", "permissions"}``.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import require
from rest_compat.kod import shapes
from rest_compat.kod.operations import OPS
from rest_compat.kod.permission import caller
from rest_compat.kod.repositories import LIST_SIZE, found, resolved
from rest_compat.route import Call, Spec

PERMISSIONS = ("read", "write")


def _page(call: Call) -> dict[str, Any]:
    return {"first": LIST_SIZE, "page": call.page}


def _listed(data: dict[str, Any], call: Call) -> dict[str, Any]:
    caller(data, "collaborator:read")
    return shapes.collaborators(require(resolved(data, call), "Repository"))


list_collaborators = Spec(
    OPS["KodCollaborators"],
    _listed,
    lambda call: {"name": call.path["name"], **_page(call)},
)


def _add_variables(call: Call, login: str | None) -> dict[str, Any]:
    repo = found(call.lookup, "collaborator:write", call)
    login = login or b.text(call.body, "username", required=True)
    permission = b.choice(call.body, "permission", PERMISSIONS) or "write"
    return {
        "input": {"repositoryId": repo["id"], "login": login, "permission": permission.upper()},
        **_page(call),
    }


def _added(data: dict[str, Any], call: Call) -> dict[str, Any]:
    return shapes.collaborators(data["addCollaborator"]["repository"])


def _name(call: Call) -> dict[str, Any]:
    return {"name": call.path["name"]}


add_collaborator = Spec(
    OPS["KodAddCollaborator"],
    _added,
    lambda call: _add_variables(call, None),
    status=201,
    reads_body=True,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)

set_collaborator = Spec(
    OPS["KodAddCollaborator"],
    _added,
    lambda call: _add_variables(call, call.path["username"]),
    reads_body=True,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)


def _remove_variables(call: Call) -> dict[str, Any]:
    repo = found(call.lookup, "collaborator:write", call)
    return {"input": {"repositoryId": repo["id"], "login": call.path["username"]}}


remove_collaborator = Spec(
    OPS["KodRemoveCollaborator"],
    lambda data, call: None,
    _remove_variables,
    status=204,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)
