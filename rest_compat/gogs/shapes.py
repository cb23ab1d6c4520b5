"""Pure functions from GraphQL results to Gogs' JSON objects (``specs/gogs-openapi.json``)."""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import rfc3339 as timestamp


def user(node: dict[str, Any]) -> dict[str, Any]:
    """A user (or an organization as an owner): ``email`` is always present."""
    return {
        "id": node["databaseId"],
        "username": node["login"],
        "login": node["login"],
        "full_name": node.get("name") or "",
        "email": node.get("email") or "",
        "avatar_url": node.get("avatarUrl") or "",
    }


def organization(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "username": node["login"],
        "login": node["login"],
        "full_name": node.get("name") or "",
        "avatar_url": node.get("avatarUrl") or "",
        "description": node.get("description") or "",
        "website": node.get("websiteUrl") or "",
        "location": node.get("location") or "",
    }


_PERMISSIONS = {
    "ADMIN": {"admin": True, "push": True, "pull": True},
    "WRITE": {"admin": False, "push": True, "pull": True},
    "READ": {"admin": False, "push": False, "pull": True},
    None: {"admin": False, "push": False, "pull": False},
}


def permissions(level: str | None) -> dict[str, bool]:
    """Gogs' ``{admin, push, pull}`` for a ``RepositoryPermission`` (None: no access)."""
    return dict(_PERMISSIONS[level])


def repository(node: dict[str, Any]) -> dict[str, Any]:
    """A repository; a fork's ``parent`` in the same shape, one level deep (as Gitea)."""
    shown = _repository(node)
    if node.get("parent"):
        shown["parent"] = _repository(node["parent"])
    return shown


def _repository(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "owner": user(node["owner"]),
        "name": node["name"],
        "full_name": node["nameWithOwner"],
        "description": node["description"],
        "private": node["isPrivate"],
        "fork": bool(node.get("isFork")),
        "parent": None,
        "empty": node["pushedAt"] is None,
        # Webhook payloads' repositories may come without the flags (the defaults then).
        "mirror": node.get("isMirror", False),
        "size": 0,
        "html_url": node["url"],
        # The contract types it a string: "" when the server runs no SSH.
        "ssh_url": node.get("sshUrl") or "",
        "clone_url": node["cloneUrl"],
        "website": "",
        "stars_count": 0,
        "forks_count": node.get("forkCount") or 0,
        "watchers_count": 0,
        "open_issues_count": node["openIssueCount"],
        "default_branch": node["defaultBranch"],
        "created_at": timestamp(node["createdAt"]),
        "updated_at": timestamp(node["updatedAt"]),
        "permissions": permissions(node["viewerPermission"]),
    }


def issue_state(state: str) -> str:
    """Gogs knows open and closed, as GraphQL does (triage is a separate field)."""
    return "closed" if state == "CLOSED" else "open"


def label(node: dict[str, Any], repo_api_url: str) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "name": node["name"],
        # Gogs writes colours without the leading '#'.
        "color": node["color"].lstrip("#"),
        "url": f"{repo_api_url}/labels/{node['databaseId']}",
    }


def milestone(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "title": node["title"],
        "description": node["description"],
        "state": "closed" if node["state"] == "CLOSED" else "open",
        "open_issues": node["openIssueCount"],
        "closed_issues": node["closedIssueCount"],
        "closed_at": timestamp(node.get("closedAt")),
        "due_on": timestamp(node.get("dueOn")),
    }


def issue(node: dict[str, Any], repo_api_url: str) -> dict[str, Any]:
    """Gogs has one assignee: the first of Ingot's, by login."""
    author = node.get("author")
    assignees = (node.get("assignees") or {}).get("nodes") or []
    found = node.get("milestone")
    return {
        "id": node["databaseId"],
        "number": node["number"],
        "state": issue_state(node["state"]),
        "title": node["title"],
        "body": node["body"],
        "user": user(author) if author else None,
        "labels": [label(each, repo_api_url) for each in node["labels"]["nodes"]],
        "assignee": user(assignees[0]) if assignees else None,
        "milestone": milestone(found) if found else None,
        "comments": node["commentCount"],
        "pull_request": None,
        "html_url": node["url"],
        "created_at": timestamp(node["createdAt"]),
        "updated_at": timestamp(node["updatedAt"]),
        "closed_at": timestamp(node.get("closedAt")),
    }


def comment(node: dict[str, Any], issue_url: str) -> dict[str, Any]:
    author = node.get("author")
    return {
        "id": node["databaseId"],
        "html_url": f"{issue_url}#issuecomment-{node['databaseId']}",
        "user": user(author) if author else None,
        "body": node["body"],
        "created_at": timestamp(node["createdAt"]),
        "updated_at": timestamp(node["updatedAt"]),
    }
