"""The konnos REST API (seeds/konnos-api.txt), walked in document order on a live server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.forge import Forge, User
from tests.rest.rest import RFC3339, assert_types, client, curl

HOST = "https://code.konnos.org"

MINT = """curl -X POST https://code.konnos.org/api/v1/users/<you>/tokens \\
-u "<you>:<password>" \\
-H "Content-Type: application/json" \\
-d '{ "name": "ci-token" }'"""
CREATE_REPO = """curl -X POST https://code.konnos.org/api/v1/user/repos \\
-H "Authorization: token <TOKEN>" \\
-H "Content-Type: application/json" \\
-d '{ "name": "invoice-parser", "private": true }'"""
LIST_REPOS = """curl https://code.konnos.org/api/v1/user/repos \\
-H "Authorization: token <TOKEN>\""""
GET_REPO = """curl https://code.konnos.org/api/v1/repos/you/invoice-parser \\
-H "Authorization: token <TOKEN>\""""
CREATE_ISSUE = """curl -X POST https://code.konnos.org/api/v1/repos/you/invoice-parser/issues \\
-H "Authorization: token <TOKEN>" \\
-H "Content-Type: application/json" \\
-d '{ "title": "Handle multi-page PDFs", "body": "Parser stops after page 1." }'"""
LIST_ISSUES = """curl "https://code.konnos.org/api/v1/repos/you/invoice-parser/issues?state=open" \\
-H "Authorization: token <TOKEN>\""""


def _subs(forge: Forge, user: User, token: str = "") -> dict[str, str]:
    return {
        HOST: forge.url,
        "<you>": user.login,
        "<password>": user.password,
        "<TOKEN>": token,
        "/repos/you/": f"/repos/{user.login}/",
    }


@pytest.fixture
def walk(forge: Forge) -> dict[str, Any]:
    user = forge.new_user("konnos")
    status, body = curl(MINT, _subs(forge, user))
    assert status == 201, body
    minted = json.loads(body)
    return {"user": user, "token": minted["sha1"], "minted": minted}


def test_konnos_document_walk(forge: Forge, walk: dict[str, Any]) -> None:
    user, token = walk["user"], walk["token"]
    subs = _subs(forge, user, token)
    # Mint a token: { "name", "sha1", "scopes": ["repo"] }
    minted = walk["minted"]
    assert_types(minted, {"name": str, "sha1": str, "scopes": list})
    assert minted["name"] == "ci-token" and minted["scopes"] == ["repo"]

    status, body = curl(CREATE_REPO, subs)
    assert status == 201, body
    created = json.loads(body)
    assert_types(
        created,
        {
            "id": int,
            "name": str,
            "full_name": str,
            "private": bool,
            "default_branch": str,
            "clone_url": str,
            "html_url": str,
        },
    )
    assert created["name"] == "invoice-parser"
    assert created["full_name"] == f"{user.login}/invoice-parser"
    assert created["private"] is True and created["default_branch"] == "main"
    assert created["clone_url"] == f"{forge.url}/{user.login}/invoice-parser.git"
    assert created["html_url"] == f"{forge.url}/{user.login}/invoice-parser"

    status, body = curl(LIST_REPOS, subs)
    assert status == 200, body
    listed = json.loads(body)
    assert [r["full_name"] for r in listed] == [f"{user.login}/invoice-parser"]
    assert_types(listed[0], {"name": str, "full_name": str, "private": bool, "updated_at": str})
    assert RFC3339.match(listed[0]["updated_at"])

    status, body = curl(GET_REPO, subs)
    assert status == 200, body
    repo = json.loads(body)
    assert_types(
        repo,
        {
            "name": str,
            "full_name": str,
            "private": bool,
            "default_branch": str,
            "open_issues_count": int,
        },
    )
    assert repo["open_issues_count"] == 0

    status, body = curl(CREATE_ISSUE, subs)
    assert status == 201, body
    issue = json.loads(body)
    assert_types(issue, {"number": int, "title": str, "state": str, "html_url": str})
    assert issue["number"] == 1 and issue["state"] == "open"
    assert issue["title"] == "Handle multi-page PDFs"
    assert issue["html_url"] == f"{forge.url}/{user.login}/invoice-parser/issues/1"

    status, body = curl(LIST_ISSUES, subs)
    assert status == 200, body
    issues = json.loads(body)
    assert [(i["number"], i["title"], i["state"]) for i in issues] == [
        (1, "Handle multi-page PDFs", "open")
    ]
    with client(forge, token=token) as api:
        assert api.get(f"/repos/{user.login}/invoice-parser").json()["open_issues_count"] == 1


def test_konnos_repositories_are_private_unless_asked(forge: Forge, walk: dict[str, Any]) -> None:
    with client(forge, token=walk["token"]) as api:
        assert api.post("/user/repos", json={"name": "secret"}).json()["private"] is True
        assert (
            api.post("/user/repos", json={"name": "open", "private": False}).json()["private"]
            is False
        )
    with client(forge) as anonymous:
        login = walk["user"].login
        assert anonymous.get(f"/repos/{login}/secret").status_code == 404
        assert anonymous.get(f"/repos/{login}/open").status_code == 200


