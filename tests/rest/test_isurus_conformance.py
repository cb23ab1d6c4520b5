"""The Isurus REST API (seeds/isurus-api.txt), walked in document order on a live server."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import httpx
import pytest

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge, User
from tests.rest.isurus import (
    ASSET_FIELDS,
    ISSUE_FIELDS,
    PREFIX,
    PULL_FIELDS,
    RELEASE_FIELDS,
    REPO_FIELDS,
    TOKEN_FIELDS,
    USER_FIELDS,
    api,
    data,
    error,
    new_org,
)
from tests.rest.rest import RFC3339, assert_types, curl

GET_USER = """curl -H "Authorization: Bearer YOUR_TOKEN" \\
https://your-isurus-instance/api/v1/user"""


@pytest.fixture
def walk(forge: Forge) -> dict[str, Any]:
    user = forge.new_user("isurus")
    with api(forge, user.token) as session:
        minted = data(
            session.post(
                "/user/tokens",
                json={
                    "name": "CI Pipeline",
                    "scopes": ["read", "write", "admin"],
                    "expires_at": "2036-12-31T23:59:59Z",
                },
            ),
            201,
        )
    return {"user": user, "token": minted["token"], "minted": minted, "org": new_org(forge, user)}


def test_isurus_document_walk(forge: Forge, walk: dict[str, Any]) -> None:
    user, token, org = walk["user"], walk["token"], walk["org"]

    # Authentication: the documented curl, as written.
    status, body = curl(
        GET_USER, {"https://your-isurus-instance": f"{forge.url}/isurus", "YOUR_TOKEN": token}
    )
    assert status == 200, body
    me = json.loads(body)["data"]
    assert_types(me, USER_FIELDS)
    assert me["username"] == user.login and me["email"] == f"{user.login}@example.com"
    assert me["is_admin"] is False and RFC3339.match(me["created_at"])

    # API Tokens: created (in the fixture), listed without secrets, revoked.
    minted = walk["minted"]
    assert_types(minted, {**TOKEN_FIELDS, "token": str})
    assert minted["name"] == "CI Pipeline" and minted["scopes"] == ["read", "write", "admin"]
    assert minted["expires_at"] == "2036-12-31T23:59:59Z"
    with api(forge, token) as isurus:
        listed = data(isurus.get("/user/tokens"))
        assert minted["id"] in [t["id"] for t in listed]
        for item in listed:
            assert_types(item, TOKEN_FIELDS)
            assert "token" not in item
        spare = data(isurus.post("/user/tokens", json={"name": "spare", "scopes": ["read"]}), 201)
        assert spare["scopes"] == ["read"] and spare["expires_at"] is None
        assert isurus.delete(f"/user/tokens/{spare['id']}").status_code == 204
        assert spare["id"] not in [t["id"] for t in data(isurus.get("/user/tokens"))]
        with api(forge, spare["token"]) as revoked:
            error(revoked.get("/user"), 401, "unauthorized")

        # Organizations
        organization = data(isurus.get(f"/orgs/{org}"))
        assert_types(organization, {"id": int, "name": str, "description": str, "created_at": str})
        assert organization["name"] == org

        # Repositories: create in the organization, get, update.
        created = data(
            isurus.post(
                f"/orgs/{org}/repos",
                json={"name": "new-repo", "description": "My new repository", "is_private": False},
            ),
            201,
        )
        assert_types(created, REPO_FIELDS)
        assert (created["name"], created["org"], created["is_private"]) == ("new-repo", org, False)
        secret = data(
            isurus.post(f"/orgs/{org}/repos", json={"name": "secret", "is_private": True}), 201
        )
        assert secret["is_private"] is True
        with api(forge) as anonymous:
            public_only = anonymous.get(f"/orgs/{org}/repos").json()
        assert [r["name"] for r in public_only["data"]] == ["new-repo"]
        assert public_only["pagination"] == {"page": 1, "per_page": 30, "total": 1}
        both = isurus.get(f"/orgs/{org}/repos").json()
        assert sorted(r["name"] for r in both["data"]) == ["new-repo", "secret"]
        assert both["pagination"]["total"] == 2
        for item in both["data"]:
            assert_types(item, REPO_FIELDS)

        members = data(isurus.get(f"/orgs/{org}/members"))
        assert len(members) == 1 and members[0]["role"] == "owner"
        assert_types(members[0]["user"], USER_FIELDS)
        assert members[0]["user"]["username"] == user.login

        repo = data(isurus.get(f"/repos/{org}/new-repo"))
        assert repo == created | {"updated_at": repo["updated_at"]}
        updated = data(
            isurus.patch(
                f"/repos/{org}/new-repo",
                json={"description": "Updated description", "is_private": True},
            )
        )
        assert updated["description"] == "Updated description" and updated["is_private"] is True
        isurus.patch(f"/repos/{org}/new-repo", json={"is_private": False})

        # Issues: new -> open -> closed -> open, with comments.
        base = f"/repos/{org}/new-repo/issues"
        issue = data(
            isurus.post(
                base, json={"title": "Bug: something is broken", "body": "Steps to reproduce..."}
            ),
            201,
        )
        assert_types(issue, ISSUE_FIELDS)
        assert issue["state"] == "new" and issue["number"] == 1
        assert_types(issue["author"], USER_FIELDS)
        assert "labels" not in issue and "comments" not in issue
        listed_new = isurus.get(base, params={"state": "new"}).json()
        assert [i["number"] for i in listed_new["data"]] == [1]
        assert listed_new["pagination"] == {"page": 1, "per_page": 30, "total": 1}
        assert data(isurus.get(base)) == []  # the default filter is "open"

        fetched = data(isurus.get(f"{base}/1"))
        assert fetched["title"] == "Bug: something is broken" and "comments" not in fetched
        triaged = data(isurus.patch(f"{base}/1", json={"state": "open", "title": "Updated title"}))
        assert (triaged["state"], triaged["title"]) == ("open", "Updated title")
        comment = data(
            isurus.post(
                f"{base}/1/comments",
                json={"body": "Thanks for the report, this is fixed in rev abc123."},
            ),
            201,
        )
        assert_types(comment, {"id": int, "body": str, "created_at": str})
        assert_types(comment["author"], USER_FIELDS)
        closed = data(isurus.patch(f"{base}/1", json={"state": "closed"}))
        assert closed["state"] == "closed"
        assert [i["number"] for i in data(isurus.get(base, params={"state": "closed"}))] == [1]
        reopened = data(isurus.patch(f"{base}/1", json={"state": "open"}))
        assert reopened["state"] == "open"
        full = data(isurus.get(f"{base}/1"))
        assert [c["body"] for c in full["comments"]] == [comment["body"]]
        assert_types(full["comments"][0], {"id": int, "body": str, "created_at": str})
        error(isurus.patch(f"{base}/1", json={"state": "new"}), 422, "validation_failed")

        # Labels appear once an issue has one.
        repo_id = forge.gql(
            'query($o: String!) { repository(owner: $o, name: "new-repo") { id } }',
            {"o": org},
            token=user.token,
        )["repository"]["id"]
        label = forge.gql(
            'mutation($r: ID!) { createLabel(input: {repositoryId: $r, name: "bug", color: "#DC2626"}) { label { id } } }',
            {"r": repo_id},
            token=user.token,
        )["createLabel"]["label"]["id"]
        issue_id = forge.gql(
            'query($o: String!) { repository(owner: $o, name: "new-repo") { issue(number: 1) { id } } }',
            {"o": org},
            token=user.token,
        )["repository"]["issue"]["id"]
        forge.gql(
            "mutation($i: ID!, $l: ID!) { addLabelsToLabelable(input: {labelableId: $i, labelIds: [$l]}) { labelable { number } } }",
            {"i": issue_id, "l": label},
            token=user.token,
        )
        labelled = data(isurus.get(base, params={"state": "open"}))[0]
        assert labelled["labels"] == [
            {"id": labelled["labels"][0]["id"], "name": "bug", "color": "#DC2626"}
        ]

        walk_pull_requests(forge, isurus, org, user)
        walk_releases(forge, isurus, org, user)

        # Delete the repository.
        assert isurus.delete(f"/repos/{org}/new-repo").status_code == 204
        error(isurus.get(f"/repos/{org}/new-repo"), 404, "not_found")


