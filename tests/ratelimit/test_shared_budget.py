"""Two server processes on one database draw on one budget."""

from __future__ import annotations

import httpx

from tests.forge import Forge
from tests.ratelimit.conftest import StartLimited, cli_token

VIEWER = {"query": "{ viewer { login } }"}


def _statuses(servers: list[Forge], rounds: int, token: str | None = None) -> list[int]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    statuses = []
    for i in range(rounds):
        forge = servers[i % len(servers)]
        response = httpx.post(f"{forge.url}/graphql", json=VIEWER, headers=headers, timeout=60)
        statuses.append(response.status_code)
    return statuses


def test_two_servers_on_one_database_share_the_budget(start_limited: StartLimited) -> None:
    first = start_limited(anonymous=4, token=40)
    second = start_limited(anonymous=4, token=40)
    # Small budgets are leased one request at a time: the limit holds exactly.
    anonymous = _statuses([first, second], 8)
    assert anonymous == [200, 200, 200, 200, 429, 429, 429, 429]

    token = cli_token(first)
    statuses = _statuses([first, second], 80, token)
    served = statuses.count(200)
    # Larger budgets are leased in blocks: never more than the limit, and at most
    # a block less per process than the limit.
    assert 40 - 9 <= served <= 40, statuses
    assert statuses[-2:] == [429, 429]
    assert set(statuses) == {200, 429}
