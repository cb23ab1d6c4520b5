"""The Kod REST API (seeds/kod-api.txt), walked in document order on a live server.

The seed's only shell examples are a header and ``git clone`` of Kod's git
URL (``test_kod_git.py``); every served route is called as documented.
"""

from __future__ import annotations

from typing import Any

import httpx

from app.auth.scopes import CANONICAL
from tests.forge import Forge, User

REPO_FIELDS = {
    "name": str,
    "createdAt": int,
    "path": str,
    "ownerTokenId": str,
    "protectedBranches": list,
}
TOKEN_FIELDS = {
    "id": str,
    "username": str,
    "name": str,
    "createdAt": int,
    "lastUsedAt": (int, type(None)),
    "permissions": list,
}


def kod(forge: Forge, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}/kod", headers=headers, timeout=60)


def refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["error"], str) and body["error"], body
    return dict(body)


def check_types(obj: dict[str, Any], fields: dict[str, Any]) -> None:
    assert set(obj) == set(fields), obj
    for name, kind in fields.items():
        assert isinstance(obj[name], kind), (name, obj[name])
        if kind is int:
            assert not isinstance(obj[name], bool)


def admin_token(forge: Forge, user: User) -> str:
    """A token with every permission, like Kod's admin tokens."""
    return forge.token_for(user, list(CANONICAL))


def test_kod_document_walk(forge: Forge) -> None:
    user = forge.new_user("kod")
    with kod(forge) as anonymous:
        health = anonymous.get("/health")
        assert health.status_code == 200 and health.json() == {"status": "ok"}
    token = admin_token(forge, user)
    with kod(forge, token) as api:
        assert api.get("/repos").json() == []
        created = api.post("/repos", json={"name": "my-project"})
        assert created.status_code == 201, created.text
        repo = created.json()
        check_types(repo, REPO_FIELDS)
        assert repo["name"] == "my-project" and repo["path"] == "/kod/repos/my-project.git"
        assert repo["protectedBranches"] == []
        listed = api.get("/repos")
        assert listed.status_code == 200 and listed.headers["X-Total-Count"] == "1"
        assert listed.json() == [repo]

        got = api.get("/repos/my-project")
        assert got.status_code == 200 and got.json() == repo
        renamed = api.patch("/repos/my-project", json={"name": "new-name"})
        assert renamed.status_code == 200, renamed.text
        assert renamed.json()["name"] == "new-name"
        assert renamed.json()["createdAt"] == repo["createdAt"]
        refused(api.get("/repos/my-project"), 404)
        # The same repository, seen through GraphQL under the token owner's account.
        found = forge.gql(
            'query($o: String!) { repository(owner: $o, name: "new-name") { nameWithOwner } }',
            {"o": user.login},
            token=user.token,
        )
        assert found["repository"]["nameWithOwner"] == f"{user.login}/new-name"

        # Protected branches
        protections = "/repos/new-name/protections/branches"
        assert api.get(protections).json() == {"branches": []}
        protect = api.put(f"{protections}/main")
        assert protect.status_code == 200 and protect.json() == {"branches": ["main"]}
        listed_protections = api.get(protections)
        assert listed_protections.status_code == 200
        assert listed_protections.json() == {"branches": ["main"]}
        assert api.get("/repos/new-name").json()["protectedBranches"] == ["main"]
        unprotect = api.delete(f"{protections}/main")
        assert unprotect.status_code == 200 and unprotect.json() == {"branches": []}

        # Collaborators
        alice, bob = forge.new_user("alice"), forge.new_user("bob")
        collaborators = "/repos/new-name/collaborators"
        for person in (alice, bob):
            added = api.post(collaborators, json={"username": person.login})
            assert added.status_code == 201, added.text
            assert person.login in added.json()["collaborators"]
        team = api.get(collaborators)
        assert team.status_code == 200
        assert team.json() == {
            "repoName": "new-name",
            "collaborators": [alice.login, bob.login],
            "permissions": {alice.login: "write", bob.login: "write"},
        }
        removed = api.delete(f"{collaborators}/{alice.login}")
        assert removed.status_code == 204 and removed.content == b""
        assert api.get(collaborators).json()["collaborators"] == [bob.login]

        deleted = api.delete("/repos/new-name")
        assert deleted.status_code == 204 and deleted.content == b""
        refused(api.get("/repos/new-name"), 404)

        # Tokens
        minted = api.post(
            "/tokens",
            json={
                "name": "ci-deploy",
                "permissions": ["repo:read", "workflow:trigger", "webhook:read"],
                "expiresInDays": 30,
            },
        )
        assert minted.status_code == 201, minted.text
        new = minted.json()
        check_types(
            new,
            {
                "id": str,
                "name": str,
                "token": str,
                "permissions": list,
                "expiresAt": int,
                "message": str,
            },
        )
        # As asked: what they imply (workflow:read) stays the server's business.
        assert new["permissions"] == ["repo:read", "workflow:trigger", "webhook:read"]
        assert new["token"].startswith("kod_")
        assert new["message"] == "Save this token - it will not be shown again"
        default = api.post("/tokens", json={"name": "defaults"}).json()
        assert default["permissions"] == ["repo:read", "repo:write"]
        assert default["expiresAt"] is None
        tokens = api.get("/tokens")
        assert tokens.status_code == 200
        for item in tokens.json():
            check_types(item, TOKEN_FIELDS)
        assert {new["id"], default["id"]} <= {t["id"] for t in tokens.json()}
        assert api.delete(f"/tokens/{default['id']}").status_code == 204
        assert default["id"] not in {t["id"] for t in api.get("/tokens").json()}
        with kod(forge, default["token"]) as revoked:
            refused(revoked.get("/repos"), 401)
        own = next(t for t in api.get("/tokens").json() if t["lastUsedAt"] is not None)
        assert refused(api.delete(f"/tokens/{own['id']}"), 400)["field"] == "id"
        refused(api.delete("/tokens/not-a-number"), 404)


