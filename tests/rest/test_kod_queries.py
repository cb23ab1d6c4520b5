"""Kod's repository list costs the same number of SQL statements for 5 repositories as for 50.

Each listed repository carries its protected branches; they come from one
batched loader, not two queries per repository. Statements are counted on a
server of its own that logs every one (``tests/querylog.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import querylog
from tests.backends import counted_server
from tests.forge import Forge

PROTECT = """mutation($i: CreateBranchProtectionRuleInput!) {
  createBranchProtectionRule(input: $i) { branchProtectionRule { pattern } } }"""


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def counted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Forge, Path]]:
    with counted_server(
        request.param, tmp_path_factory.mktemp(f"querylog-{request.param}")
    ) as pair:
        yield pair


def _token_of_owner(forge: Forge, count: int) -> str:
    """A repo:read token of a new user owning ``count`` repositories, two rules each."""
    user = forge.new_user("kodn")
    for i in range(count):
        repo = forge.new_repo(user, name=f"repo-{i:02d}")
        for pattern in ("main", f"release/{i}"):
            forge.gql(PROTECT, {"i": {"repositoryId": repo["id"], "pattern": pattern}}, user.token)
    return forge.token_for(user, ["repo:read"])


def _list(forge: Forge, log: Path, token: str) -> tuple[list[dict[str, object]], int]:
    """The list, and the fewest statements one request for it ran out of three."""
    responses: list[httpx.Response] = []

    def get(_: int) -> None:
        response = httpx.get(
            f"{forge.url}/kod/repos", headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        assert response.status_code == 200, response.text
        responses.append(response)

    statements = querylog.fewest(log, get)
    return responses[-1].json(), statements


def test_kod_repository_list_runs_a_constant_number_of_queries(
    counted: tuple[Forge, Path],
) -> None:
    forge, log = counted
    few_token = _token_of_owner(forge, 5)
    many_token = _token_of_owner(forge, 50)
    few, few_statements = _list(forge, log, few_token)
    many, many_statements = _list(forge, log, many_token)
    assert len(few) == 5 and len(many) == 50
    for i, repo in enumerate(sorted(many, key=lambda r: str(r["name"]))):
        assert repo["name"] == f"repo-{i:02d}"
        assert repo["protectedBranches"] == ["main", f"release/{i}"]
    print(f"Kod list: {few_statements} statements for 5 repositories, {many_statements} for 50")
    assert few_statements == many_statements
    assert many_statements < 20