def walk_pull_requests(forge: Forge, isurus: httpx.Client, org: str, user: User) -> None:
    """Pull Requests, in the document's order: list, get, create, update, merge, comment."""
    builder = Builder(bare_path(forge, f"{org}/new-repo"))
    base = builder.commit({"README.md": b"# My Project\n"}, "Initial")
    head = builder.commit(
        {"README.md": b"# My Project\n", "feature.txt": b"new\n"},
        "Add new feature",
        branch="my-feature",
        parents=[base],
    )
    pulls = f"/repos/{org}/new-repo/pulls"
    assert isurus.get(pulls).json() == {
        "data": [],
        "pagination": {"page": 1, "per_page": 30, "total": 0},
    }
    created = data(
        isurus.post(
            pulls,
            json={
                "title": "Add new feature",
                "body": "This PR adds...",
                "source_bookmark": "my-feature",
                "target_branch": "default",
            },
        ),
        201,
    )
    assert_types(created, PULL_FIELDS)
    assert_types(created["author"], USER_FIELDS)
    number = created["number"]
    assert created["author"]["username"] == user.login
    assert {k: created[k] for k in ("title", "body", "status", "source_bookmark")} == {
        "title": "Add new feature",
        "body": "This PR adds...",
        "status": "open",
        "source_bookmark": "my-feature",
    }
    assert (created["target_branch"], created["source_node"], created["target_node"]) == (
        "main",
        head,
        base,
    )
    assert created["mergeable"] is True and created["merge_node"] is None
    assert created["merged_at"] is None and "merged_by" not in created
    assert "comments" not in created and RFC3339.match(created["created_at"])

    listed = isurus.get(pulls).json()
    assert [p["number"] for p in listed["data"]] == [number]
    assert listed["pagination"] == {"page": 1, "per_page": 30, "total": 1}
    assert data(isurus.get(pulls, params={"status": "merged"})) == []
    fetched = data(isurus.get(f"{pulls}/{number}"))
    assert fetched == created | {"updated_at": fetched["updated_at"]}

    updated = data(
        isurus.patch(
            f"{pulls}/{number}", json={"title": "Updated title", "body": "Updated description"}
        )
    )
    assert (updated["title"], updated["body"], updated["status"]) == (
        "Updated title",
        "Updated description",
        "open",
    )

    merged = data(isurus.post(f"{pulls}/{number}/merge"))
    assert_types(merged, PULL_FIELDS)
    assert merged["status"] == "merged" and RFC3339.match(merged["merged_at"])
    assert merged["merged_by"]["username"] == user.login
    assert merged["merge_node"] == str(builder.repo.references["refs/heads/main"].target)
    assert [str(p) for p in builder.repo.get(merged["merge_node"]).parent_ids] == [base, head]
    assert [p["number"] for p in data(isurus.get(pulls, params={"status": "merged"}))] == [number]
    assert data(isurus.get(pulls)) == []

    comment = data(isurus.post(f"{pulls}/{number}/comments", json={"body": "LGTM, ship it!"}), 201)
    assert_types(comment, {"id": int, "body": str, "created_at": str})
    assert comment["body"] == "LGTM, ship it!" and comment["author"]["username"] == user.login
    assert data(isurus.get(f"{pulls}/{number}"))["comments"] == [comment]


