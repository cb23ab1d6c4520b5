"""``rateLimit`` reports the budget the limiter drew on (REST's too) and what it charged."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.forge import Forge

QUERY = "{ rateLimit { limit cost remaining resetAt used nodeCount } viewer { login } }"


def _ask(
    forge: Forge, token: str, path: str = "/graphql"
) -> tuple[dict[str, object], httpx.Headers]:
    response = httpx.post(
        f"{forge.url}{path}",
        json={"query": QUERY},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]["rateLimit"], response.headers


def test_rate_limit_is_the_budget_the_limiter_charged(forge: Forge) -> None:
    user = forge.new_user()
    first, headers = _ask(forge, user.token)
    assert first["limit"] == int(headers["X-RateLimit-Limit"])
    assert first["remaining"] == int(headers["X-RateLimit-Remaining"])
    assert first["used"] == first["limit"] - first["remaining"]
    reset = datetime.fromisoformat(str(first["resetAt"]))
    assert reset == datetime.fromtimestamp(int(headers["X-RateLimit-Reset"]), UTC)
    # rateLimit (1 + 6 fields) and viewer (1 + 1), no connection around them.
    assert (first["cost"], first["nodeCount"]) == (1, 9)
    # A REST call draws on the same budget; the next query is charged its cost again.
    rest = httpx.get(
        f"{forge.url}/api/v1/user", headers={"Authorization": f"token {user.token}"}, timeout=60
    )
    assert rest.status_code == 200
    assert int(rest.headers["X-RateLimit-Remaining"]) == first["remaining"] - 1
    second, _ = _ask(forge, user.token, "/api/graphql")
    assert second["remaining"] == first["remaining"] - 1 - int(str(second["cost"]))
    assert second["used"] == int(str(first["used"])) + 2
