"""The anonymous 5xx findings of issue 14, each as its attack on every surface it reached.

A body nested 1,000 levels, a lone surrogate or a NUL in JSON, a non-ASCII
byte after ``Authorization: Basic``, an ``operationName`` the document does
not have, strings longer than their column: each is a 4xx, on ``/graphql`` and
on every REST route of every dialect (and git for the Basic header).
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.forge import Forge
from tests.hardening.surface import GRAPHQL_PATHS, Target, body_routes, rest_routes, target

DEEP = b"[" * 1000 + b"]" * 1000  # the 2 KB body of the finding
HOSTILE_BODIES = {
    "deep array": DEEP,
    "deep object": b'{"a":' * 1000 + b"1" + b"}" * 1000,
    "deep inside a field": b'{"title": ' + DEEP + b', "name": "x"}',
    "lone surrogate": b'{"title": "\\ud800", "name": "\\ud800", "body": "\\udfff"}',
    "lone surrogate key": b'{"\\ud800": "x", "title": "t", "name": "n"}',
    "NUL": b'{"title": "a\\u0000b", "name": "a\\u0000b", "body": "\\u0000"}',
    "NaN": b'{"title": NaN, "name": "n"}',
    "huge integer": b'{"title": "t", "id": 1' + b"0" * 5000 + b"}",
    "not UTF-8": b'{"title": "\xff\xfe"}',
}
BAD_BASIC: dict[str, bytes] = {
    "non-ASCII byte": b"Basic \xff\xfe\xfd",
    "non-ASCII inside base64": b"Basic YWxp\xc3\xa9Y2U6cHc=",
    "malformed base64": b"Basic !!!!",
    "missing colon": b"Basic " + base64.b64encode(b"alice"),
    "not UTF-8": b"Basic " + base64.b64encode(b"\xff\xfe:\xfd"),
    "control character": b"Basic " + base64.b64encode(b"al\x00ice:pw"),
}


def _client(forge: Forge) -> httpx.Client:
    return httpx.Client(base_url=forge.url, timeout=60)


def _send(
    client: httpx.Client, method: str, path: str, body: bytes, headers: dict[str, Any]
) -> httpx.Response:
    return client.request(
        method, path, content=body, headers={"Content-Type": "application/json", **headers}
    )


@pytest.fixture
def victim(forge: Forge) -> Target:
    return target(forge)


def test_hostile_json_is_400_on_graphql(forge: Forge) -> None:
    with _client(forge) as client:
        for path in GRAPHQL_PATHS:
            for name, body in HOSTILE_BODIES.items():
                response = _send(client, "POST", path, body, {})
                assert response.status_code == 400, (path, name, response.text)
                assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
                # The same document as the variables of a real operation.
                wrapped = b'{"query": "query($v: String) { viewer { login } }", "variables": '
                response = _send(client, "POST", path, wrapped + b'{"v": ' + body + b"}}", {})
                assert response.status_code == 400, (path, name, response.text)


def test_hostile_json_in_variables_given_as_a_string_or_multipart(forge: Forge) -> None:
    user = forge.new_user()
    query = "query($v: String) { viewer { login } }"
    with _client(forge) as client:
        for name, body in HOSTILE_BODIES.items():
            text = body.decode("utf-8", "surrogateescape")
            payload = {"query": query, "variables": text}
            response = client.post(
                "/graphql",
                content=_json_text(payload),
                headers={"Content-Type": "application/json"},
            )
            assert response.status_code == 400, (name, response.text)
            response = client.post(
                "/graphql",
                data={"operations": body.decode("latin-1"), "map": "{}"},
                files={"0": ("a.bin", b"a", "application/octet-stream")},
                headers={"Authorization": f"Bearer {user.token}", "GraphQL-Preflight": "1"},
            )
            assert 400 <= response.status_code < 500, (name, response.text)


def _json_text(payload: dict[str, str]) -> bytes:
    """JSON whose ``variables`` string may hold any code point (json.dumps escapes it)."""
    import json

    return json.dumps(payload).encode()


@pytest.mark.parametrize("dialect", ["gogs", "isurus", "kod", "opencodehub"])
def test_hostile_json_is_400_on_every_body_route(
    forge: Forge, victim: Target, dialect: str
) -> None:
    routes = [r for r in body_routes() if r.dialect == dialect]
    assert routes
    auth = {"Authorization": f"token {victim.user.token}"}
    with _client(forge) as client:
        for route in routes:
            path = route.path(victim.values)
            for name, body in HOSTILE_BODIES.items():
                response = _send(client, route.method, path, body, auth)
                assert response.status_code == 400, (route, name, response.text)
                # Anonymous: refused as anonymous or as the body, never a crash.
                response = _send(client, route.method, path, body, {})
                assert response.status_code < 500, (route, name, response.text)


def test_nul_and_long_segments_in_every_rest_path(forge: Forge, victim: Target) -> None:
    auth = {"Authorization": f"token {victim.user.token}"}
    hostile = {"NUL": "a%00b", "long": "a" * 300, "surrogate-ish": "%ED%A0%80", "dots": ".."}
    with _client(forge) as client:
        for route in rest_routes():
            for name, segment in hostile.items():
                values = {key: segment for key in victim.values}
                path = route.path(values)
                response = _send(client, route.method, path, b"{}", auth)
                assert response.status_code < 500, (route, name, response.text)


def _every_authenticated_request(victim: Target) -> list[tuple[str, str]]:
    requests = [(r.method, r.path(victim.values)) for r in rest_routes()]
    login, repo = victim.user.login, victim.repo
    requests += [
        ("POST", "/graphql"),
        ("POST", "/api/graphql"),
        ("GET", f"/{login}/{repo}.git/info/refs?service=git-upload-pack"),
        ("GET", f"/{login}/{repo}.git/info/refs?service=git-receive-pack"),
        ("POST", f"/{login}/{repo}.git/git-upload-pack"),
        ("POST", f"/{login}/{repo}.git/git-receive-pack"),
        ("GET", f"/kod/repos/{repo}.git/info/refs?service=git-upload-pack"),
        ("GET", f"/{login}/{repo}/raw/main/README.md"),
        ("GET", f"/{login}/{repo}/archive/main.zip"),
        ("GET", f"/{login}/{repo}/releases/download/v1/a.bin"),
    ]
    return requests


@pytest.mark.parametrize("variant", list(BAD_BASIC))
def test_broken_basic_credentials_are_401_everywhere(
    forge: Forge, victim: Target, variant: str
) -> None:
    header = BAD_BASIC[variant]
    body = b'{"query": "{ viewer { login } }"}'
    with _client(forge) as client:
        for method, path in _every_authenticated_request(victim):
            response = client.request(
                method,
                path,
                content=body if method != "GET" else None,
                headers={"Authorization": header, "Content-Type": "application/json"},
            )
            # Git's POST routes check their content type first; everything else says 401.
            expected = range(400, 500) if ".git/git-" in path else (400, 401)
            assert response.status_code in expected, (method, path, response.text)


def test_an_unknown_operation_name_is_a_graphql_error(forge: Forge) -> None:
    cases = [
        {"query": "{ viewer { login } }", "operationName": "Nope"},
        {"query": "query A { viewer { login } }", "operationName": "a"},
        {
            "query": 'mutation A { signIn(input: {login: "a", password: "b"}) { token } }',
            "operationName": "B",
        },
    ]
    with _client(forge) as client:
        for path in GRAPHQL_PATHS:
            for payload in cases:
                response = client.post(path, json=payload)
                assert response.status_code in (200, 400), (payload, response.text)
                errors = response.json()["errors"]
                assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT", errors
            response = client.get(
                path, params={"query": "{ viewer { login } }", "operationName": "X"}
            )
            assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_nul_in_graphql_literals_and_variables(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    literal = forge.gql_error('{ user(login: "a\\u0000b") { login } }')
    assert literal.codes == ["BAD_USER_INPUT"]
    create = "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }"
    for title, body in [("a\x00b", "ok"), ("ok", "\x00")]:
        variables = {"i": {"repositoryId": repo["id"], "title": title, "body": body}}
        response = forge.post_graphql(create, variables, user.token)
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # The REST routes build variables from paths, query strings and bodies: same check.
    auth = {"Authorization": f"token {user.token}"}
    response = forge.client.get(
        f"{forge.url}/api/v1/repos/{user.login}/{repo['name']}/issues?q=a%00b", headers=auth
    )
    assert response.status_code < 500, response.text


LONG = "x" * 300


def test_a_300_character_login_signs_nobody_in(forge: Forge) -> None:
    sign_in = 'mutation($l: String!) { signIn(input: {login: $l, password: "pw"}) { token } }'
    for login in (LONG, "a" * 41, "a" * 100):
        assert forge.gql_error(sign_in, {"l": login}).codes == ["UNAUTHENTICATED"]
        assert forge.gql("query($l: String!) { user(login: $l) { login } }", {"l": login}) == {
            "user": None
        }
    basic = "Basic " + base64.b64encode(f"{LONG}:pw".encode()).decode()
    response = forge.client.post(
        f"{forge.url}/api/v1/users/{LONG}/tokens",
        json={"name": "t"},
        headers={"Authorization": basic},
    )
    assert response.status_code in (401, 404), response.text


def test_long_collaborator_logins_are_not_found(forge: Forge) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner)
    add = "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { __typename } }"
    for login in ("c" * 41, "c" * 255, "c" * 256, "c" * 1000):
        body = forge.raw(add, {"i": {"repositoryId": repo["id"], "login": login}}, owner.token)
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        assert codes in (["NOT_FOUND"], ["BAD_USER_INPUT"]), body
        auth = {"Authorization": f"token {owner.token}"}
        for url in (
            f"/api/v1/repos/{owner.login}/{repo['name']}/collaborators/{login}",
            f"/kod/repos/{repo['name']}/collaborators/{login}",
        ):
            for method in ("PUT", "GET", "DELETE"):
                response = forge.client.request(
                    method, forge.url + url, json={"permission": "write"}, headers=auth
                )
                # 405 where the dialect serves no such method; never a 5xx.
                assert response.status_code in (400, 404, 405, 422), (method, url, response.text)


def test_long_release_download_paths_are_404(forge: Forge) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner)
    for tag, name in ((LONG, "a.bin"), ("v1", LONG), ("t" * 256, "n" * 256)):
        url = f"{forge.url}/{owner.login}/{repo['name']}/releases/download/{tag}/{name}"
        assert forge.client.get(url).status_code == 404


CREATE_RELEASE = (
    "mutation($i: CreateReleaseInput!) { createRelease(input: $i) { release { tagName } } }"
)


def test_tag_names_longer_than_their_column_are_bad_input(forge: Forge) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner)
    for tag in ("v" * 256, "v" * 1000):
        error = forge.gql_error(
            CREATE_RELEASE, {"i": {"repositoryId": repo["id"], "tagName": tag}}, owner.token
        )
        assert error.codes == ["BAD_USER_INPUT"]
        assert error.errors[0]["extensions"]["field"] == "tagName"
    auth = {"Authorization": f"token {owner.token}"}
    for prefix in ("/api/v1", "/isurus/api/v1"):
        response = forge.client.post(
            f"{forge.url}{prefix}/repos/{owner.login}/{repo['name']}/releases",
            json={"tag_name": "v" * 300, "name": "n"},
            headers=auth,
        )
        assert 400 <= response.status_code < 500, response.text
    # 255 characters fit the column; whatever git makes of the ref, no 5xx.
    body = forge.raw(
        CREATE_RELEASE, {"i": {"repositoryId": repo["id"], "tagName": "v" * 255}}, owner.token
    )
    codes = [e["extensions"]["code"] for e in body.get("errors", [])]
    assert "INTERNAL_SERVER_ERROR" not in codes, body


# (mutation, input type, the input without the long field, the field, its column's length)
TOO_LONG = [
    ("createRepository", "CreateRepositoryInput", {}, "name", 100),
    ("createRepository", "CreateRepositoryInput", {"name": "r"}, "defaultBranch", 255),
    ("createIssue", "CreateIssueInput", {"repositoryId": "$repo"}, "title", 255),
    ("createLabel", "CreateLabelInput", {"repositoryId": "$repo", "color": "#fff"}, "name", 50),
    ("createLabel", "CreateLabelInput", {"repositoryId": "$repo", "name": "l"}, "color", 7),
    (
        "createLabel",
        "CreateLabelInput",
        {"repositoryId": "$repo", "name": "l", "color": "#fff"},
        "description",
        255,
    ),
    ("createMilestone", "CreateMilestoneInput", {"repositoryId": "$repo"}, "title", 255),
    ("createAccessToken", "CreateAccessTokenInput", {}, "name", 255),
    ("updateViewer", "UpdateViewerInput", {}, "name", 255),
    ("updateViewer", "UpdateViewerInput", {}, "email", 255),
    (
        "createBranchProtectionRule",
        "CreateBranchProtectionRuleInput",
        {"repositoryId": "$repo"},
        "pattern",
        255,
    ),
    (
        "createPullRequest",
        "CreatePullRequestInput",
        {"repositoryId": "$repo", "headRefName": "a", "baseRefName": "main"},
        "title",
        255,
    ),
    (
        "createPullRequest",
        "CreatePullRequestInput",
        {"repositoryId": "$repo", "title": "t", "baseRefName": "main"},
        "headRefName",
        255,
    ),
    ("createRelease", "CreateReleaseInput", {"repositoryId": "$repo"}, "tagName", 255),
    (
        "createRelease",
        "CreateReleaseInput",
        {"repositoryId": "$repo", "tagName": "v1"},
        "name",
        255,
    ),
    ("importRepository", "ImportRepositoryInput", {"name": "imp"}, "url", 2048),
]


@pytest.mark.parametrize(("mutation", "input_type", "rest", "field", "most"), TOO_LONG)
def test_every_column_refuses_longer_input_by_name(
    forge: Forge, mutation: str, input_type: str, rest: dict[str, str], field: str, most: int
) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner)
    given = {k: repo["id"] if v == "$repo" else v for k, v in rest.items()}
    value = "a" * (most + 1)
    if field == "email":
        value = "a" * (most - 10) + "@example.com"
    if field == "url":
        value = "https://example.com/" + "a" * most
    error = forge.gql_error(
        f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ __typename }} }}",
        {"i": {**given, field: value}},
        owner.token,
    )
    assert error.codes == ["BAD_USER_INPUT"], error.errors
    assert error.errors[0]["extensions"]["field"] == field
    assert str(most) in error.errors[0]["message"]
