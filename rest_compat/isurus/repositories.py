"""Repositories: variables in, Isurus JSON out. ``:org`` may name a user as well."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.route import Call, Spec


def repo_path(call: Call) -> dict[str, Any]:
    return {"owner": call.path["org"], "name": call.path["repo"]}


def repository_id(call: Call) -> str:
    return str(require(call.lookup.get("repository"), "Repository")["id"])


def _visibility(call: Call) -> str | None:
    private = b.flag(call.body, "is_private")
    return None if private is None else ("PRIVATE" if private else "PUBLIC")


get_repository = Spec(
    OPS["IsurusRepository"],
    lambda data, call: shapes.repository(require(data["repository"], "Repository")),
    repo_path,
)


def _create_variables(call: Call) -> dict[str, Any]:
    owner = require(call.lookup.get("organization"), "Organization")
    name = b.text(call.body, "name", required=True)
    description = b.text(call.body, "description") or ""
    return {
        "input": {
            "name": name,
            "description": description,
            "ownerId": owner["id"],
            "visibility": _visibility(call) or "PUBLIC",
        }
    }


create_repository = Spec(
    OPS["IsurusCreateRepository"],
    lambda data, call: shapes.repository(data["createRepository"]["repository"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusOrganizationId"],
    lookup_variables=lambda call: {"login": call.path["org"]},
)


def _update_variables(call: Call) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "repositoryId": repository_id(call),
        **b.texts(call.body, "description"),
    }
    visibility = _visibility(call)
    if visibility is not None:
        changes["visibility"] = visibility
    return {"input": changes}


update_repository = Spec(
    OPS["IsurusUpdateRepository"],
    lambda data, call: shapes.repository(data["updateRepository"]["repository"]),
    _update_variables,
    reads_body=True,
    lookup=OPS["IsurusRepositoryId"],
    lookup_variables=repo_path,
)

delete_repository = Spec(
    OPS["IsurusDeleteRepository"],
    lambda data, call: None,
    lambda call: {"input": {"repositoryId": repository_id(call)}},
    status=204,
    lookup=OPS["IsurusRepositoryId"],
    lookup_variables=repo_path,
)