def walk_releases(forge: Forge, isurus: httpx.Client, org: str, user: User) -> None:
    """Releases, in the document's order, with one asset's bytes round-tripped."""
    releases = f"/repos/{org}/new-repo/releases"
    assert data(isurus.get(releases)) == []
    created = data(
        isurus.post(
            releases,
            json={
                "tag_name": "v1.0.0",
                "name": "Version 1.0.0",
                "body": "Release notes in markdown",
                "draft": False,
                "prerelease": False,
            },
        ),
        201,
    )
    assert_types(created, RELEASE_FIELDS)
    assert_types(created["author"], USER_FIELDS)
    assert {k: created[k] for k in ("tag_name", "name", "body", "draft", "prerelease")} == {
        "tag_name": "v1.0.0",
        "name": "Version 1.0.0",
        "body": "Release notes in markdown",
        "draft": False,
        "prerelease": False,
    }
    assert created["assets"] == [] and RFC3339.match(created["published_at"])
    # The missing tag was made at the default branch's tip.
    tip = data(isurus.get(f"/repos/{org}/new-repo/changeset/tip"))["node"]
    assert data(isurus.get(f"/repos/{org}/new-repo/changeset/v1.0.0"))["node"] == tip

    listed = isurus.get(releases).json()
    assert [r["id"] for r in listed["data"]] == [created["id"]]
    assert listed["pagination"] == {"page": 1, "per_page": 30, "total": 1}
    one = f"{releases}/{created['id']}"
    assert data(isurus.get(one)) == created
    assert data(isurus.get(f"{releases}/tags/v1.0.0")) == created
    error(isurus.get(f"{releases}/tags/v9"), 404, "not_found")

    updated = data(isurus.patch(one, json={"name": "Version 1.0.0 final", "prerelease": True}))
    assert (updated["name"], updated["prerelease"], updated["body"]) == (
        "Version 1.0.0 final",
        True,
        "Release notes in markdown",
    )

    assert isurus.get(f"{one}/assets").json() == {
        "data": [],
        "pagination": {"page": 1, "per_page": 30, "total": 0},
    }
    content = bytes(range(256)) * 41
    asset = data(
        isurus.post(
            f"{one}/assets",
            files={"attachment": ("isurus-linux-amd64.tar.gz", content, "application/gzip")},
        ),
        201,
    )
    assert_types(asset, ASSET_FIELDS)
    assert {k: asset[k] for k in ("name", "content_type", "size", "sha256", "download_count")} == {
        "name": "isurus-linux-amd64.tar.gz",
        "content_type": "application/gzip",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "download_count": 0,
    }
    assert asset["uploader"]["username"] == user.login
    assert asset["download_url"] == (
        f"{forge.url}/{org}/new-repo/releases/download/v1.0.0/isurus-linux-amd64.tar.gz"
    )
    downloaded = httpx.get(asset["download_url"], timeout=60)
    assert hashlib.sha256(downloaded.content).hexdigest() == asset["sha256"]
    assert data(isurus.get(f"{one}/assets")) == [asset | {"download_count": 1}]
    assert data(isurus.get(one))["assets"] == [asset | {"download_count": 1}]

    assert isurus.delete(f"{one}/assets/{asset['id']}").status_code == 204
    assert data(isurus.get(f"{one}/assets")) == []
    assert httpx.get(asset["download_url"], timeout=60).status_code == 404
    assert isurus.delete(one).status_code == 204
    error(isurus.get(one), 404, "not_found")
    assert data(isurus.get(releases)) == []


