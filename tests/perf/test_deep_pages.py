"""Every page of a 200,000-issue repository is reachable and exactly placed.

The issues are inserted with one SQL statement and the repository's counters
set as the migration sets them; then the last, a deep and a past-the-end page
are read through Gogs, Isurus and GraphQL: items, ``X-Total-Count``, ``Link``'s
``last``, ``pagination.total``, ``totalCount`` and its exactness.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.backends import sql
from tests.forge import Forge

N = 200_000
# By number % 3; NEW is Isurus' new: stored OPEN and not triaged.
STATE = {0: "CLOSED", 1: "OPEN", 2: "NEW"}


def _state(number: int) -> str:
    return STATE[number % 3]


@pytest.fixture(scope="module")
def big(forge: Forge) -> dict[str, Any]:
    owner = forge.new_user("deep")
    repo = forge.new_repo(owner)
    repo_id = repo["databaseId"]
    state = (
        "CASE n % 3 WHEN 0 THEN 'CLOSED' ELSE 'OPEN' END, "
        "CASE n % 3 WHEN 2 THEN FALSE ELSE TRUE END"
    )
    columns = "repository_id, number, title, body, state, triaged, created_at, updated_at"
    if forge.backend == "sqlite":
        sql(
            forge,
            f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {N}) "  # noqa: S608
            f"INSERT INTO issue ({columns}) SELECT {repo_id}, n, 'Issue ' || n, '', {state}, "
            "'2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00' FROM s",
        )
    else:
        sql(
            forge,
            f"INSERT INTO issue ({columns}) SELECT {repo_id}, n, 'Issue ' || n, '', {state}, "  # noqa: S608
            f"now(), now() FROM generate_series(1, {N}) AS n",
        )
    counts = {s: sum(1 for n in range(1, N + 1) if _state(n) == s) for s in STATE.values()}
    sql(
        forge,
        f"UPDATE repository SET issue_counter = {N}, "  # noqa: S608
        f"open_issue_count = {counts['NEW'] + counts['OPEN']}, "
        f"new_issue_count = {counts['NEW']}, closed_issue_count = {counts['CLOSED']} "
        f"WHERE id = {repo_id}",
    )
    return {"login": owner.login, "name": repo["name"], "token": owner.token, "counts": counts}


def _last_link(response: Any) -> int | None:
    found = re.search(r'[?&]page=(\d+)[^>]*>; rel="last"', response.headers.get("Link", ""))
    return int(found.group(1)) if found else None


def test_gogs_serves_every_page_with_exact_counts(forge: Forge, big: dict[str, Any]) -> None:
    url = f"{forge.url}/api/v1/repos/{big['login']}/{big['name']}/issues"
    # state=all, newest first: page p holds numbers N-(p-1)*100 down by one.
    for page in (1, 1500, 2000):
        got = forge.client.get(url, params={"state": "all", "limit": 100, "page": page})
        assert got.status_code == 200, got.text
        top = N - (page - 1) * 100
        assert [i["number"] for i in got.json()] == list(range(top, top - 100, -1))
        assert got.headers["X-Total-Count"] == str(N)
        assert "X-Total-Count-Estimate" not in got.headers
        assert _last_link(got) == (None if page == 2000 else 2000)
    past = forge.client.get(url, params={"state": "all", "limit": 100, "page": 2001})
    assert past.json() == [] and past.headers["X-Total-Count"] == str(N)
    # state=open (NEW and OPEN), newest first, on its last page (partial).
    open_numbers = [n for n in range(N, 0, -1) if _state(n) != "CLOSED"]
    last = -(-len(open_numbers) // 30)
    got = forge.client.get(url, params={"page": last})
    assert [i["number"] for i in got.json()] == open_numbers[(last - 1) * 30 :]
    assert got.headers["X-Total-Count"] == str(len(open_numbers))
    deep = forge.client.get(url, params={"page": 4000, "limit": 30})
    assert [i["number"] for i in deep.json()] == open_numbers[3999 * 30 : 4000 * 30]
    assert _last_link(deep) == last


def test_isurus_serves_pages_past_any_cap(forge: Forge, big: dict[str, Any]) -> None:
    url = f"{forge.url}/isurus/api/v1/repos/{big['login']}/{big['name']}/issues"
    new = [n for n in range(1, N + 1) if _state(n) == "NEW"]
    for page in (1, 600, len(new) // 100 + 1):
        got = forge.client.get(url, params={"state": "new", "per_page": 100, "page": page})
        assert got.status_code == 200, got.text
        body = got.json()
        assert [i["number"] for i in body["data"]] == new[(page - 1) * 100 : page * 100]
        assert body["pagination"] == {"page": page, "per_page": 100, "total": len(new)}


QUERY = """query($o: String!, $n: String!, $page: Int!, $s: [IssueState!], $q: String) {
  repository(owner: $o, name: $n) {
    name
    issues(first: 100, page: $page, states: $s, search: $q) {
      totalCount isTotalCountExact pageInfo { hasNextPage hasPreviousPage }
      nodes { number }
    }
  }
}"""


def test_graphql_deep_pages_and_bounded_filtered_counts(forge: Forge, big: dict[str, Any]) -> None:
    base = {"o": big["login"], "n": big["name"]}
    closed = [n for n in range(1, N + 1) if _state(n) == "CLOSED"]
    data = forge.gql(QUERY, {**base, "page": 500, "s": ["CLOSED"]})["repository"]["issues"]
    assert [i["number"] for i in data["nodes"]] == closed[49_900:50_000]
    assert (data["totalCount"], data["isTotalCountExact"]) == (len(closed), True)
    assert data["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}
    last = forge.gql(QUERY, {**base, "page": 2000})["repository"]["issues"]
    assert [i["number"] for i in last["nodes"]] == list(range(199_901, N + 1))
    assert last["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
    # A filtered list is counted as far as the page needs, then says it is a bound.
    found = forge.gql(QUERY, {**base, "page": 1, "q": "Issue"})["repository"]["issues"]
    assert [i["number"] for i in found["nodes"]] == list(range(1, 101))
    assert found["totalCount"] == 100_001 and found["isTotalCountExact"] is False
    deep = forge.gql(QUERY, {**base, "page": 1990, "q": "Issue"})["repository"]["issues"]
    assert [i["number"] for i in deep["nodes"]] == list(range(198_901, 199_001))
    assert (deep["totalCount"], deep["isTotalCountExact"]) == (199_001, False)
    end = forge.gql(QUERY, {**base, "page": 2000, "q": "Issue"})["repository"]["issues"]
    assert [i["number"] for i in end["nodes"]] == list(range(199_901, N + 1))
    assert (end["totalCount"], end["isTotalCountExact"]) == (N, True)
    # Any page a 32-bit Int names is answered: past the end, empty, never an error.
    far = forge.gql(QUERY, {**base, "page": 2**31 - 1})["repository"]
    assert far["name"] == big["name"] and far["issues"]["nodes"] == []
