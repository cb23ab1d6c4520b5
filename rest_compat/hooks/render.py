"""What a renderer is given and gives back, and the dispatch from webhook type to renderer.

A renderer is ``async (run, delivery) -> Rendered``: ``run`` executes one of
the dialect's named operations as the delivery's reader (the composition root
builds it from a GraphQL ``Context``) and returns its data or raises; the
renderer turns the event's facts (``app/services/webhook_event.py`` documents
them) into global ids, loads the subject and shapes the body. A subject the
reader cannot see any more (deleted, or the repository turned private to it)
is a ``SubjectGone``: the delivery fails with that reason, nothing leaks.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rest_compat.operations import Operation
from schema import global_id

Run = Callable[[Operation, dict[str, Any]], Awaitable[dict[str, Any]]]


class SubjectGone(Exception):
    """The event's subject (or its repository) does not exist for the reader."""


@dataclass(frozen=True)
class Delivery:
    """One delivery as a renderer sees it; ``sign`` gives the hex HMAC-SHA256 of a body
    with the webhook's secret (None without one): the secret itself never reaches here."""

    type: str
    content_type: str
    sign: Callable[[bytes], str | None]
    event: str
    action: str
    guid: str
    facts: Mapping[str, Any]
    base_url: str


@dataclass(frozen=True)
class Rendered:
    headers: dict[str, str]
    body: bytes
    content_type: str = "application/json"


def encode(payload: Any) -> bytes:
    """Compact UTF-8 JSON: the exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def repository_id(delivery: Delivery) -> str:
    return global_id("Repository", int(delivery.facts["repository_id"]))


def user_ids(*database_ids: Any) -> list[str]:
    """Global ids of the accounts named, skipping the missing ones."""
    return [global_id("User", int(each)) for each in database_ids if each is not None]


def present(data: dict[str, Any], key: str = "repository") -> dict[str, Any]:
    found = data.get(key)
    if not found:
        raise SubjectGone(f"The event's {key} is no longer visible to this webhook.")
    return dict(found)


def by_id(nodes: list[dict[str, Any] | None]) -> dict[int, dict[str, Any]]:
    """Loaded nodes by database id (``nodes(ids:)`` answers null for what is not visible)."""
    return {node["databaseId"]: node for node in nodes if node}