def test_isurus_lists_page_through_with_a_pagination_object(
    forge: Forge, walk: dict[str, Any]
) -> None:
    org, token = walk["org"], walk["token"]
    with api(forge, token) as isurus:
        for i in range(5):
            data(isurus.post(f"/orgs/{org}/repos", json={"name": f"r{i}"}), 201)
        seen = []
        for page in (1, 2, 3):
            body = isurus.get(f"/orgs/{org}/repos", params={"page": page, "per_page": 2}).json()
            assert body["pagination"] == {"page": page, "per_page": 2, "total": 5}
            seen += [r["name"] for r in body["data"]]
        assert sorted(seen) == [f"r{i}" for i in range(5)]
        past = isurus.get(f"/orgs/{org}/repos", params={"page": 4, "per_page": 2}).json()
        assert past["data"] == [] and past["pagination"]["total"] == 5
        capped = isurus.get(f"/orgs/{org}/repos", params={"per_page": 500}).json()
        assert capped["pagination"]["per_page"] == 100
        for i in range(3):
            data(isurus.post(f"/repos/{org}/r0/issues", json={"title": f"t{i}"}), 201)
        pages = [
            isurus.get(
                f"/repos/{org}/r0/issues", params={"state": "new", "page": p, "per_page": 2}
            ).json()
            for p in (1, 2)
        ]
        assert [len(p["data"]) for p in pages] == [2, 1]
        assert {p["pagination"]["total"] for p in pages} == {3}
        error(isurus.get(f"/orgs/{org}/repos", params={"page": "x"}), 422, "validation_failed")
        error(
            isurus.get(f"/repos/{org}/r0/issues", params={"state": "sideways"}),
            422,
            "validation_failed",
        )


