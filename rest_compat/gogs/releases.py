"""Releases, newest first; drafts only for those who may write the repository."""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import rfc3339
from rest_compat.errors import require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged, repo_path
from rest_compat.route import Call, Spec


def release(node: dict[str, Any]) -> dict[str, Any]:
    author = node.get("author")
    return {
        "id": node["databaseId"],
        "tag_name": node["tagName"],
        "target_commitish": node["targetCommitish"],
        "name": node["name"],
        "body": node["description"],
        "draft": node["isDraft"],
        "prerelease": node["isPrerelease"],
        "author": shapes.user(author) if author else None,
        "created_at": rfc3339(node["createdAt"]),
    }


def _list_shape(data: dict[str, Any], call: Call) -> Any:
    return paged(require(data["repository"], "Repository")["releases"], call, release)


list_releases = Spec(
    OPS["ListReleases"], _list_shape, lambda call: {**repo_path(call), **page_variables(call)}
)
