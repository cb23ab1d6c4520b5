"""GraphQL documents for the activity feeds, and reading them as (kind, actor) rows."""

from __future__ import annotations

from typing import Any

from tests.forge import Forge

FIELDS = """totalCount pageInfo { hasNextPage endCursor }
  nodes { id databaseId kind createdAt actor { login } repository { nameWithOwner }
    issue { number title } pullRequest { number title } release { tagName }
    push { databaseId } refName commitCount title subjectRef }"""
REPOSITORY = (
    "query($o: String!, $n: String!, $f: Int, $a: String) { repository(owner: $o, name: $n) {"
    f" activity(first: $f, after: $a) {{ {FIELDS} }} }} }}"
)
USER = (
    "query($l: String!, $f: Int, $a: String) { user(login: $l) {"
    f" activity(first: $f, after: $a) {{ {FIELDS} }} }} }}"
)
VIEWER = (
    "query($f: Int, $a: String) { viewer {"
    f" receivedActivity(first: $f, after: $a) {{ {FIELDS} }} }} }}"
)


def repository_activity(
    forge: Forge, repo: dict[str, Any], token: str | None, first: int = 50
) -> dict[str, Any] | None:
    owner, name = repo["nameWithOwner"].split("/")
    data = forge.gql(REPOSITORY, {"o": owner, "n": name, "f": first}, token=token)
    return data["repository"]["activity"] if data["repository"] else None


def user_activity(forge: Forge, login: str, token: str | None, first: int = 50) -> dict[str, Any]:
    found: dict[str, Any] = forge.gql(USER, {"l": login, "f": first}, token=token)["user"]
    return found["activity"]  # type: ignore[no-any-return]


def received(forge: Forge, token: str, first: int = 50) -> dict[str, Any]:
    found: dict[str, Any] = forge.gql(VIEWER, {"f": first}, token=token)["viewer"]
    return found["receivedActivity"]  # type: ignore[no-any-return]


def kinds(connection: dict[str, Any]) -> list[tuple[str, str | None]]:
    """``(kind, actor login)`` newest first."""
    return [(n["kind"], n["actor"]["login"] if n["actor"] else None) for n in connection["nodes"]]


def repositories_of(connection: dict[str, Any]) -> set[str]:
    return {n["repository"]["nameWithOwner"] for n in connection["nodes"]}