def test_isurus_accepts_every_token_form(forge: Forge, walk: dict[str, Any]) -> None:
    user, token = walk["user"], walk["token"]
    url = f"{forge.url}{PREFIX}/user"
    basic = base64.b64encode(f"anyone:{token}".encode()).decode()
    for headers, params in [
        ({"Authorization": f"Bearer {token}"}, {}),
        ({"Authorization": f"token {token}"}, {}),
        ({"Authorization": f"Basic {basic}"}, {}),
        ({}, {"token": token}),
    ]:
        response = httpx.get(url, headers=headers, params=params, timeout=60)
        assert data(response)["username"] == user.login
    password = base64.b64encode(f"{user.login}:{user.password}".encode()).decode()
    error(httpx.get(url, headers={"Authorization": f"Basic {password}"}), 401, "unauthorized")
    error(httpx.get(url, headers={"Authorization": "Bearer nope"}), 401, "unauthorized")
    error(httpx.get(url), 401, "unauthorized")


def test_isurus_private_repositories_are_not_found_to_those_who_cannot_read(
    forge: Forge, walk: dict[str, Any]
) -> None:
    owner, org = walk["user"], walk["org"]
    with api(forge, walk["token"]) as isurus:
        data(isurus.post(f"/orgs/{org}/repos", json={"name": "hidden", "is_private": True}), 201)
        data(isurus.post(f"/repos/{org}/hidden/issues", json={"title": "secret"}), 201)
    outsider = forge.new_user()
    no_scope = forge.token_for(owner, [])
    repo = f"/repos/{org}/hidden"
    requests = [
        ("GET", repo, None),
        ("PATCH", repo, {"description": "x"}),
        ("DELETE", repo, None),
        ("GET", f"{repo}/issues", None),
        ("POST", f"{repo}/issues", {"title": "x"}),
        ("GET", f"{repo}/issues/1", None),
        ("PATCH", f"{repo}/issues/1", {"state": "closed"}),
        ("POST", f"{repo}/issues/1/comments", {"body": "x"}),
    ]
    for who in (None, outsider.token, no_scope):
        with api(forge, who) as caller:
            for method, path, body in requests:
                response = caller.request(method, path, json=body)
                error(response, 404, "not_found")
    with api(forge, walk["token"]) as isurus:
        assert data(isurus.get(f"{repo}/issues/1"))["title"] == "secret"
        assert "comments" not in data(isurus.get(f"{repo}/issues/1"))
        assert data(isurus.get(repo))["description"] == ""
    with api(forge, outsider.token) as caller:
        error(caller.get(f"/orgs/{org}/members"), 403, "forbidden")
    with api(forge) as anonymous:
        error(anonymous.get(f"/orgs/{org}/members"), 401, "unauthorized")
        error(anonymous.get("/orgs/no-such-org"), 404, "not_found")