def test_kod_flat_names_live_under_the_token_owner(forge: Forge) -> None:
    alice, bob = forge.new_user("alice"), forge.new_user("bob")
    with kod(forge, admin_token(forge, alice)) as a, kod(forge, admin_token(forge, bob)) as b:
        assert a.post("/repos", json={"name": "my-project"}).status_code == 201
        assert b.post("/repos", json={"name": "my-project"}).status_code == 201
        refused(a.post("/repos", json={"name": "my-project"}), 409)
        forge.new_repo(alice, name="only-alice")
        forge.new_repo(alice, name="alice-private", private=True)
        refused(b.get("/repos/only-alice"), 404)
        refused(b.get("/repos/alice-private"), 404)
        refused(b.delete("/repos/alice-private"), 404)
        assert a.get("/repos/alice-private").status_code == 200
        assert sorted(r["name"] for r in a.get("/repos").json()) == [
            "alice-private",
            "my-project",
            "only-alice",
        ]
        assert [r["name"] for r in b.get("/repos").json()] == ["my-project"]
        assert (
            a.get("/repos/my-project").json()["ownerTokenId"]
            != b.get("/repos/my-project").json()["ownerTokenId"]
        )


def test_kod_checks_the_documented_permission(forge: Forge) -> None:
    user = forge.new_user("kodperm")
    forge.new_repo(user, name="kept")
    reader = forge.token_for(user, ["repo:read"])
    writer = forge.token_for(user, ["repo:write"])
    nothing = forge.token_for(user, [])
    with kod(forge, reader) as api:
        assert api.get("/repos/kept").status_code == 200
        assert "repo:write" in refused(api.post("/repos", json={"name": "x"}), 403)["error"]
        refused(api.patch("/repos/kept", json={"name": "y"}), 403)
        refused(api.delete("/repos/kept"), 403)
        refused(api.get("/tokens"), 403)
        refused(api.post("/tokens", json={"name": "t"}), 403)
    with kod(forge, writer) as api:
        refused(api.delete("/repos/kept"), 403)
        refused(api.delete("/repos/not-there"), 403)
        assert api.patch("/repos/kept", json={"name": "kept2"}).status_code == 200
        assert api.patch("/repos/kept2", json={"name": "kept"}).status_code == 200
    with kod(forge, nothing) as api:
        refused(api.get("/repos"), 403)
        refused(api.get("/repos/kept"), 403)
    with kod(forge, forge.token_for(user, ["repo:read", "admin"])) as api:
        wide = api.post("/tokens", json={"name": "wider", "permissions": ["secrets:write"]})
        refused(wide, 403)
        refused(api.post("/tokens", json={"name": "x", "username": "admin"}), 403)
    with kod(forge) as anonymous:
        for method, path in [
            ("GET", "/repos"),
            ("POST", "/repos"),
            ("GET", "/repos/kept"),
            ("PATCH", "/repos/kept"),
            ("DELETE", "/repos/kept"),
            ("GET", "/tokens"),
            ("POST", "/tokens"),
            ("DELETE", "/tokens/1"),
        ]:
            refused(anonymous.request(method, path, json={"name": "x"}), 401)
    with kod(forge, forge.admin.token) as site_admin:
        for_user = site_admin.post("/tokens", json={"name": "for-you", "username": user.login})
        assert for_user.status_code == 201, for_user.text
        with kod(forge, for_user.json()["token"]) as theirs:
            assert theirs.get("/repos/kept").status_code == 200


