"""Isurus' webhook payloads.

Isurus' reference (``seeds/isurus-api.txt``) names the events (``push``,
``issue``, ``pull_request``) but documents no payload and no headers, so
Ingot sends Isurus' own API objects (``rest_compat/isurus/shapes.py``): a
receiver written against Isurus' REST API reads the same fields.
``docs/rest/isurus.md`` says so.
"""

from __future__ import annotations

from typing import Any

from rest_compat.isurus import shapes

# Isurus' event names for the canonical ones it knows.
EVENTS = {"push": "push", "issues": "issue", "pull_request": "pull_request"}
CANONICAL = {isurus: canonical for canonical, isurus in EVENTS.items()}


def _user(node: dict[str, Any] | None) -> dict[str, Any] | None:
    return shapes.user(node) if node else None


def push_commit(node: dict[str, Any]) -> dict[str, Any]:
    author = node["author"]
    return {
        "id": node["oid"],
        "message": node["message"],
        "author": {"name": author["name"], "email": author["email"]},
        "timestamp": shapes.timestamp(author["date"]),
    }


def push(
    ref: str,
    before: str,
    after: str,
    commits: list[dict[str, Any]],
    repo: dict[str, Any],
    pusher: dict[str, Any] | None,
) -> dict[str, Any]:
    """``{event, ref, before, after, commits[{id, message, author{name, email},
    timestamp}], repository, sender}``; ``commits`` newest first, as pushed."""
    return {
        "event": "push",
        "ref": ref,
        "before": before,
        "after": after,
        "commits": [push_commit(node) for node in commits],
        "repository": shapes.repository(repo),
        "sender": _user(pusher),
    }


def issue(
    action: str, node: dict[str, Any], repo: dict[str, Any], sender: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "event": "issue",
        "action": action,
        "issue": shapes.issue(node),
        "repository": shapes.repository(repo),
        "sender": _user(sender),
    }


def pull_request(
    action: str, node: dict[str, Any], repo: dict[str, Any], sender: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "event": "pull_request",
        "action": action,
        "pull_request": shapes.pull_request(node),
        "repository": shapes.repository(repo),
        "sender": _user(sender),
    }
