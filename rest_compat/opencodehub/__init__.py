"""The OpenCodeHub REST API (``seeds/opencodehub-api.txt``), mounted at ``/api``.

The table follows the seed document's order; pull requests are in
``pulls.py``.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from rest_compat import body as b
from rest_compat.dialect import rfc3339
from rest_compat.errors import require
from rest_compat.opencodehub import pulls
from rest_compat.opencodehub.dialect import OPENCODEHUB
from rest_compat.opencodehub.operations import OPS
from rest_compat.route import Call, Spec, catch_all, router


def repository(node: dict[str, Any]) -> dict[str, Any]:
    """OpenCodeHub's ids are strings with a kind prefix: ``repo-123``, ``user-456``."""
    return {
        "id": f"repo-{node['databaseId']}",
        "name": node["name"],
        "full_name": node["nameWithOwner"],
        "description": node["description"],
        "owner": {"username": node["owner"]["login"], "id": f"user-{node['owner']['databaseId']}"},
        "visibility": node["visibility"].lower(),
        "default_branch": node["defaultBranch"],
        "html_url": node["url"],
        "clone_url": node["cloneUrl"],
        "created_at": rfc3339(node["createdAt"]),
        "updated_at": rfc3339(node["updatedAt"]),
    }


def _create_variables(call: Call) -> dict[str, Any]:
    name = b.text(call.body, "name", required=True)
    description = b.text(call.body, "description") or ""
    # Private unless asked otherwise, as on every Ingot surface that creates repositories.
    visibility = b.choice(call.body, "visibility", ("public", "private")) or "private"
    return {"input": {"name": name, "description": description, "visibility": visibility.upper()}}


create_repository = Spec(
    OPS["CreateRepository"],
    lambda data, call: repository(data["createRepository"]["repository"]),
    _create_variables,
    status=201,
    reads_body=True,
)
get_repository = Spec(
    OPS["GetRepository"],
    lambda data, call: repository(require(data["repository"], "Repository")),
    lambda call: {"owner": call.path["owner"], "name": call.path["repo"]},
)

_r = router(OPENCODEHUB)

TABLE: list[BaseRoute] = [
    _r("/api/repos", create_repository, "POST", "createRepository"),
    _r("/api/repos/{owner}/{repo}", get_repository, "GET", "getRepository"),
    _r("/api/repos/{owner}/{repo}/pulls", pulls.list_pull_requests, "GET", "listPullRequests"),
    _r("/api/repos/{owner}/{repo}/pulls", pulls.create_pull_request, "POST", "createPullRequest"),
]

# OpenCodeHub shares /api with the other dialects' prefixes: it answers for /api/repos only.
ROUTES: list[BaseRoute] = [
    *TABLE,
    catch_all(OPENCODEHUB, TABLE, "/api/repos"),
    catch_all(OPENCODEHUB, TABLE, "/api/repos/{rest:path}"),
]

__all__ = ["OPENCODEHUB", "ROUTES", "TABLE"]