def test_kod_lists_take_page_and_limit(forge: Forge) -> None:
    user = forge.new_user("kodpage")
    with kod(forge, admin_token(forge, user)) as api:
        for i in range(5):
            assert api.post("/repos", json={"name": f"p{i}"}).status_code == 201
        assert len(api.get("/repos").json()) == 5
        pages = [api.get("/repos", params={"limit": 2, "page": p}) for p in (1, 2, 3, 4)]
        assert [len(p.json()) for p in pages] == [2, 2, 1, 0]
        assert {p.headers["X-Total-Count"] for p in pages} == {"5"}
        assert sorted(r["name"] for p in pages for r in p.json()) == [f"p{i}" for i in range(5)]
        refused(api.get("/repos", params={"page": "0"}), 400)


def test_kod_refuses_bad_bodies_and_writes_nothing(forge: Forge) -> None:
    user = forge.new_user("kodbad")
    with kod(forge, admin_token(forge, user)) as api:
        headers = {"Content-Type": "application/json"}
        refused(api.post("/repos", content=b"{oops", headers=headers), 400)
        refused(api.post("/repos", json=["name"]), 400)
        assert refused(api.post("/repos", json={}), 400)["field"] == "name"
        assert refused(api.post("/repos", json={"name": 5}), 400)["field"] == "name"
        refused(api.post("/repos", json={"name": "../escape"}), 400)
        big = b'{"name": "' + b"a" * (11 * 1024 * 1024) + b'"}'
        refused(api.post("/repos", content=big, headers=headers), 413)
        assert api.get("/repos").json() == []
        assert api.post("/repos", json={"name": "stays"}).status_code == 201
        refused(api.patch("/repos/stays", json={"name": None}), 400)
        refused(api.patch("/repos/stays", json={"name": ["x"]}), 400)
        assert [r["name"] for r in api.get("/repos").json()] == ["stays"]
        before = len(api.get("/tokens").json())
        refused(api.post("/tokens", json={"name": "t", "expiresInDays": "30"}), 400)
        refused(api.post("/tokens", json={"name": "t", "expiresInDays": 0}), 400)
        refused(api.post("/tokens", json={"name": "t", "permissions": "repo:read"}), 400)
        refused(api.post("/tokens", json={"name": "t", "permissions": ["repo:everything"]}), 400)
        refused(api.post("/tokens", json={"permissions": ["repo:read"]}), 400)
        assert len(api.get("/tokens").json()) == before
        not_allowed = api.put("/repos")
        refused(not_allowed, 405)
        assert "GET" in not_allowed.headers["Allow"]
        refused(api.get("/workflows"), 404)
