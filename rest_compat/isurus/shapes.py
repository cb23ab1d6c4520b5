"""Pure functions from GraphQL results to Isurus' JSON objects (``seeds/isurus-api.txt``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# Isurus' issue states: ``new`` is Ingot's OPEN with ``isTriaged: false``.
STATES = ("new", "open", "closed")


def issue_state(node: dict[str, Any]) -> str:
    if node["state"] == "CLOSED":
        return "closed"
    return "open" if node["isTriaged"] else "new"


ROLES = {"ADMIN": "owner", "MEMBER": "member"}


def timestamp(value: str | None) -> str | None:
    """RFC 3339 in UTC to the second: ``2025-01-15T10:00:00Z``."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def user(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "username": node["login"],
        "email": node["email"],
        "display_name": node["name"],
        "is_admin": node["isSiteAdmin"],
        "avatar_url": node["avatarUrl"],
        "created_at": timestamp(node["createdAt"]),
    }


def token(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "name": node["name"],
        "scopes": node["scopes"],
        "token_last_eight": node["tokenLastEight"],
        "expires_at": timestamp(node["expiresAt"]),
        "last_used_at": timestamp(node["lastUsedAt"]),
        "created_at": timestamp(node["createdAt"]),
    }


def organization(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "name": node["login"],
        "description": node["description"],
        "created_at": timestamp(node["createdAt"]),
    }


def repository(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "name": node["name"],
        "org": node["owner"]["login"],
        "description": node["description"],
        "is_private": node["isPrivate"],
        "created_at": timestamp(node["createdAt"]),
        "updated_at": timestamp(node["updatedAt"]),
    }


def label(node: dict[str, Any]) -> dict[str, Any]:
    return {"id": node["databaseId"], "name": node["name"], "color": node["color"]}


def comment(node: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {"id": node["databaseId"], "body": node["body"]}
    if node["author"] is not None:
        shaped["author"] = user(node["author"])
    shaped["created_at"] = timestamp(node["createdAt"])
    return shaped


def issue(node: dict[str, Any]) -> dict[str, Any]:
    """An issue; ``author``, ``labels`` and ``comments`` only when there are any (as documented)."""
    shaped: dict[str, Any] = {
        "id": node["databaseId"],
        "number": node["number"],
        "title": node["title"],
        "body": node["body"],
        "state": issue_state(node),
    }
    if node["author"] is not None:
        shaped["author"] = user(node["author"])
    if node["labels"]["nodes"]:
        shaped["labels"] = [label(n) for n in node["labels"]["nodes"]]
    if node.get("allComments"):
        shaped["comments"] = [comment(n) for n in node["allComments"]]
    shaped["created_at"] = timestamp(node["createdAt"])
    shaped["updated_at"] = timestamp(node["updatedAt"])
    return shaped


# A pull request's ``status`` (and the ``?status`` filter) is Ingot's state in lower case.
PULL_STATES = {"OPEN": "open", "CLOSED": "closed", "MERGED": "merged"}
MERGEABLE = {"MERGEABLE": True, "CONFLICTING": False, "UNKNOWN": None}


def pull_request(node: dict[str, Any]) -> dict[str, Any]:
    """A pull request; ``author``, ``merged_by`` and ``comments`` only when there are any."""
    shaped: dict[str, Any] = {
        "id": node["databaseId"],
        "number": node["number"],
        "title": node["title"],
        "body": node["body"],
        "status": PULL_STATES[node["state"]],
    }
    if node["author"] is not None:
        shaped["author"] = user(node["author"])
    shaped |= {
        "source_bookmark": node["headRefName"],
        "target_branch": node["baseRefName"],
        "source_node": node["headRefOid"],
        "target_node": node["baseRefOid"],
        "mergeable": MERGEABLE[node["mergeable"]],
        "merge_node": node["mergeCommitOid"],
        "merged_at": timestamp(node["mergedAt"]),
    }
    if node["mergedBy"] is not None:
        shaped["merged_by"] = user(node["mergedBy"])
    if node.get("allComments"):
        shaped["comments"] = [comment(n) for n in node["allComments"]]
    shaped["closed_at"] = timestamp(node["closedAt"])
    shaped["created_at"] = timestamp(node["createdAt"])
    shaped["updated_at"] = timestamp(node["updatedAt"])
    return shaped


def asset(node: dict[str, Any]) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "id": node["databaseId"],
        "name": node["name"],
        "content_type": node["contentType"],
        "size": node["size"],
        "sha256": node["sha256"],
        "download_count": node["downloadCount"],
        "download_url": node["downloadUrl"],
    }
    if node["uploadedBy"] is not None:
        shaped["uploader"] = user(node["uploadedBy"])
    shaped["created_at"] = timestamp(node["createdAt"])
    return shaped


def release(node: dict[str, Any]) -> dict[str, Any]:
    """A release with its assets (the first 100, or 20 in lists); ``author`` when it exists."""
    shaped: dict[str, Any] = {
        "id": node["databaseId"],
        "tag_name": node["tagName"],
        "target_commitish": node["targetCommitish"],
        "name": node["name"],
        "body": node["description"],
        "draft": node["isDraft"],
        "prerelease": node["isPrerelease"],
    }
    if node["author"] is not None:
        shaped["author"] = user(node["author"])
    shaped["assets"] = [asset(n) for n in node["releaseAssets"]["nodes"]]
    shaped["created_at"] = timestamp(node["createdAt"])
    shaped["updated_at"] = timestamp(node["updatedAt"])
    shaped["published_at"] = timestamp(node["publishedAt"])
    return shaped


def pipeline(node: dict[str, Any], *, steps: bool = False) -> dict[str, Any]:
    """Isurus' pipeline; ``trigger_by``/``trigger_user`` are null when the account is gone."""
    user = node["triggeredBy"]
    shaped: dict[str, Any] = {
        "id": node["databaseId"],
        "number": node["number"],
        "commit_node": node["commitOid"],
        "branch": node["branch"],
        "event": node["event"].lower(),
        "status": node["status"].lower(),
        "trigger_by": user["databaseId"] if user else None,
        "trigger_user": {"id": user["databaseId"], "username": user["login"]} if user else None,
        "created_at": timestamp(node["createdAt"]),
        "started_at": timestamp(node["startedAt"]),
        "finished_at": timestamp(node["finishedAt"]),
    }
    if steps:
        shaped["steps"] = [pipeline_step(step) for step in node["steps"]["nodes"]]
    return shaped


def pipeline_step(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "number": node["number"],
        "name": node["name"],
        "image": node["image"],
        "status": node["status"].lower(),
        "exit_code": node["exitCode"],
        "started_at": timestamp(node["startedAt"]),
        "finished_at": timestamp(node["finishedAt"]),
    }
