"""The Gogs REST API v1 (seeds/gogs-api.txt, specs/gogs-openapi.json), on a live server.

The walk follows the contract's order: repositories, issues, comments,
labels, users and tokens, organizations, version.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx

from tests.collaboration.releases_api import CREATE as RELEASE
from tests.collaboration.releases_api import commit
from tests.forge import Forge, User, unique
from tests.git.gitcli import Git
from tests.git.gitcli import url as clone_url
from tests.rest.rest import RFC3339, assert_types, client, curl, gogs_token

USER_FIELDS = {
    "id": int,
    "username": str,
    "login": str,
    "full_name": str,
    "email": str,
    "avatar_url": str,
}
REPO_FIELDS = {
    "id": int,
    "owner": dict,
    "name": str,
    "full_name": str,
    "description": str,
    "private": bool,
    "fork": bool,
    "empty": bool,
    "mirror": bool,
    "size": int,
    "html_url": str,
    "ssh_url": str,
    "clone_url": str,
    "website": str,
    "stars_count": int,
    "forks_count": int,
    "watchers_count": int,
    "open_issues_count": int,
    "default_branch": str,
    "created_at": str,
    "updated_at": str,
    "permissions": dict,
}
ISSUE_FIELDS = {
    "id": int,
    "number": int,
    "state": str,
    "title": str,
    "body": str,
    "user": dict,
    "labels": list,
    "assignee": (dict, type(None)),
    "milestone": (dict, type(None)),
    "comments": int,
    "created_at": str,
    "updated_at": str,
}
COMMENT_FIELDS = {
    "id": int,
    "html_url": str,
    "user": dict,
    "body": str,
    "created_at": str,
    "updated_at": str,
}
LABEL_FIELDS = {"id": int, "name": str, "color": str, "url": str}
ORG_FIELDS = {
    "id": int,
    "username": str,
    "full_name": str,
    "avatar_url": str,
    "description": str,
    "website": str,
    "location": str,
}
COLLABORATOR_FIELDS = {**USER_FIELDS, "permissions": dict}
MILESTONE_FIELDS = {
    "id": int,
    "state": str,
    "title": str,
    "description": str,
    "open_issues": int,
    "closed_issues": int,
    "closed_at": (str, type(None)),
    "due_on": (str, type(None)),
}
RELEASE_FIELDS = {
    "id": int,
    "tag_name": str,
    "target_commitish": str,
    "name": str,
    "body": str,
    "draft": bool,
    "prerelease": bool,
    "author": dict,
    "created_at": str,
}


def check_user(obj: dict[str, Any]) -> None:
    assert_types(obj, USER_FIELDS)
    assert obj["login"] == obj["username"]


def check_repo(obj: dict[str, Any]) -> None:
    assert_types(obj, REPO_FIELDS)
    check_user(obj["owner"])
    assert_types(obj["permissions"], {"admin": bool, "push": bool, "pull": bool})
    assert RFC3339.match(obj["created_at"]) and RFC3339.match(obj["updated_at"])


def check_issue(obj: dict[str, Any]) -> None:
    assert_types(obj, ISSUE_FIELDS)
    assert obj["state"] in {"open", "closed"}
    check_user(obj["user"])
    for label in obj["labels"]:
        assert_types(label, LABEL_FIELDS)
    if obj["assignee"] is not None:
        check_user(obj["assignee"])
    if obj["milestone"] is not None:
        check_milestone(obj["milestone"])


def check_milestone(obj: dict[str, Any]) -> None:
    assert_types(obj, MILESTONE_FIELDS)
    assert obj["state"] in {"open", "closed"}
    for name in ("closed_at", "due_on"):
        assert obj[name] is None or RFC3339.match(obj[name]), obj


def check_collaborator(obj: dict[str, Any]) -> None:
    assert_types(obj, COLLABORATOR_FIELDS)
    assert obj["login"] == obj["username"]
    assert_types(obj["permissions"], {"admin": bool, "push": bool, "pull": bool})


def check_release(obj: dict[str, Any]) -> None:
    assert_types(obj, RELEASE_FIELDS)
    check_user(obj["author"])
    assert RFC3339.match(obj["created_at"])


def mint(forge: Forge, user: User) -> str:
    return gogs_token(forge, user)


def test_gogs_repositories_issues_comments_labels(forge: Forge) -> None:
    user = forge.new_user("gogs")
    token = mint(forge, user)
    with client(forge, token=token) as api:
        created = api.post("/user/repos", json={"name": "hello", "description": "d"})
        assert created.status_code == 201, created.text
        check_repo(created.json())
        assert created.json()["permissions"] == {"admin": True, "push": True, "pull": True}
        assert created.json()["owner"]["email"] == f"{user.login}@example.com"
        mine = api.get("/user/repos")
        assert [r["name"] for r in mine.json()] == ["hello"]
        check_repo(mine.json()[0])
        assert [r["name"] for r in api.get(f"/users/{user.login}/repos").json()] == ["hello"]
        repo = f"/repos/{user.login}/hello"
        found = api.get("/repos/search", params={"q": "HEL", "uid": created.json()["owner"]["id"]})
        assert found.status_code == 200 and found.json()["ok"] is True
        assert [r["full_name"] for r in found.json()["data"]] == [f"{user.login}/hello"]
        assert api.get("/repos/search", params={"q": "zzz-none"}).json()["data"] == []
        got = api.get(repo)
        assert got.status_code == 200 and got.json() == created.json()

        # Issues
        opened = api.post(f"{repo}/issues", json={"title": "First", "body": "b"})
        assert opened.status_code == 201, opened.text
        check_issue(opened.json())
        assert opened.json()["number"] == 1 and opened.json()["state"] == "open"
        listed = api.get(f"{repo}/issues")
        assert [i["number"] for i in listed.json()] == [1]
        check_issue(listed.json()[0])
        one = api.get(f"{repo}/issues/1")
        assert one.status_code == 200 and one.json()["title"] == "First"
        edited = api.patch(f"{repo}/issues/1", json={"title": "Renamed", "state": "closed"})
        assert edited.status_code == 200, edited.text
        assert (edited.json()["title"], edited.json()["state"]) == ("Renamed", "closed")
        assert api.get(f"{repo}/issues").json() == []
        assert [i["number"] for i in api.get(f"{repo}/issues?state=closed").json()] == [1]
        reopened = api.patch(f"{repo}/issues/1", json={"state": "open"})
        assert reopened.json()["state"] == "open"
        assert api.get(f"{repo}/issues/99").status_code == 404
        assert api.get(f"{repo}/issues/abc").status_code == 404

        # Comments
        said = api.post(f"{repo}/issues/1/comments", json={"body": "hi"})
        assert said.status_code == 201, said.text
        assert_types(said.json(), COMMENT_FIELDS)
        check_user(said.json()["user"])
        comment_id = said.json()["id"]
        assert said.json()["html_url"].endswith(f"/issues/1#issuecomment-{comment_id}")
        assert [c["body"] for c in api.get(f"{repo}/issues/1/comments").json()] == ["hi"]
        everywhere = api.get(f"{repo}/issues/comments")
        assert everywhere.status_code == 200, everywhere.text
        assert [(c["id"], c["html_url"]) for c in everywhere.json()] == [
            (comment_id, said.json()["html_url"])
        ]
        assert api.get(f"{repo}/issues/1").json()["comments"] == 1
        changed = api.patch(f"{repo}/issues/1/comments/{comment_id}", json={"body": "hello"})
        assert changed.status_code == 200 and changed.json()["body"] == "hello"
        api.post(f"{repo}/issues", json={"title": "Second"})
        # A comment is addressed through its own issue only.
        assert (
            api.patch(f"{repo}/issues/2/comments/{comment_id}", json={"body": "x"}).status_code
            == 404
        )
        assert api.delete(f"{repo}/issues/1/comments/{comment_id}").status_code == 204
        assert api.get(f"{repo}/issues/1/comments").json() == []

        # Labels
        bug = api.post(f"{repo}/labels", json={"name": "bug", "color": "#ee0701"})
        assert bug.status_code == 201, bug.text
        assert_types(bug.json(), LABEL_FIELDS)
        assert bug.json()["color"] == "EE0701"
        bug_id = bug.json()["id"]
        ui = api.post(f"{repo}/labels", json={"name": "ui", "color": "00aabb"}).json()["id"]
        assert [la["name"] for la in api.get(f"{repo}/labels").json()] == ["bug", "ui"]
        assert api.get(f"{repo}/labels/{bug_id}").json()["name"] == "bug"
        renamed = api.patch(f"{repo}/labels/{bug_id}", json={"name": "defect"})
        assert renamed.status_code == 200 and renamed.json()["name"] == "defect"
        added = api.post(f"{repo}/issues/1/labels", json={"labels": [bug_id]})
        assert added.status_code == 200, added.text
        assert [la["id"] for la in added.json()] == [bug_id]
        replaced = api.put(f"{repo}/issues/1/labels", json={"labels": [ui]})
        assert [la["id"] for la in replaced.json()] == [ui]
        assert [la["id"] for la in api.get(f"{repo}/issues/1/labels").json()] == [ui]
        assert api.delete(f"{repo}/issues/1/labels/{ui}").status_code == 204
        assert api.get(f"{repo}/issues/1/labels").json() == []
        api.post(f"{repo}/issues/1/labels", json={"labels": [ui, bug_id]})
        assert api.delete(f"{repo}/issues/1/labels").status_code == 204
        assert api.get(f"{repo}/issues/1/labels").json() == []
        labelled = api.post(f"{repo}/issues", json={"title": "L", "labels": [bug_id]})
        assert [la["name"] for la in labelled.json()["labels"]] == ["defect"]
        assert api.delete(f"{repo}/labels/{bug_id}").status_code == 204
        assert api.get(f"{repo}/labels/{bug_id}").status_code == 404

        # A label of another repository is not this repository's label.
        other = api.post("/user/repos", json={"name": "other"}).json()["name"]
        foreign = api.post(
            f"/repos/{user.login}/{other}/labels", json={"name": "x", "color": "111111"}
        )
        assert api.get(f"{repo}/labels/{foreign.json()['id']}").status_code == 404
        assert api.delete(f"{repo}/labels/{foreign.json()['id']}").status_code == 404

        assert api.delete(repo).status_code == 204
        assert api.get(repo).status_code == 404


def test_gogs_users_tokens_organizations_version(forge: Forge) -> None:
    user = forge.new_user("gogsu")
    token = mint(forge, user)
    org_login = unique("org")
    forge.gql(
        'mutation($l: String!) { createOrganization(input: {login: $l, name: "The Org"}) '
        "{ organization { id } } }",
        {"l": org_login},
        token=user.token,
    )
    with client(forge, token=token) as api:
        me = api.get("/user")
        assert me.status_code == 200
        check_user(me.json())
        assert me.json()["email"] == f"{user.login}@example.com"
        other = forge.new_user("gogsv")
        seen = api.get(f"/users/{other.login}")
        check_user(seen.json())
        # Gogs shows addresses to signed-in users (tests/rest/test_email_visibility.py)
        assert seen.json()["email"] == f"{other.login}@example.com"
        assert api.get("/users/nobody-here").status_code == 404
        found = api.get("/users/search", params={"q": user.login})
        assert found.json()["ok"] is True
        assert [u["login"] for u in found.json()["data"]] == [user.login]

        # Gogs manages tokens with Basic (the password); a "repo" token may not (issue 14).
        assert api.get(f"/users/{user.login}/tokens").status_code == 403
        password = (user.login, user.password)
        tokens = forge.client.get(f"{forge.url}/api/v1/users/{user.login}/tokens", auth=password)
        assert tokens.status_code == 200
        assert {t["name"] for t in tokens.json()} >= {"t"}
        for each in tokens.json():
            assert_types(each, {"name": str, "sha1": str})
        others = forge.client.get(f"{forge.url}/api/v1/users/{other.login}/tokens", auth=password)
        assert others.status_code == 404
        minted = forge.client.post(
            f"{forge.url}/api/v1/users/{user.login}/tokens", json={"name": "second"}, auth=password
        )
        assert minted.status_code == 201 and minted.json()["name"] == "second"

        created = api.post(f"/org/{org_login}/repos", json={"name": "tools", "private": False})
        assert created.status_code == 201, created.text
        check_repo(created.json())
        assert created.json()["owner"]["username"] == org_login
        assert created.json()["owner"]["email"] == ""
        assert [r["name"] for r in api.get(f"/orgs/{org_login}/repos").json()] == ["tools"]
        # "The repositories you can access": your own and your organizations'.
        api.post("/user/repos", json={"name": "mine"})
        assert [r["name"] for r in api.get("/user/repos").json()] == ["tools", "mine"]
        assert [r["name"] for r in api.get(f"/users/{user.login}/repos").json()] == ["mine"]
        org = api.get(f"/orgs/{org_login}")
        assert_types(org.json(), ORG_FIELDS)
        assert org.json()["full_name"] == "The Org"
        assert [o["username"] for o in api.get("/user/orgs").json()] == [org_login]
        assert [o["username"] for o in api.get(f"/users/{user.login}/orgs").json()] == [org_login]
        assert api.get("/orgs/no-such-org").status_code == 404
        assert api.post("/org/no-such-org/repos", json={"name": "x"}).status_code == 404

    with client(forge) as anonymous:
        version = anonymous.get("/version")
        assert version.status_code == 200 and isinstance(version.json()["version"], str)


def test_gogs_seed_curl_examples_run_as_written(forge: Forge) -> None:
    user = forge.new_user("gogsc")
    token = mint(forge, user)
    forge.new_repo(user, name="hello")
    subs = {
        "https://try.gogs.io": forge.url,
        '-u "unknwon"': f'-u "{user.login}:{user.password}"',
        "unknwon": user.login,
        "{ACCESS_TOKEN}": token,
    }
    status, body = curl('curl -u "unknwon" https://try.gogs.io/api/v1/users/unknwon/tokens', subs)
    assert status == 200 and isinstance(json.loads(body), list)
    status, body = curl(
        'curl -H "Authorization: token {ACCESS_TOKEN}" https://try.gogs.io/api/v1/user/repos', subs
    )
    assert status == 200 and [r["name"] for r in json.loads(body)] == ["hello"]
    status, body = curl("curl https://try.gogs.io/api/v1/user/repos?token={ACCESS_TOKEN}", subs)
    assert status == 200 and [r["name"] for r in json.loads(body)] == ["hello"]
    status, body = curl("curl https://try.gogs.io/api/v1/repos/unknwon/hello/issues?page=1", subs)
    assert status == 200 and json.loads(body) == []


def test_gogs_pagination_follows_the_link_header(forge: Forge) -> None:
    user = forge.new_user("gogsp")
    token = mint(forge, user)
    repo = forge.new_repo(user)
    path = f"/repos/{repo['nameWithOwner']}/issues"
    with client(forge, token=token) as api:
        for i in range(7):
            assert api.post(path, json={"title": f"issue {i}"}).status_code == 201
        seen: list[int] = []
        url: str | None = f"{forge.url}/api/v1{path}?limit=3"
        pages = 0
        while url:
            response = api.get(url)
            assert response.status_code == 200
            seen += [i["number"] for i in response.json()]
            links = response.links
            if pages == 0:
                assert "first" not in links and "prev" not in links
                assert "page=3" in links["last"]["url"]
            else:
                assert "page=1" in links["first"]["url"] and "prev" in links
            url = links.get("next", {}).get("url")
            pages += 1
        assert pages == 3
        assert seen == [7, 6, 5, 4, 3, 2, 1]  # newest first, like Gogs
        assert response.headers["X-Total-Count"] == "7"
        assert api.get(f"{path}?page=4&limit=3").json() == []
        assert api.get(f"{path}?page=0").status_code == 422
        assert api.get(f"{path}?limit=x").status_code == 422


def _basic(login: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{secret}".encode()).decode()


def test_gogs_accepts_a_token_in_every_documented_form(forge: Forge) -> None:
    user = forge.new_user("gogsa")
    token = mint(forge, user)
    forge.new_repo(user, private=True, name="secret")
    path = f"{forge.url}/api/v1/repos/{user.login}/secret"
    forms: list[dict[str, Any]] = [
        {"headers": {"Authorization": f"token {token}"}},
        {"headers": {"Authorization": f"Bearer {token}"}},
        {"params": {"token": token}},
        {"headers": {"Authorization": _basic(user.login, token)}},
    ]
    for form in forms:
        assert httpx.get(path, **form).status_code == 200, form
    # The password works only where a token is minted.
    password = {"Authorization": _basic(user.login, user.password)}
    refused = httpx.get(path, headers=password)
    assert refused.status_code == 401 and set(refused.json()) >= {"message", "url"}
    tokens = f"{forge.url}/api/v1/users/{user.login}/tokens"
    assert httpx.get(tokens, headers=password).status_code == 200
    assert httpx.get(path, headers={"Authorization": "token nonsense"}).status_code == 401
    # Minting for someone else with your own password is not allowed.
    other = forge.new_user("gogsb")
    stolen = httpx.post(
        f"{forge.url}/api/v1/users/{other.login}/tokens", headers=password, json={"name": "x"}
    )
    assert stolen.status_code in {403, 404}


def test_private_repositories_are_404_to_whoever_cannot_read_them(forge: Forge) -> None:
    owner = forge.new_user("gogso")
    repo = forge.new_repo(owner, private=True)
    full = repo["nameWithOwner"]
    with client(forge, token=mint(forge, owner)) as api:
        assert api.post(f"/repos/{full}/issues", json={"title": "t"}).status_code == 201
        label = api.post(f"/repos/{full}/labels", json={"name": "l", "color": "123456"}).json()
        said = api.post(f"/repos/{full}/issues/1/comments", json={"body": "c"}).json()
    outsider = forge.new_user("gogsx")
    callers = {
        "anonymous": None,
        "outsider": mint(forge, outsider),
        "under-scoped": forge.token_for(owner, ["webhook:read"]),
    }
    reads = [
        f"/repos/{full}",
        f"/repos/{full}/issues",
        f"/repos/{full}/issues/1",
        f"/repos/{full}/issues/1/comments",
        f"/repos/{full}/issues/comments",
        f"/repos/{full}/labels",
        f"/repos/{full}/labels/{label['id']}",
        f"/repos/{full}/issues/1/labels",
    ]
    writes = [
        ("POST", f"/repos/{full}/issues", {"title": "x"}),
        ("PATCH", f"/repos/{full}/issues/1", {"title": "x"}),
        ("POST", f"/repos/{full}/issues/1/comments", {"body": "x"}),
        ("PATCH", f"/repos/{full}/issues/1/comments/{said['id']}", {"body": "x"}),
        ("DELETE", f"/repos/{full}/issues/1/comments/{said['id']}", None),
        ("POST", f"/repos/{full}/labels", {"name": "y", "color": "123456"}),
        ("DELETE", f"/repos/{full}/labels/{label['id']}", None),
        ("PUT", f"/repos/{full}/issues/1/labels", {"labels": [label["id"]]}),
        ("DELETE", f"/repos/{full}", None),
    ]
    for who, token in callers.items():
        with client(forge, token=token) as api:
            for path in reads:
                response = api.get(path)
                assert response.status_code == 404, (who, path, response.text)
                assert set(response.json()) >= {"message", "url"}
            for method, path, body in writes:
                response = api.request(method, path, json=body)
                assert response.status_code == 404, (who, method, path, response.text)
            if who != "anonymous":
                listed = [r["full_name"] for r in api.get(f"/users/{owner.login}/repos").json()]
                assert full not in listed
            searched = api.get("/repos/search", params={"q": repo["name"]}).json()["data"]
            assert searched == [], who
    # Nothing was written by any of them.
    with client(forge, token=mint(forge, owner)) as api:
        assert len(api.get(f"/repos/{full}/issues?state=all").json()) == 1
        assert api.get(f"/repos/{full}/issues/1").json()["title"] == "t"
        assert len(api.get(f"/repos/{full}/issues/1/comments").json()) == 1
        assert [la["name"] for la in api.get(f"/repos/{full}/labels").json()] == ["l"]


def test_bad_bodies_get_the_gogs_error_shape_and_write_nothing(forge: Forge) -> None:
    user = forge.new_user("gogsbad")
    token = mint(forge, user)
    repo = forge.new_repo(user)
    issues = f"/repos/{repo['nameWithOwner']}/issues"
    cases = [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        (b'"a string"', 400),
        (json.dumps({"title": 5}).encode(), 422),
        (json.dumps({"body": "no title"}).encode(), 422),
        (json.dumps({"title": ""}).encode(), 422),
        (json.dumps({"title": "t", "labels": "bug"}).encode(), 422),
        (json.dumps({"title": "t", "labels": [True]}).encode(), 422),
        (json.dumps({"title": "t", "labels": [2**40]}).encode(), 422),
        (json.dumps({"title": "t", "labels": [-1]}).encode(), 422),
    ]
    with client(forge, token=token) as api:
        for raw, status in cases:
            response = api.post(issues, content=raw, headers={"Content-Type": "application/json"})
            assert response.status_code == status, (raw, response.text)
            body = response.json()
            assert set(body) >= {"message", "url"} and body["url"].endswith("/issues")
        wrong = api.post("/user/repos", json={"name": "n", "private": "yes"})
        assert wrong.status_code == 422 and wrong.json()["field"] == "private"
        assert api.post("/user/repos", json={}).status_code == 422
        huge = api.post(issues, content=b'{"title": "' + b"x" * (10 * 1024 * 1024) + b'"}')
        assert huge.status_code == 413 and set(huge.json()) >= {"message", "url"}
        assert api.get(f"{issues}?state=all").json() == []
        assert [r["name"] for r in api.get("/user/repos").json()] == [repo["name"]]
        taken = api.post("/user/repos", json={"name": repo["name"]})
        assert taken.status_code == 409 and set(taken.json()) >= {"message", "url"}
        unknown = api.get("/no/such/route")
        assert unknown.status_code == 404 and set(unknown.json()) == {"message", "url"}
        wrong_method = api.put("/user/repos")
        assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]


def test_gogs_tokens_hold_repo_unless_asked_and_pages_past_the_cap_are_empty(forge: Forge) -> None:
    user = forge.new_user("gogst")
    token = mint(forge, user)
    scopes = forge.gql("{ viewer { accessTokens { name scopes } } }", token=user.token)["viewer"][
        "accessTokens"
    ]
    assert {"name": "t", "scopes": ["repo:read", "repo:write", "repo:delete"]} in scopes
    with client(forge, token=token) as api:
        # A repo token cannot create an organization's worth of rights for a new token.
        wider = api.post(f"/users/{user.login}/tokens", json={"name": "w", "scopes": ["admin"]})
        assert wider.status_code == 403
        api.post("/user/repos", json={"name": "one"})
        deep = api.get("/user/repos", params={"page": 999_999, "limit": 1})
        assert deep.status_code == 200 and deep.json() == []


def test_gogs_git_data_in_contract_order(forge: Forge, tmp_path: Path) -> None:
    """Branches, commits, raw, contents, trees, tags, the commit list and blobs of a
    repository pushed with the real git client; archives redirect to the web route and
    editorconfig is not served."""
    user = forge.new_user("gogsg")
    token = mint(forge, user)
    name = forge.new_repo(user)["name"]
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    first = git.commit(work, "README.md", "# hello\n", "Initial commit")
    binary = bytes(range(256)) * 3
    second = git.commit(work, "bin/data.bin", binary, "Add data")
    git.run("tag", "v1", first, cwd=work)
    git.run("checkout", "-q", "-b", "fix/typo", cwd=work)
    fix = git.commit(work, "README.md", "# Hello\n", "Fix the title")
    git.run(
        "push",
        "-q",
        clone_url(forge, f"{user.login}/{name}", token),
        "main",
        "fix/typo",
        "v1",
        cwd=work,
    )
    repo = f"/repos/{user.login}/{name}"
    with client(forge, token=token) as api:
        branches = api.get(f"{repo}/branches").json()
        assert [(b["name"], b["commit"]["id"]) for b in branches] == [
            ("fix/typo", fix),
            ("main", second),
        ]
        main = api.get(f"{repo}/branches/main").json()
        assert main["commit"]["message"] == "Add data\n"
        assert main["commit"]["author"] == {
            "name": "Tester",
            "email": "tester@example.com",
            "username": "",
        }
        assert main["commit"]["timestamp"] == "2026-01-01T00:00:00Z"
        commit = api.get(f"{repo}/commits/{second}").json()
        assert commit["sha"] == second and commit["parents"][0]["sha"] == first
        assert commit["commit"]["author"]["date"] == "2026-01-01T00:00:00Z"
        raw = api.get(f"{repo}/raw/main/bin/data.bin")
        assert raw.status_code == 200 and raw.content == binary
        assert raw.headers["content-type"] == "application/octet-stream"
        assert api.get(f"{repo}/raw/fix/typo/README.md").text == "# Hello\n"
        archive = api.get(f"{repo}/archive/fix/typo.tar.gz")
        assert archive.status_code == 302
        web = f"{forge.url}/{user.login}/{name}/archive/fix/typo.tar.gz"
        assert archive.headers["location"] == web
        assert api.get(f"{repo}/archive/main.rar").status_code == 404
        contents = api.get(f"{repo}/contents/bin/data.bin").json()
        assert base64.b64decode(contents["content"]) == binary
        assert [c["name"] for c in api.get(f"{repo}/contents/").json()] == ["bin", "README.md"]
        tree = api.get(f"{repo}/git/trees/{second}").json()
        assert [(e["path"], e["type"]) for e in tree["tree"]] == [
            ("bin", "tree"),
            ("README.md", "blob"),
        ]
        tags = api.get(f"{repo}/tags").json()
        assert [(t["name"], t["commit"]["id"]) for t in tags] == [("v1", first)]
        assert [c["sha"] for c in api.get(f"{repo}/commits").json()] == [second, first]
        assert api.get(f"{repo}/editorconfig/README.md").status_code == 404
        readme = next(e for e in tree["tree"] if e["path"] == "README.md")
        blob = api.get(f"{repo}/git/blobs/{readme['sha']}").json()
        assert base64.b64decode(blob["content"]) == b"# hello\n"
        # putContents: an empty content is an empty file (tests/contents/test_file_commits.py).
        put = api.put(f"{repo}/contents/x", json={"message": "m", "content": ""})
        assert put.status_code == 201, put.text
        assert put.json()["content"]["size"] == 0


def test_gogs_collaborators_releases_milestones_organizations(forge: Forge) -> None:
    owner = forge.new_user("gogsk")
    helper = forge.new_user("gogsh")
    stranger = forge.new_user("gogsn")
    token = gogs_token(forge, owner, ["repo", "collaborator:write", "admin"])
    repo = forge.new_repo(owner)
    full = f"/repos/{repo['nameWithOwner']}"
    with client(forge, token=token) as api:
        # Collaborators
        one = f"{full}/collaborators/{helper.login}"
        added = api.put(one, json={"permission": "read"})
        assert added.status_code == 204 and added.content == b""
        assert api.get(one).status_code == 204
        assert api.get(f"{full}/collaborators/{stranger.login}").status_code == 404
        assert api.get(f"{full}/collaborators/nobody-at-all").status_code == 422
        listed = api.get(f"{full}/collaborators")
        assert listed.status_code == 200
        [seen] = listed.json()
        check_collaborator(seen)
        assert seen["username"] == helper.login
        assert seen["permissions"] == {"admin": False, "push": False, "pull": True}
        assert api.put(one).status_code == 204  # no body: Gogs' default, write
        [seen] = api.get(f"{full}/collaborators").json()
        assert seen["permissions"] == {"admin": False, "push": True, "pull": True}
        api.put(one, json={"permission": "admin"})
        [seen] = api.get(f"{full}/collaborators").json()
        assert seen["permissions"] == {"admin": True, "push": True, "pull": True}
        api.put(one, json={"permission": "write"})

        # Releases
        commit(forge, repo)
        for tag, draft in (("v1.0", False), ("v2.0", True)):
            forge.gql(
                RELEASE,
                {
                    "i": {
                        "repositoryId": repo["id"],
                        "tagName": tag,
                        "name": f"Release {tag}",
                        "description": "notes",
                        "isDraft": draft,
                    }
                },
                token=owner.token,
            )
        releases = api.get(f"{full}/releases")
        assert releases.status_code == 200
        for each in releases.json():
            check_release(each)
        assert [(r["tag_name"], r["draft"]) for r in releases.json()] == [
            ("v2.0", True),
            ("v1.0", False),
        ]
        first = releases.json()[1]
        assert (first["name"], first["body"], first["prerelease"]) == (
            "Release v1.0",
            "notes",
            False,
        )
        assert first["target_commitish"] == "main" and first["author"]["login"] == owner.login
        with client(forge) as anonymous:
            public = anonymous.get(f"{full}/releases").json()
            assert [r["tag_name"] for r in public] == ["v1.0"]  # drafts need write access

        # Milestones
        made = api.post(
            f"{full}/milestones",
            json={"title": "v1", "description": "first", "due_on": "2030-01-02T03:04:05+01:00"},
        )
        assert made.status_code == 201, made.text
        check_milestone(made.json())
        milestone = made.json()
        assert (milestone["title"], milestone["description"], milestone["state"]) == (
            "v1",
            "first",
            "open",
        )
        assert milestone["due_on"] == "2030-01-02T02:04:05Z"
        assert (milestone["open_issues"], milestone["closed_issues"]) == (0, 0)
        assert milestone["closed_at"] is None
        path = f"{full}/milestones/{milestone['id']}"
        assert api.get(f"{full}/milestones").json() == [milestone]
        assert api.get(path).json() == milestone

        # Issues with an assignee and a milestone
        opened = api.post(
            f"{full}/issues",
            json={"title": "Planned", "assignee": helper.login, "milestone": milestone["id"]},
        )
        assert opened.status_code == 201, opened.text
        check_issue(opened.json())
        assert opened.json()["assignee"]["login"] == helper.login
        assert opened.json()["milestone"]["id"] == milestone["id"]
        assert opened.json()["milestone"]["open_issues"] == 1
        number = opened.json()["number"]
        closed = api.patch(f"{full}/issues/{number}", json={"state": "closed"})
        assert closed.json()["milestone"]["closed_issues"] == 1
        assert api.get(path).json()["open_issues"] == 0
        with client(forge, token=gogs_token(forge, helper)) as theirs:
            mine = theirs.get("/user/issues", params={"state": "closed"})
            assert mine.status_code == 200
            assert [i["title"] for i in mine.json()] == ["Planned"]
            check_issue(mine.json()[0])
            assert theirs.get("/user/issues").json() == []  # open only, by default
        cleared = api.patch(f"{full}/issues/{number}", json={"assignee": "", "milestone": 0})
        assert cleared.status_code == 200, cleared.text
        assert (cleared.json()["assignee"], cleared.json()["milestone"]) == (None, None)
        moved = api.patch(
            f"{full}/issues/{number}", json={"assignee": owner.login, "milestone": milestone["id"]}
        )
        assert moved.json()["assignee"]["login"] == owner.login
        assert moved.json()["assignee"]["email"] == f"{owner.login}@example.com"
        assert api.get(f"{full}/issues/{number}").json() == moved.json()

        edited = api.patch(path, json={"title": "v1.0", "state": "closed"})
        assert edited.status_code == 200, edited.text
        check_milestone(edited.json())
        assert (edited.json()["title"], edited.json()["state"]) == ("v1.0", "closed")
        assert RFC3339.match(edited.json()["closed_at"])
        assert edited.json()["due_on"] == "2030-01-02T02:04:05Z"  # kept
        assert api.get(f"{full}/milestones", params={"state": "open"}).json() == []
        assert api.delete(path).status_code == 204
        assert api.get(path).status_code == 404
        assert api.get(f"{full}/issues/{number}").json()["milestone"] is None

        assert api.delete(one).status_code == 204
        assert api.get(one).status_code == 404
        assert api.delete(one).status_code == 404

        # Organizations
        login = unique("gorg")
        org = api.post(
            "/user/orgs",
            json={
                "username": login,
                "full_name": "Full",
                "description": "About",
                "website": "https://example.com",
                "location": "Here",
            },
        )
        assert org.status_code == 201, org.text
        assert_types(org.json(), ORG_FIELDS)
        assert (org.json()["username"], org.json()["full_name"]) == (login, "Full")
        assert org.json()["description"] == "About"
        assert (org.json()["website"], org.json()["location"]) == ("https://example.com", "Here")
        assert login in [o["username"] for o in api.get("/user/orgs").json()]
        changed = api.patch(
            f"/orgs/{login}", json={"full_name": "Fuller", "description": "New", "location": ""}
        )
        assert changed.status_code == 200, changed.text
        assert_types(changed.json(), ORG_FIELDS)
        assert api.get(f"/orgs/{login}").json() == changed.json()
        assert (changed.json()["full_name"], changed.json()["description"]) == ("Fuller", "New")
        assert (changed.json()["website"], changed.json()["location"]) == (
            "https://example.com",
            "",
        )
        assert api.patch("/orgs/no-such-org", json={"full_name": "x"}).status_code == 404
