"""Gogs' ``/admin`` routes and ``listOrgTeams`` on a live server: fields, status codes,
who is refused, hostile input, and what a disabled or deleted account can still do.

Field lists are the contract's (``User``, ``Organization``, ``Repository``, ``Team``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.forge import Forge, unique
from tests.git.gitcli import Git, url
from tests.rest.rest import assert_types, client
from tests.rest.test_gogs_conformance import ORG_FIELDS, REPO_FIELDS, USER_FIELDS

TEAM_FIELDS = {"id": int, "name": str, "description": str, "permission": str}
SIGN_IN = """mutation($l: String!, $p: String!) { signIn(input: {login: $l, password: $p}) {
  token } }"""
VIEWER = "{ viewer { login isSiteAdmin } }"


def _api(forge: Forge, token: str | None = None) -> httpx.Client:
    return client(forge, token=token)


def _new_user(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    login = unique("ad")
    body = {"username": login, "email": f"{login}@example.com", "password": "pw-123456789"}
    response = api.post("/admin/users", json={**body, **extra})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_admin_user_routes(forge: Forge) -> None:
    admin = forge.admin.token
    with _api(forge, admin) as api:
        login = unique("adu")
        created = api.post(
            "/admin/users",
            json={
                "username": login,
                "email": f"{login}@example.com",
                "password": "pw-123456789",
                "full_name": "Ada Admin",
                "send_notify": True,
                "login_name": login,
                "source_id": 0,
            },
        )
        assert created.status_code == 201, created.text
        user = created.json()
        assert_types(user, USER_FIELDS)
        assert user["username"] == user["login"] == login
        assert user["full_name"] == "Ada Admin" and user["email"] == f"{login}@example.com"
        # The password works (hashed like a sign-up's), the account is an ordinary user.
        token = forge.gql(SIGN_IN, {"l": login, "p": "pw-123456789"})["signIn"]["token"]
        assert forge.gql(VIEWER, token=token)["viewer"] == {"login": login, "isSiteAdmin": False}
        # Taken names and addresses, missing and wrong fields: 422.
        for body in (
            {"username": login.upper(), "email": "x@example.com", "password": "pw-123456789"},
            {"username": unique("a"), "email": f"{login}@example.com", "password": "pw-12345678"},
            {"username": unique("a"), "email": "y@example.com"},
            {"email": "z@example.com", "password": "pw-123456789"},
            {"username": unique("a"), "email": "not-an-address", "password": "pw-123456789"},
            {"username": "bad name", "email": "w@example.com", "password": "pw-123456789"},
            {"username": unique("a"), "email": "v@example.com", "password": "short"},
            {"username": 5, "email": "u@example.com", "password": "pw-123456789"},
            {
                "username": unique("a"),
                "email": "t@example.com",
                "password": "pw-1234567",
                "send_notify": "yes",
            },
            {
                "username": unique("a"),
                "email": "s@example.com",
                "password": "pw-1234567",
                "source_id": "one",
            },
        ):
            refused = api.post("/admin/users", json=body)
            assert refused.status_code == 422, (body, refused.text)
            assert_types(refused.json(), {"message": str, "url": str})
        assert api.post("/admin/users", content=b"{nope").status_code == 400
        assert api.post("/admin/users", json=["a"]).status_code in (400, 422)
        # Editing: email is required (the contract), the rest as given.
        edited = api.patch(
            f"/admin/users/{login}",
            json={
                "email": f"new-{login}@example.com",
                "full_name": "Ada B",
                "website": "https://example.com",
                "location": "Here",
                "admin": True,
                "allow_git_hook": False,
                "max_repo_creation": -1,
            },
        )
        assert edited.status_code == 200, edited.text
        assert_types(edited.json(), USER_FIELDS)
        assert edited.json()["full_name"] == "Ada B"
        assert edited.json()["email"] == f"new-{login}@example.com"
        assert forge.gql(VIEWER, token=token)["viewer"]["isSiteAdmin"] is True
        assert api.patch(f"/admin/users/{login}", json={"full_name": "x"}).status_code == 422
        assert api.patch(f"/admin/users/{login}", json={"email": 3}).status_code == 422
        assert (
            api.patch(
                f"/admin/users/{login}", json={"email": "a@example.com", "admin": "yes"}
            ).status_code
            == 422
        )
        assert (
            api.patch(
                f"/admin/users/{login}", json={"email": "a@example.com", "website": "ftp://x"}
            ).status_code
            == 422
        )
        missing = api.patch(f"/admin/users/{unique('none')}", json={"email": "b@example.com"})
        assert missing.status_code == 404
        assert api.patch("/admin/users/" + "x" * 300, json={"email": "c@e.com"}).status_code == 404
        # Password change: the old one stops working.
        changed = api.patch(
            f"/admin/users/{login}",
            json={"email": f"new-{login}@example.com", "password": "pw-987654321", "admin": False},
        )
        assert changed.status_code == 200
        assert forge.gql_error(SIGN_IN, {"l": login, "p": "pw-123456789"}).codes == [
            "UNAUTHENTICATED"
        ]
        token = forge.gql(SIGN_IN, {"l": login, "p": "pw-987654321"})["signIn"]["token"]
        # Disabling: tokens, passwords and git stop working; enabling lets them sign in again.
        disabled = api.patch(
            f"/admin/users/{login}", json={"email": f"new-{login}@example.com", "active": False}
        )
        assert disabled.status_code == 200
        assert forge.post_graphql(VIEWER, token=token).status_code == 401
        assert forge.gql_error(SIGN_IN, {"l": login, "p": "pw-987654321"}).codes == [
            "UNAUTHENTICATED"
        ]
        api.patch(
            f"/admin/users/{login}", json={"email": f"new-{login}@example.com", "active": True}
        )
        assert forge.gql(SIGN_IN, {"l": login, "p": "pw-987654321"})["signIn"]["token"]
        # An administrator cannot lock themself out.
        assert (
            api.patch(
                "/admin/users/admin", json={"email": "admin@example.com", "admin": False}
            ).status_code
            == 422
        )
        assert api.delete("/admin/users/admin").status_code == 422
        # Deleting: 204, then 404.
        assert api.delete(f"/admin/users/{login}").status_code == 204
        assert api.delete(f"/admin/users/{login}").status_code == 404
        assert (
            forge.gql("query($l: String!) { user(login: $l) { login } }", {"l": login})["user"]
            is None
        )


def test_admin_creates_repositories_organizations_and_teams(forge: Forge, tmp_path: Path) -> None:
    with _api(forge, forge.admin.token) as api:
        user = _new_user(api)
        login = user["login"]
        repo = api.post(
            f"/admin/users/{login}/repos",
            json={"name": unique("r"), "description": "by admin", "private": True},
        )
        assert repo.status_code == 201, repo.text
        assert_types(repo.json(), REPO_FIELDS)
        assert repo.json()["owner"]["login"] == login and repo.json()["private"] is True
        assert repo.json()["description"] == "by admin"
        public = api.post(f"/admin/users/{login}/repos", json={"name": unique("p")})
        assert public.status_code == 201 and public.json()["private"] is False
        taken = api.post(f"/admin/users/{login}/repos", json={"name": repo.json()["name"]})
        assert taken.status_code == 422
        assert api.post(f"/admin/users/{login}/repos", json={}).status_code == 422
        assert api.post(f"/admin/users/{login}/repos", json={"name": "../x"}).status_code == 422
        assert api.post(f"/admin/users/{unique('n')}/repos", json={"name": "x"}).status_code == 404
        org_name = unique("org")
        org = api.post(
            f"/admin/users/{login}/orgs",
            json={
                "username": org_name,
                "full_name": "Org",
                "description": "d",
                "website": "https://example.org",
                "location": "L",
            },
        )
        assert org.status_code == 201, org.text
        assert_types(org.json(), ORG_FIELDS)
        assert org.json()["username"] == org_name and org.json()["website"] == "https://example.org"
        assert org.json()["full_name"] == "Org" and org.json()["location"] == "L"
        assert (
            api.post(f"/admin/users/{login}/orgs", json={"username": org_name}).status_code == 422
        )
        assert api.post(f"/admin/users/{login}/orgs", json={}).status_code == 422
        assert (
            api.post(f"/admin/users/{unique('n')}/orgs", json={"username": unique("o")}).status_code
            == 404
        )
        # The user owns the organization now: they can create repositories in it.
        user_token = forge.gql(SIGN_IN, {"l": login, "p": "pw-123456789"})["signIn"]["token"]
        mine = forge.gql(
            "query($l: String!) { organization(login: $l) { viewerRole } }",
            {"l": org_name},
            token=user_token,
        )
        assert mine["organization"]["viewerRole"] == "ADMIN"
        # Teams.
        team = api.post(
            f"/admin/orgs/{org_name}/teams",
            json={"name": "Readers", "description": "read only", "permission": "read"},
        )
        assert team.status_code == 201, team.text
        assert_types(team.json(), TEAM_FIELDS)
        assert team.json() == {
            "id": team.json()["id"],
            "name": "Readers",
            "description": "read only",
            "permission": "read",
        }
        default = api.post(f"/admin/orgs/{org_name}/teams", json={"name": "Defaults"})
        assert default.status_code == 201 and default.json()["permission"] == "read"
        for body in (
            {"name": "readers"},
            {},
            {"name": "x", "permission": "owner"},
            {"name": "a b"},
            {"name": 3},
            {"name": "x" * 31},
        ):
            assert api.post(f"/admin/orgs/{org_name}/teams", json=body).status_code == 422, body
        assert api.post(f"/admin/orgs/{login}/teams", json={"name": "x"}).status_code == 404
        assert api.post(f"/admin/orgs/{unique('n')}/teams", json={"name": "x"}).status_code == 404
        team_id = team.json()["id"]
        # Organization repositories, one private, reached by the member through the team.
        private = api.post(
            f"/admin/users/{org_name}/repos", json={"name": unique("pr"), "private": True}
        )
        assert private.status_code == 404  # {username} names a user, as in Gogs' admin API
        repo_name = unique("pr")
        forge.gql(
            """mutation($i: CreateRepositoryInput!) { createRepository(input: $i) {
               repository { id } } }""",
            {
                "i": {
                    "name": repo_name,
                    "visibility": "PRIVATE",
                    "ownerId": forge.gql(
                        "query($l: String!) { organization(login: $l) { id } }", {"l": org_name}
                    )["organization"]["id"],
                }
            },
            token=user_token,
        )
        member = _new_user(api)
        member_token = forge.gql(SIGN_IN, {"l": member["login"], "p": "pw-123456789"})["signIn"][
            "token"
        ]
        full = f"{org_name}/{repo_name}"
        with _api(forge, member_token) as as_member:
            assert as_member.get(f"/repos/{full}").status_code == 404
        path = f"/admin/teams/{team_id}"
        assert api.put(f"{path}/members/{member['login']}").status_code == 204
        assert api.put(f"{path}/members/{member['login']}").status_code == 204
        assert api.put(f"{path}/repos/{repo_name}").status_code == 204
        assert api.put(f"{path}/repos/{repo_name}").status_code == 204
        listed = api.get(f"{path}/members")
        assert listed.status_code == 200
        assert [u["login"] for u in listed.json()] == [member["login"]]
        for shown in listed.json():
            assert_types(shown, USER_FIELDS)
        with _api(forge, member_token) as as_member:
            shown_repo = as_member.get(f"/repos/{full}")
            assert shown_repo.status_code == 200
            assert shown_repo.json()["permissions"] == {"admin": False, "push": False, "pull": True}
            teams = as_member.get(f"/orgs/{org_name}/teams")
            assert teams.status_code == 200
            assert [t["name"] for t in teams.json()] == ["Readers"]
        git = Git(tmp_path / "home")
        cloned = git.run(
            "clone", "-q", url(forge, full, member_token), str(tmp_path / "c"), check=False
        )
        assert cloned.returncode == 0, cloned.stderr
        # listOrgTeams: all teams for the organization's owner, none for strangers, 404 unknown.
        with _api(forge, user_token) as as_owner:
            everything = as_owner.get(f"/orgs/{org_name}/teams")
            assert sorted(t["name"] for t in everything.json()) == ["Defaults", "Readers"]
            for shown in everything.json():
                assert_types(shown, TEAM_FIELDS)
        with _api(forge) as anonymous:
            assert anonymous.get(f"/orgs/{org_name}/teams").json() == []
            assert anonymous.get(f"/orgs/{unique('n')}/teams").status_code == 404
        # Wrong targets.
        assert api.put(f"{path}/members/{unique('n')}").status_code == 404
        assert api.put(f"{path}/members/{org_name}").status_code == 404
        assert api.put(f"{path}/repos/{unique('n')}").status_code == 404
        assert api.put(f"{path}/repos/{repo.json()['name']}").status_code == 404  # not the org's
        for bad in ("0", "abc", "99999999999", "-1", "2147483647", "1e3"):
            assert api.get(f"/admin/teams/{bad}/members").status_code == 404, bad
            assert api.put(f"/admin/teams/{bad}/members/{login}").status_code == 404, bad
        # Removal: 204, idempotent; the member loses the repository.
        assert api.delete(f"{path}/repos/{repo_name}").status_code == 204
        assert api.delete(f"{path}/repos/{repo_name}").status_code == 204
        with _api(forge, member_token) as as_member:
            assert as_member.get(f"/repos/{full}").status_code == 404
        assert api.delete(f"{path}/members/{member['login']}").status_code == 204
        assert api.delete(f"{path}/members/{member['login']}").status_code == 204
        assert api.get(f"{path}/members").json() == []
        # Deleting a user who owns repositories or organizations is refused.
        refused = api.delete(f"/admin/users/{login}")
        assert refused.status_code == 422
        assert "repositories" in refused.json()["message"]
        assert api.delete(f"/admin/users/{member['login']}").status_code == 204


def test_admin_routes_refuse_everyone_else(forge: Forge) -> None:
    with _api(forge, forge.admin.token) as api:
        victim = _new_user(api)
        org_name = unique("org")
        assert (
            api.post(
                f"/admin/users/{victim['login']}/orgs", json={"username": org_name}
            ).status_code
            == 201
        )
        team_id = api.post(f"/admin/orgs/{org_name}/teams", json={"name": "t"}).json()["id"]
    victim_token = forge.gql(SIGN_IN, {"l": victim["login"], "p": "pw-123456789"})["signIn"][
        "token"
    ]
    someone = forge.new_user("adn")
    scoped_admin = forge.token_for(forge.admin, ["repo:read", "repo:write"])
    target = victim["login"]
    requests: list[tuple[str, str, Any]] = [
        (
            "POST",
            "/admin/users",
            {"username": unique("z"), "email": "z@example.com", "password": "pw-123456789"},
        ),
        ("PATCH", f"/admin/users/{target}", {"email": "q@example.com", "admin": True}),
        ("DELETE", f"/admin/users/{target}", None),
        ("POST", f"/admin/users/{target}/repos", {"name": unique("r")}),
        ("POST", f"/admin/users/{target}/orgs", {"username": unique("o")}),
        ("POST", f"/admin/orgs/{org_name}/teams", {"name": unique("t")}),
        ("GET", f"/admin/teams/{team_id}/members", None),
        ("PUT", f"/admin/teams/{team_id}/members/{someone.login}", None),
        ("DELETE", f"/admin/teams/{team_id}/members/{someone.login}", None),
        ("PUT", f"/admin/teams/{team_id}/repos/x", None),
        ("DELETE", f"/admin/teams/{team_id}/repos/x", None),
        # Targets that do not exist are not revealed to non-admins either.
        ("PATCH", f"/admin/users/{unique('n')}", {"email": "q@example.com"}),
        ("GET", "/admin/teams/abc/members", None),
    ]
    requests_missing = {path for _, path, _ in requests[-2:]}
    callers = {
        "anonymous": (None, 401),
        "user": (someone.token, 403),
        # The organization's own owner is no site administrator.
        "org owner": (victim_token, 403),
        "admin without the admin scope": (scoped_admin, 403),
    }
    for label, (token, status) in callers.items():
        with _api(forge, token) as api:
            for method, path, body in requests:
                response = api.request(method, path, json=body)
                if label == "admin without the admin scope" and (
                    method == "GET" or path in requests_missing
                ):
                    # The account is a site admin: reading a team's members, or learning
                    # that a user does not exist, needs no more than its own sight.
                    continue
                assert response.status_code == status, (label, method, path, response.text)
                assert_types(response.json(), {"message": str, "url": str})
    # Nothing changed.
    assert forge.gql(VIEWER, token=victim_token)["viewer"]["isSiteAdmin"] is False


UPDATE_USER = """mutation($i: UpdateUserInput!) { updateUser(input: $i) {
  user { login name email isSiteAdmin } } }"""
DELETE_USER = """mutation($l: String!) { deleteUser(input: {login: $l}) { login } }"""
CREATE_ORG_FOR = """mutation($l: String!, $o: String!) { createOrganization(input: {login: $l,
  ownerLogin: $o}) { organization { login viewerRole } } }"""


def test_site_admin_mutations(forge: Forge) -> None:
    user, other = forge.new_user("sam"), forge.new_user("sao")
    admin = forge.admin.token
    scoped_admin = forge.token_for(forge.admin, ["repo:read", "repo:write"])
    change = {"i": {"login": other.login, "isSiteAdmin": True}}
    for token, code in (
        (None, "UNAUTHENTICATED"),
        (user.token, "FORBIDDEN"),
        (scoped_admin, "FORBIDDEN"),
    ):
        assert forge.gql_error(UPDATE_USER, change, token=token).codes == [code]
        assert forge.gql_error(DELETE_USER, {"l": other.login}, token=token).codes == [code]
    refused = forge.gql_error(
        CREATE_ORG_FOR, {"l": unique("o"), "o": other.login}, token=user.token
    )
    assert refused.codes == ["FORBIDDEN"]
    updated = forge.gql(
        UPDATE_USER,
        {"i": {"login": other.login, "name": "Other", "email": f"x-{other.login}@example.com"}},
        token=admin,
    )["updateUser"]["user"]
    assert updated == {
        "login": other.login,
        "name": "Other",
        "email": f"x-{other.login}@example.com",
        "isSiteAdmin": False,
    }
    taken = {"i": {"login": other.login, "email": f"{user.login}@example.com"}}
    assert forge.gql_error(UPDATE_USER, taken, token=admin).codes == ["CONFLICT"]
    for bad in (
        {"login": other.login, "email": "nope"},
        {"login": other.login, "password": "short"},
        {"login": other.login, "websiteUrl": "javascript:alert(1)"},
        {"login": other.login, "name": "x" * 300},
    ):
        assert forge.gql_error(UPDATE_USER, {"i": bad}, token=admin).codes == ["BAD_USER_INPUT"]
    missing = {"i": {"login": unique("none"), "name": "x"}}
    assert forge.gql_error(UPDATE_USER, missing, token=admin).codes == ["NOT_FOUND"]
    org = forge.gql(CREATE_ORG_FOR, {"l": unique("o"), "o": other.login}, token=admin)
    assert org["createOrganization"]["organization"]["viewerRole"] is None
    # The organization's owner cannot be deleted while they own it.
    assert forge.gql_error(DELETE_USER, {"l": other.login}, token=admin).codes == ["BAD_USER_INPUT"]
    assert forge.gql(DELETE_USER, {"l": user.login}, token=admin)["deleteUser"] == {
        "login": user.login
    }
    assert forge.gql_error(DELETE_USER, {"l": user.login}, token=admin).codes == ["NOT_FOUND"]
