"""Request budgets on GraphQL and the REST surfaces: headers, 429s, separate budgets."""

from __future__ import annotations

import time

import httpx

from app.auth.token import generate_token
from tests.forge import Forge
from tests.ratelimit.conftest import StartLimited, cli_token

VIEWER = {"query": "{ viewer { login } }"}


def _graphql(forge: Forge, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return forge.client.post(f"{forge.url}/graphql", json=VIEWER, headers=headers)


def test_every_api_response_carries_the_rate_limit_headers(forge: Forge) -> None:
    user = forge.new_user()
    before = int(time.time())
    for response in [
        forge.post_graphql("{ viewer { login } }", token=user.token),
        forge.post_graphql("{ viewer { login } }"),
        forge.client.get(f"{forge.url}/api/no-such-route"),
        forge.client.get(f"{forge.url}/api/v1/user/repos"),
        forge.client.get(f"{forge.url}/isurus/api/v1/user"),
        forge.client.get(f"{forge.url}/kod/health"),
        forge.client.get(
            f"{forge.url}/kod/repos", headers={"Authorization": f"Bearer {user.token}"}
        ),
    ]:
        assert response.headers["X-RateLimit-Limit"] == "10000000"
        remaining = int(response.headers["X-RateLimit-Remaining"])
        assert 0 < remaining < 10000000
        reset = int(response.headers["X-RateLimit-Reset"])
        assert before < reset <= before + 3600 + 1
        assert "Retry-After" not in response.headers


def test_git_static_and_health_are_not_limited(forge: Forge) -> None:
    for path in ["/health", "/", "/graphiql/index.html"]:
        response = forge.client.get(f"{forge.url}{path}", headers={"Accept": "text/html"})
        assert "X-RateLimit-Limit" not in response.headers, path
    page = forge.client.get(f"{forge.url}/graphql", headers={"Accept": "text/html"})
    assert "X-RateLimit-Limit" not in page.headers


def test_anonymous_clients_get_429_with_retry_after_and_tokens_keep_their_budget(
    start_limited: StartLimited,
) -> None:
    forge = start_limited(anonymous=3, token=5)
    token = cli_token(forge)
    remaining = [_graphql(forge).headers["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]

    refused = _graphql(forge)
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert 0 < retry_after <= 86400
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["X-RateLimit-Limit"] == "3"
    body = refused.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] == retry_after

    # Each REST dialect refuses in its own error shape, with Retry-After.
    for path, shape in [
        ("/api/no-such-route", lambda b: set(b) == {"message", "url"}),
        ("/api/v1/user/repos", lambda b: set(b) == {"message", "url"}),
        ("/api/v1/user/tokens", lambda b: set(b) == {"message", "url"}),  # Gogs owns /api/v1
        ("/isurus/api/v1/user", lambda b: b["error"]["code"] == "rate_limited"),
        ("/api/repos/someone/something", lambda b: set(b) == {"error", "meta"}),
        ("/kod/repos", lambda b: isinstance(b["error"], str)),
        ("/kod/health", lambda b: isinstance(b["error"], str)),
    ]:
        rest = forge.client.get(f"{forge.url}{path}")
        assert rest.status_code == 429, path
        # The same window end, give or take the seconds that passed meanwhile.
        assert 0 <= retry_after - int(rest.headers["Retry-After"]) <= 5, path
        assert rest.headers["X-RateLimit-Reset"] == refused.headers["X-RateLimit-Reset"], path
        assert rest.headers["X-RateLimit-Remaining"] == "0", path
        assert shape(rest.json()), (path, rest.text)

    # An invented token (right shape, right checksum) draws on the address's budget.
    assert _graphql(forge, generate_token()).status_code == 429
    # A real token has its own budget, whichever way it is sent.
    allowed = _graphql(forge, token)
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["data"]["viewer"]["login"].startswith("rl")
    assert allowed.headers["X-RateLimit-Limit"] == "5"
    assert allowed.headers["X-RateLimit-Remaining"] == "4"
    by_query = forge.client.post(f"{forge.url}/graphql", params={"token": token}, json=VIEWER)
    assert by_query.headers["X-RateLimit-Remaining"] == "3"
    # Static files and the SPA stay reachable while the API refuses.
    assert forge.client.get(f"{forge.url}/health").status_code == 200


def test_tokens_of_one_account_share_its_budget(start_limited: StartLimited) -> None:
    forge = start_limited(anonymous=2, token=4)
    first = cli_token(forge)
    codes = [_graphql(forge, first).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    other_user = cli_token(forge)
    assert _graphql(forge, other_user).headers["X-RateLimit-Remaining"] == "3"
    assert _graphql(forge, first).status_code == 200
    refused = _graphql(forge, first)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_the_budget_comes_back_in_the_next_window(start_limited: StartLimited) -> None:
    forge = start_limited(anonymous=2, token=2, window=3)
    # A window may end while we spend the budget: then it takes a few more requests.
    for _ in range(12):
        response = _graphql(forge)
        if response.status_code == 429:
            break
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 3
    time.sleep(wait + 0.2)
    again = _graphql(forge)
    assert again.status_code == 200, again.text


def test_query_string_tokens_are_redacted_from_the_access_log(start_limited: StartLimited) -> None:
    forge = start_limited(anonymous=5, token=5)
    token = cli_token(forge)
    forge.client.get(f"{forge.url}/api/v1/user", params={"token": token})
    forge.client.post(f"{forge.url}/graphql", params={"access_token": token}, json=VIEWER)
    forge.stop()
    log = forge.log_path.read_text()
    assert token not in log
    assert "token=[REDACTED]" in log