def test_isurus_refuses_bad_bodies_and_writes_nothing(forge: Forge, walk: dict[str, Any]) -> None:
    org = walk["org"]
    with api(forge, walk["token"]) as isurus:
        data(isurus.post(f"/orgs/{org}/repos", json={"name": "target"}), 201)
        repos = f"/orgs/{org}/repos"
        issues = f"/repos/{org}/target/issues"
        json_headers = {"Content-Type": "application/json"}
        error(isurus.post(repos, content=b"{not json", headers=json_headers), 400, "bad_request")
        error(isurus.post(repos, json=["name"]), 400, "bad_request")
        assert error(isurus.post(repos, json={}), 422, "validation_failed")["field"] == "name"
        assert (
            error(isurus.post(repos, json={"name": 5}), 422, "validation_failed")["field"] == "name"
        )
        wrong = isurus.post(repos, json={"name": "x1", "is_private": "yes"})
        assert error(wrong, 422, "validation_failed")["field"] == "is_private"
        taken = isurus.post(repos, json={"name": "target"})
        error(taken, 409, "conflict")
        oversize = isurus.post(
            repos, content=b'{"name": "' + b"a" * (11 * 1024 * 1024) + b'"}', headers=json_headers
        )
        error(oversize, 413, "payload_too_large")
        assert data(isurus.get(repos)) and len(data(isurus.get(repos))) == 1

        assert (
            error(isurus.post(issues, json={"body": "no title"}), 422, "validation_failed")["field"]
            == "title"
        )
        assert (
            error(isurus.post(issues, json={"title": ["x"]}), 422, "validation_failed")["field"]
            == "title"
        )
        error(isurus.post(issues, content=b"", headers=json_headers), 422, "validation_failed")
        data(isurus.post(issues, json={"title": "real"}), 201)
        bad_state = isurus.patch(f"{issues}/1", json={"state": "sideways"})
        assert error(bad_state, 422, "validation_failed")["field"] == "state"
        error(isurus.patch(f"{issues}/1", json={"title": 7}), 422, "validation_failed")
        error(isurus.post(f"{issues}/1/comments", json={}), 422, "validation_failed")
        assert data(isurus.get(f"{issues}/1"))["title"] == "real"
        assert "comments" not in data(isurus.get(f"{issues}/1"))
        assert len(data(isurus.get(issues, params={"state": "new"}))) == 1

        bad_time = isurus.post("/user/tokens", json={"name": "t", "expires_at": "tomorrow"})
        assert error(bad_time, 422, "validation_failed")["field"] == "expires_at"
        unknown = isurus.post("/user/tokens", json={"name": "t", "scopes": ["everything"]})
        error(unknown, 422, "validation_failed")
        error(isurus.get(f"{issues}/x"), 404, "not_found")
        not_allowed = isurus.put("/user")
        error(not_allowed, 405, "method_not_allowed")
        assert "GET" in not_allowed.headers["Allow"]


def test_api_v1_never_answers_in_isurus_shape(forge: Forge, walk: dict[str, Any]) -> None:
    """``/api/v1`` is Gogs and Gitea: what they do not serve is Gogs' 404, never Isurus."""
    org, token = walk["org"], walk["token"]
    with api(forge, token) as isurus:
        data(isurus.post(f"/orgs/{org}/repos", json={"name": "shared"}), 201)
    with api(forge, token, "/api/v1") as v1:
        # Gogs defines GET /repos/{owner}/{repo}: its bare object.
        assert v1.get(f"/repos/{org}/shared").json()["full_name"] == f"{org}/shared"
        # Isurus' routes are not reached here: no edit through Isurus' PATCH.
        patched = v1.patch(f"/repos/{org}/shared", json={"description": "via v1"})
        assert patched.status_code in (404, 405) and "error" not in patched.json()
        assert set(patched.json()) == {"message", "url"}
        # Gitea defines /orgs/{org}/members (served since issue 14): its bare array of users.
        members = v1.get(f"/orgs/{org}/members").json()
        assert isinstance(members, list) and "username" in members[0]
    with api(forge, token) as isurus:
        assert data(isurus.get(f"/repos/{org}/shared"))["description"] != "via v1"


CHANGESET_FIELDS = {
    "node": str,
    "short_node": str,
    "rev": int,
    "author": str,
    "date": str,
    "message": str,
    "subject": str,
    "branch": str,
    "tags": list,
}


