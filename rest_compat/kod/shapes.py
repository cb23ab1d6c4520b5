"""Pure functions from GraphQL results to Kod's JSON objects (``seeds/kod-api.txt``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def millis(value: str | None) -> int | None:
    """Kod's timestamps: milliseconds since the epoch."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def repository(node: dict[str, Any]) -> dict[str, Any]:
    """A repository under Kod's flat name.

    ``path`` is Kod's git URL path, not a server directory; ``ownerTokenId``
    is the owning account's id (Ingot repositories belong to accounts, not
    to tokens); ``protectedBranches`` is sorted, as Kod keeps it.
    """
    return {
        "name": node["name"],
        "createdAt": millis(node["createdAt"]),
        "path": f"/kod/repos/{node['name']}.git",
        "ownerTokenId": str(node["owner"]["databaseId"]),
        "protectedBranches": protected_branches(node),
    }


def protected_branches(node: dict[str, Any]) -> list[str]:
    return sorted(rule["pattern"] for rule in node["branchProtectionRules"]["nodes"])


def collaborators(node: dict[str, Any]) -> dict[str, Any]:
    """Kod's ``{repoName, collaborators}``, plus each one's permission (``read``/``write``)."""
    edges = node["collaborators"]["edges"]
    return {
        "repoName": node["name"],
        "collaborators": [edge["node"]["login"] for edge in edges],
        "permissions": {edge["node"]["login"]: edge["permission"].lower() for edge in edges},
    }


def token(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(node["databaseId"]),
        "name": node["name"],
        "createdAt": millis(node["createdAt"]),
        "lastUsedAt": millis(node["lastUsedAt"]),
        "permissions": node["scopes"],
    }


_RUN_STATUS = {"PENDING": "queued", "RUNNING": "running", "SUCCESS": "completed"}


def run_status(status: str) -> str:
    """Kod's run status for a pipeline's: queued, running, completed or failed (a failure,
    an error, a cancelled run)."""
    return _RUN_STATUS.get(status, "failed")


def _duration(start: str | None, end: str | None) -> int:
    started, finished = millis(start), millis(end)
    return finished - started if started is not None and finished is not None else 0


def run(node: dict[str, Any]) -> dict[str, Any]:
    """Kod's run record; ``result`` is null until the run has finished. A step skipped by
    its ``if`` counts as a success, as it did not fail the run."""
    status = run_status(node["status"])
    finished = status in ("completed", "failed")
    result = None
    if finished:
        result = {
            "success": status == "completed",
            "duration": _duration(node["startedAt"], node["finishedAt"]),
            "steps": [
                {
                    "name": step["name"],
                    "success": step["status"] in ("SUCCESS", "SKIPPED"),
                    "output": step["log"],
                    "duration": _duration(step["startedAt"], step["finishedAt"]),
                }
                for step in node["steps"]["nodes"]
            ],
        }
    return {
        "id": str(node["databaseId"]),
        "repoName": node["repository"]["name"],
        "branch": node["branch"],
        "status": status,
        "startedAt": millis(node["startedAt"]),
        "completedAt": millis(node["finishedAt"]),
        "result": result,
    }


def secret(node: dict[str, Any], repo_name: str) -> dict[str, Any]:
    """A secret's metadata (Kod never returns the value)."""
    return {
        "name": node["name"],
        "repoName": repo_name,
        "createdAt": millis(node["createdAt"]),
        "updatedAt": millis(node["updatedAt"]),
    }