def test_konnos_issue_states_map_onto_open_and_closed(forge: Forge, walk: dict[str, Any]) -> None:
    user, token = walk["user"], walk["token"]
    repo = forge.new_repo(user)
    owner_name = repo["nameWithOwner"]
    with client(forge, token=token) as api:
        for title in ("a", "b", "c"):
            assert api.post(f"/repos/{owner_name}/issues", json={"title": title}).status_code == 201
    # Triage one and close one through GraphQL: both dialects see one model.
    ids = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ issues(first: 10) { nodes { id number } } } }",
        {"o": user.login, "n": repo["name"]},
        token=user.token,
    )["repository"]["issues"]["nodes"]
    by_number = {n["number"]: n["id"] for n in ids}
    update = "mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue { state } } }"
    forge.gql(update, {"i": {"id": by_number[2], "isTriaged": True}}, token=user.token)
    forge.gql(update, {"i": {"id": by_number[3], "state": "CLOSED"}}, token=user.token)
    with client(forge, token=token) as api:
        opened = api.get(f"/repos/{owner_name}/issues", params={"state": "open"}).json()
        assert sorted(i["number"] for i in opened) == [1, 2]
        assert {i["state"] for i in opened} == {"open"}
        closed = api.get(f"/repos/{owner_name}/issues", params={"state": "closed"}).json()
        assert [(i["number"], i["state"]) for i in closed] == [(3, "closed")]
        assert len(api.get(f"/repos/{owner_name}/issues", params={"state": "all"}).json()) == 3
        bad = api.get(f"/repos/{owner_name}/issues", params={"state": "sideways"})
        assert bad.status_code == 422 and set(bad.json()) >= {"message", "url"}


def test_konnos_private_repositories_are_404_to_outsiders(
    forge: Forge, walk: dict[str, Any]
) -> None:
    user, token = walk["user"], walk["token"]
    with client(forge, token=token) as api:
        assert api.post("/user/repos", json={"name": "hidden"}).status_code == 201
        assert (
            api.post(f"/repos/{user.login}/hidden/issues", json={"title": "t"}).status_code == 201
        )
    outsider = forge.new_user("konnosx")
    callers = {
        "anonymous": None,
        "outsider": forge.token_for(outsider, ["repo:read", "repo:write"]),
        "under-scoped": forge.token_for(user, ["webhook:read"]),
    }
    for who, caller in callers.items():
        with client(forge, token=caller) as api:
            for method, path, body in [
                ("GET", f"/repos/{user.login}/hidden", None),
                ("GET", f"/repos/{user.login}/hidden/issues", None),
                ("POST", f"/repos/{user.login}/hidden/issues", {"title": "x"}),
            ]:
                response = api.request(method, path, json=body)
                assert response.status_code == 404, (who, method, path, response.text)
                assert set(response.json()) >= {"message", "url"}
            if caller is not None:
                mine = [r["full_name"] for r in api.get("/user/repos").json()]
                assert f"{user.login}/hidden" not in mine
    with client(forge, token=token) as api:
        assert len(api.get(f"/repos/{user.login}/hidden/issues?state=all").json()) == 1


def test_konnos_bad_input_is_refused_and_nothing_is_written(
    forge: Forge, walk: dict[str, Any]
) -> None:
    user = walk["user"]
    with client(forge, token=walk["token"]) as api:
        for raw, status in [
            (b"{", 400),
            (b"[]", 400),
            (b'{"private": true}', 422),
            (b'{"name": ["x"]}', 422),
            (b'{"name": "x", "private": 1}', 422),
        ]:
            response = api.post("/user/repos", content=raw)
            assert response.status_code == status, (raw, response.text)
            assert set(response.json()) >= {"message", "url"}
        too_big = api.post("/user/repos", content=b'{"name": "' + b"x" * (10 << 20) + b'"}')
        assert too_big.status_code == 413
        assert api.get("/user/repos").json() == []
        # A token is minted only with a name.
        unnamed = api.post(f"/users/{user.login}/tokens", auth=(user.login, user.password), json={})
        assert unnamed.status_code == 422 and unnamed.json()["field"] == "name"
        wrong = api.post(
            f"/users/{user.login}/tokens", auth=(user.login, "wrong password"), json={"name": "x"}
        )
        assert wrong.status_code == 401


def test_konnos_repository_list_pages_with_a_link_header(
    forge: Forge, walk: dict[str, Any]
) -> None:
    with client(forge, token=walk["token"]) as api:
        for i in range(5):
            assert api.post("/user/repos", json={"name": f"r{i}"}).status_code == 201
        first = api.get("/user/repos", params={"limit": 2})
        assert [r["name"] for r in first.json()] == ["r0", "r1"]
        assert 'rel="next"' in first.headers["Link"] and "page=3" in first.links["last"]["url"]
        last = api.get(first.links["last"]["url"])
        assert [r["name"] for r in last.json()] == ["r4"] and "next" not in last.links
        assert api.get("/user/repos", params={"limit": 2, "page": 4}).json() == []