def test_isurus_repository_contents_map_tip_and_bookmarks_onto_git(
    forge: Forge, walk: dict[str, Any]
) -> None:
    org = walk["org"]
    with api(forge, walk["token"]) as isurus:
        data(isurus.post(f"/orgs/{org}/repos", json={"name": "code", "is_private": True}), 201)
        builder = Builder(bare_path(forge, f"{org}/code"))
        first = builder.commit(
            {"README.md": b"# My Project\n", "src/app.py": b"print(1)\n"}, "First line\n\nMore."
        )
        builder.commit(
            {"README.md": b"# My Project\n", "src/app.py": b"print(2)\n"},
            "Feature",
            branch="my-feature",
            parents=[first],
        )
        second = builder.commit(
            {
                "README.md": b"# My Project\nv2\n",
                "src/app.py": b"print(1)\n",
                "logo.bin": b"\x00\x01\x02",
            },
            "Second",
        )
        builder.annotated_tag("v1.0", second, "release")
        repo = f"/repos/{org}/code"

        root = data(isurus.get(f"{repo}/tree"))
        assert root == [
            {"name": "src", "is_dir": True, "size": 0},
            {"name": "README.md", "is_dir": False, "size": 16},
            {"name": "logo.bin", "is_dir": False, "size": 3},
        ]
        assert data(isurus.get(f"{repo}/tree/src", params={"rev": "my-feature"})) == [
            {"name": "app.py", "is_dir": False, "size": 9}
        ]
        assert data(isurus.get(f"{repo}/tree/", params={"rev": first[:10]}))[0]["name"] == "src"
        readme = data(isurus.get(f"{repo}/blob/README.md"))
        assert_types(readme, {"path": str, "content": str, "size": int})
        assert readme == {
            "path": "README.md",
            "content": "# My Project\nv2\n",
            "size": 16,
            "is_binary": False,
            "is_truncated": False,
        }
        assert (
            data(isurus.get(f"{repo}/blob/src/app.py", params={"rev": "my-feature"}))["content"]
            == "print(2)\n"
        )
        assert data(isurus.get(f"{repo}/blob/README.md", params={"rev": "default"}))["size"] == 16
        error(isurus.get(f"{repo}/blob/src"), 404, "not_found")
        error(isurus.get(f"{repo}/tree/README.md"), 404, "not_found")
        error(isurus.get(f"{repo}/blob/missing.txt"), 404, "not_found")
        error(isurus.get(f"{repo}/tree", params={"rev": "no-such-bookmark"}), 404, "not_found")
        error(isurus.get(f"{repo}/tree", params={"rev": "a..b"}), 422, "validation_failed")

        log = isurus.get(f"{repo}/log").json()
        assert [c["node"] for c in log["data"]] == [second, first]
        assert log["pagination"] == {"page": 1, "per_page": 30, "total": 2}
        for item in log["data"]:
            assert_types(item, CHANGESET_FIELDS)
            assert RFC3339.match(item["date"])
        newest = log["data"][0]
        assert newest["short_node"] == second[:12] and newest["tags"] == ["v1.0"]
        assert newest["author"] == "Ada Lovelace <ada@example.com>" and newest["branch"] == "main"
        assert (
            log["data"][1]["subject"] == "First line"
            and log["data"][1]["message"] == "First line\n\nMore."
        )
        paged = [
            isurus.get(f"{repo}/log", params={"per_page": 1, "page": p}).json() for p in (1, 2, 3)
        ]
        assert [[c["node"] for c in p["data"]] for p in paged] == [[second], [first], []]
        assert [p["pagination"]["total"] for p in paged] == [2, 2, 2]
        feature = data(isurus.get(f"{repo}/log", params={"rev": "my-feature"}))
        assert len(feature) == 2 and feature[1]["node"] == first
        error(
            isurus.get(f"{repo}/log", params={"page": 200, "per_page": 30}),
            422,
            "validation_failed",
        )

        change = data(isurus.get(f"{repo}/changeset/tip"))
        assert_types(change, {**CHANGESET_FIELDS, "diff": str})
        assert change["node"] == second
        assert (
            "--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # My Project\n+v2\n"
            in change["diff"]
        )
        assert "Binary files /dev/null and b/logo.bin differ" in change["diff"]
        assert data(isurus.get(f"{repo}/changeset/v1.0"))["node"] == second
        assert data(isurus.get(f"{repo}/changeset/{first[:8]}"))["node"] == first
        error(isurus.get(f"{repo}/changeset/{'0' * 40}"), 404, "not_found")
    with api(forge) as anonymous:
        for path in ("tree", "blob/README.md", "log", "changeset/tip"):
            error(anonymous.get(f"{repo}/{path}"), 404, "not_found")
