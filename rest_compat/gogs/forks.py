"""Forks: Gitea's ``POST /repos/{owner}/{repo}/forks`` and Gogs' ``listForks``."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page
from rest_compat.errors import ApiError, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged, repo_path
from rest_compat.route import Call, Spec


def _organization(call: Call) -> str | None:
    return b.text(call.body, "organization") or None


def _target_variables(call: Call) -> dict[str, Any]:
    org = _organization(call)
    return {**repo_path(call), "org": org or "", "withOrg": org is not None}


def _fork_variables(call: Call) -> dict[str, Any]:
    repository = require(call.lookup.get("repository"), "Repository")
    name = b.text(call.body, "name") or None
    fork: dict[str, Any] = {"repositoryId": repository["id"]}
    if _organization(call) is not None:
        organization = call.lookup.get("organization")
        if organization is None:
            # Gitea answers an unknown organization with 422.
            raise ApiError("BAD_USER_INPUT", "Organization not found.", field="organization")
        fork["organizationId"] = organization["id"]
    if name is not None:
        fork["name"] = name
    return {"input": fork}


create_fork = Spec(
    OPS["ForkRepository"],
    lambda data, call: shapes.repository(data["forkRepository"]["repository"]),
    _fork_variables,
    status=202,
    reads_body=True,
    lookup=OPS["ForkTarget"],
    lookup_variables=_target_variables,
    fields={"organizationId": "organization"},
)


def _forks(data: dict[str, Any], call: Call) -> Page:
    repository = require(data["repository"], "Repository")
    return paged(repository["forks"], call, shapes.repository)


list_forks = Spec(
    OPS["ListForks"],
    _forks,
    lambda call: {**repo_path(call), **page_variables(call)},
)
