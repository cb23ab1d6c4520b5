"""Numbers a caller makes up (huge, negative, zero, words, non-ASCII digits) never reach the
database: GraphQL answers null or NOT_FOUND naming the input, each REST dialect its own 404
or 4xx in its documented error shape, never a 500."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.forge import Forge, User

# Past PostgreSQL's integer, past SQLite's 64 bits, signs, words and digits int() would take.
HOSTILE = [
    "2147483648",
    "99999999999999999999999",
    "9" * 5000,
    "0",
    "-1",
    "abc",
    "1e3",
    "\u0663",  # ARABIC-INDIC DIGIT THREE
    "\u00b2",  # SUPERSCRIPT TWO: isdigit() but not int()
    "\uff11",  # FULLWIDTH DIGIT ONE
]
# What a page number or size may not be (a huge page is just past the last one).
BAD_PAGE = ["0", "-1", "abc", "1e3", "\u0663", "\u00b2", " 1", "+1", "1_0"]

Check = Callable[[httpx.Response], None]


# Isurus' documented "read" scope in canonical names (app/auth/scopes.py): its
# /user/tokens routes need it (issue 14).
ISURUS_READ = ["repo:read", "collaborator:read", "workflow:read", "webhook:read"]


def gogs_error(response: httpx.Response) -> None:
    body = response.json()
    assert isinstance(body["message"], str) and body["message"], body
    assert body["url"] == response.request.url.path, body


def isurus_error(response: httpx.Response) -> None:
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], body


def kod_error(response: httpx.Response) -> None:
    body = response.json()
    assert isinstance(body["error"], str) and body["error"], body


def opencodehub_error(response: httpx.Response) -> None:
    body = response.json()
    assert set(body) == {"error", "meta"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], body


def refused(response: httpx.Response, statuses: set[int], check: Check) -> None:
    assert response.status_code in statuses, (response.request.url, response.text[:300])
    check(response)


def _setup(forge: Forge) -> tuple[User, dict[str, Any], str]:
    user = forge.new_user("num")
    repo = forge.new_repo(user)
    forge.gql(
        'mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "t"}) { issue { id } } }',
        {"r": repo["id"]},
        token=user.token,
    )
    return user, repo, forge.token_for(user, [*ISURUS_READ, "repo:write", "admin"])


def _paths(template: str, values: list[str]) -> list[str]:
    return [template.format(httpx.URL("/" + v).raw_path.decode()[1:]) for v in values]


def test_rest_path_numbers_that_name_nothing_are_404_in_every_dialect(forge: Forge) -> None:
    user, repo, token = _setup(forge)
    full = f"{user.login}/{repo['name']}"
    headers = {"Authorization": f"token {token}"}
    gogs = [
        ("GET", f"/api/v1/repos/{full}/issues/{{}}"),
        ("GET", f"/api/v1/repos/{full}/issues/{{}}/comments"),
        ("PATCH", f"/api/v1/repos/{full}/issues/1/comments/{{}}"),
        ("GET", f"/api/v1/repos/{full}/labels/{{}}"),
        ("GET", f"/api/v1/repos/{full}/milestones/{{}}"),
        ("DELETE", f"/api/v1/repos/{full}/issues/1/labels/{{}}"),
    ]
    isurus = [
        ("GET", f"/isurus/api/v1/repos/{full}/issues/{{}}"),
        ("GET", f"/isurus/api/v1/repos/{full}/pulls/{{}}"),
        ("GET", f"/isurus/api/v1/repos/{full}/releases/{{}}"),
        ("DELETE", f"/isurus/api/v1/repos/{full}/releases/1/assets/{{}}"),
        ("DELETE", "/isurus/api/v1/user/tokens/{}"),
    ]
    kod = [("DELETE", "/kod/tokens/{}")]
    with httpx.Client(base_url=forge.url, headers=headers, timeout=60) as http:
        for routes, check in ((gogs, gogs_error), (isurus, isurus_error), (kod, kod_error)):
            for method, template in routes:
                for path in _paths(template, HOSTILE):
                    body = {"body": "x"} if method == "PATCH" else None
                    response = http.request(method, path, json=body)
                    refused(response, {404}, check)
        # The same routes still find what exists.
        assert http.get(f"/api/v1/repos/{full}/issues/1").status_code == 200
        assert http.get(f"/isurus/api/v1/repos/{full}/issues/1").status_code == 200


@pytest.mark.parametrize("value", BAD_PAGE)
def test_rest_page_numbers_must_be_plain_positive_numbers(forge: Forge, value: str) -> None:
    user, repo, token = _setup(forge)
    full = f"{user.login}/{repo['name']}"
    lists = [
        (f"/api/v1/repos/{full}/issues", "limit", {422}, gogs_error),
        ("/api/v1/repos/search", "limit", {422}, gogs_error),
        (f"/isurus/api/v1/repos/{full}/issues", "per_page", {422}, isurus_error),
        (f"/kod/repos/{repo['name']}/collaborators", "limit", {400}, kod_error),
        (f"/api/repos/{full}/pulls", "per_page", {400}, opencodehub_error),
    ]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=forge.url, headers=headers, timeout=60) as http:
        for path, size, statuses, check in lists:
            for name in ("page", size):
                response = http.get(path, params={name: value})
                refused(response, statuses, check)
        if value != "0":  # Gogs' "any owner"
            response = http.get("/api/v1/repos/search", params={"uid": value})
            refused(response, {422}, gogs_error)
            assert response.json()["field"] == "uid"


def test_rest_huge_pages_are_past_the_last_page(forge: Forge) -> None:
    user, repo, token = _setup(forge)
    full = f"{user.login}/{repo['name']}"
    huge = "9" * 40
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=forge.url, headers=headers, timeout=60) as http:
        gogs = http.get(f"/api/v1/repos/{full}/issues", params={"page": huge, "limit": huge})
        assert gogs.status_code == 200 and gogs.json() == [], gogs.text
        # Every page is served (issue 21): past the end, an empty one, never a refusal.
        isurus = http.get(
            f"/isurus/api/v1/repos/{full}/issues", params={"page": huge, "state": "new"}
        )
        assert isurus.status_code == 200, isurus.text
        assert isurus.json() == {
            "data": [],
            "pagination": {"page": 2**31 - 1, "per_page": 30, "total": 1},
        }
        och = http.get(f"/api/repos/{full}/pulls", params={"page": huge, "per_page": huge})
        assert och.status_code == 200, och.text
        assert och.json()["data"] == [], och.text
        uid = http.get("/api/v1/repos/search", params={"uid": "2147483648"})
        refused(uid, {422}, gogs_error)


def _raw_id(type_name: str, raw: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{raw}".encode()).decode().rstrip("=")


def test_graphql_ids_past_the_database_name_nothing(forge: Forge) -> None:
    user, repo, _ = _setup(forge)
    ids = [_raw_id("Issue", raw) for raw in HOSTILE]
    data = forge.gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}, token=user.token
    )
    assert data["nodes"] == [None] * len(ids)
    for global_id in ids[:3]:
        data = forge.gql("query($id: ID!) { node(id: $id) { id } }", {"id": global_id})
        assert data["node"] is None
    mutations = [
        ("addComment", "subjectId", {"body": "x"}, "subjectId"),
        ("updateIssue", "id", {"title": "x"}, "id"),
    ]
    for raw in HOSTILE:
        for name, key, extra, field in mutations:
            error = forge.gql_error(
                f"mutation($i: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $i) "
                "{ __typename } }",
                {"i": {key: _raw_id("Issue", raw), **extra}},
                token=user.token,
            )
            assert error.codes == ["NOT_FOUND"], error.errors
            assert error.errors[0]["extensions"]["field"] == field
        for key, value in (
            ("labelIds", [_raw_id("Label", raw)]),
            ("milestoneId", _raw_id("Milestone", raw)),
            ("assigneeIds", [_raw_id("User", raw)]),
        ):
            error = forge.gql_error(
                "mutation($i: CreateIssueInput!) { createIssue(input: $i) { __typename } }",
                {"i": {"repositoryId": repo["id"], "title": "never", key: value}},
                token=user.token,
            )
            assert error.codes == ["NOT_FOUND"], (key, error.errors)
            assert error.errors[0]["extensions"]["field"] == key
    # Nothing was written.
    count = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ issues { totalCount } issue(number: 1) { title comments { totalCount } } } }",
        {"o": user.login, "n": repo["name"]},
        token=user.token,
    )["repository"]
    assert count == {
        "issues": {"totalCount": 1},
        "issue": {"title": "t", "comments": {"totalCount": 0}},
    }


def test_graphql_cursors_past_the_database_are_bad_input(forge: Forge) -> None:
    user, repo, _ = _setup(forge)
    query = """query($o: String!, $n: String!, $a: String) { repository(owner: $o, name: $n) {
      issues(first: 5, after: $a) { nodes { number } } } }"""
    for raw in ["2147483648", "9" * 30, "-1", "\u0663"]:
        cursor = base64.urlsafe_b64encode(f"cursor:v1:{raw}".encode()).decode()
        error = forge.gql_error(query, {"o": user.login, "n": repo["name"], "a": cursor})
        assert error.codes == ["BAD_USER_INPUT"], error.errors
        assert error.errors[0]["extensions"]["field"] == "after"
