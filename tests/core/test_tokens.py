"""Personal access tokens: minting, every transport, expiry, revocation, scopes."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta

from tests.forge import Forge, unique

VIEWER = "{ viewer { login } }"
CREATE = """mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) {
  token accessToken { id databaseId name scopes tokenLastEight expiresAt lastUsedAt createdAt } } }"""


def test_user_can_mint_a_token_shown_once(forge: Forge) -> None:
    user = forge.new_user()
    data = forge.gql(CREATE, {"i": {"name": "ci", "scopes": ["repo:write"]}}, token=user.token)
    created = data["createAccessToken"]
    secret = created["token"]
    assert secret.startswith("ingot_") and len(secret) == 52
    token = created["accessToken"]
    assert token["name"] == "ci"
    assert token["scopes"] == ["repo:read", "repo:write"]  # write implies read
    assert token["tokenLastEight"] == secret[-8:]
    assert token["expiresAt"] is None and token["lastUsedAt"] is None
    listed = forge.gql("{ viewer { accessTokens { name tokenLastEight } } }", token=user.token)
    assert {"name": "ci", "tokenLastEight": secret[-8:]} in listed["viewer"]["accessTokens"]
    assert secret not in str(listed)


def test_token_works_on_every_transport(forge: Forge) -> None:
    user = forge.new_user()
    secret = forge.token_for(user, [])
    url = f"{forge.url}/graphql"
    body = {"query": VIEWER}
    basic = base64.b64encode(f"anyone:{secret}".encode()).decode()
    for headers, params in [
        ({"Authorization": f"token {secret}"}, {}),
        ({"Authorization": f"Bearer {secret}"}, {}),
        ({"Authorization": f"Basic {basic}"}, {}),
        ({}, {"token": secret}),
    ]:
        response = forge.client.post(url, json=body, headers=headers, params=params)
        assert response.status_code == 200, (headers, params, response.text)
        assert response.json()["data"]["viewer"]["login"] == user.login
    used = forge.gql("{ viewer { accessTokens { tokenLastEight lastUsedAt } } }", token=user.token)
    mine = [t for t in used["viewer"]["accessTokens"] if t["tokenLastEight"] == secret[-8:]]
    assert mine[0]["lastUsedAt"] is not None


def test_password_is_refused_outside_sign_in(forge: Forge) -> None:
    user = forge.new_user()
    basic = base64.b64encode(f"{user.login}:{user.password}".encode()).decode()
    response = forge.client.post(
        f"{forge.url}/graphql", json={"query": VIEWER}, headers={"Authorization": f"Basic {basic}"}
    )
    assert response.status_code == 401
    assert "token" in response.json()["errors"][0]["message"]


def test_garbage_and_forged_tokens_are_refused(forge: Forge) -> None:
    user = forge.new_user()
    secret = forge.token_for(user, [])
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for bad in ["nope", flipped, "ingot_" + "a" * 46, "Bearer"]:
        response = forge.post_graphql(VIEWER, headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401, bad
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    odd = forge.post_graphql(VIEWER, headers={"Authorization": "Digest abc"})
    assert odd.status_code == 401


def test_expired_token_is_refused(forge: Forge) -> None:
    user = forge.new_user()
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    secret = forge.token_for(user, [], expiresAt=soon)
    assert forge.gql(VIEWER, token=secret)["viewer"]["login"] == user.login
    time.sleep(2.5)
    assert forge.post_graphql(VIEWER, token=secret).status_code == 401
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    error = forge.gql_error(CREATE, {"i": {"name": "old", "expiresAt": past}}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]


def test_revoked_token_is_refused(forge: Forge) -> None:
    user = forge.new_user()
    data = forge.gql(CREATE, {"i": {"name": unique("t")}}, token=user.token)["createAccessToken"]
    secret, token_id = data["token"], data["accessToken"]["id"]
    assert forge.gql(VIEWER, token=secret)["viewer"]["login"] == user.login
    revoke = "mutation($i: RevokeAccessTokenInput!) { revokeAccessToken(input: $i) { accessToken { revokedAt } } }"
    other = forge.new_user()
    assert forge.gql_error(revoke, {"i": {"id": token_id}}, token=other.token).codes == [
        "NOT_FOUND"
    ]
    revoked = forge.gql(revoke, {"i": {"id": token_id}}, token=user.token)
    assert revoked["revokeAccessToken"]["accessToken"]["revokedAt"] is not None
    assert forge.post_graphql(VIEWER, token=secret).status_code == 401


def test_token_cannot_mint_a_wider_token(forge: Forge) -> None:
    user = forge.new_user()
    # Minting needs the managing scope (issue 14): a plain repo:read token mints nothing.
    plain = forge.token_for(user, ["repo:read"])
    error = forge.gql_error(CREATE, {"i": {"name": "same", "scopes": ["repo:read"]}}, token=plain)
    assert error.codes == ["FORBIDDEN"]
    narrow = forge.token_for(user, ["admin", "repo:read"])
    error = forge.gql_error(CREATE, {"i": {"name": "wide", "scopes": ["repo:write"]}}, token=narrow)
    assert error.codes == ["FORBIDDEN"]
    ok = forge.gql(CREATE, {"i": {"name": "same", "scopes": ["repo:read"]}}, token=narrow)
    assert ok["createAccessToken"]["accessToken"]["scopes"] == ["repo:read"]


def test_unknown_scope_is_bad_input(forge: Forge) -> None:
    user = forge.new_user()
    error = forge.gql_error(CREATE, {"i": {"name": "x", "scopes": ["root"]}}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "scopes"


def test_read_only_token_cannot_write(forge: Forge) -> None:
    user = forge.new_user()
    read_only = forge.token_for(user, ["repo:read"])
    create = "mutation($n: String!) { createRepository(input: {name: $n}) { repository { name } } }"
    assert forge.gql_error(create, {"n": unique("r")}, token=read_only).codes == ["FORBIDDEN"]
    repo = forge.new_repo(user)
    issue = 'mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "t"}) { issue { number } } }'
    assert forge.gql_error(issue, {"r": repo["id"]}, token=read_only).codes == ["FORBIDDEN"]
    writer = forge.token_for(user, ["repo:write"])
    delete = (
        "mutation($r: ID!) { deleteRepository(input: {repositoryId: $r}) { deletedRepositoryId } }"
    )
    assert forge.gql_error(delete, {"r": repo["id"]}, token=writer).codes == ["FORBIDDEN"]
    deleter = forge.token_for(user, ["repo:delete"])
    assert forge.gql(delete, {"r": repo["id"]}, token=deleter)["deleteRepository"]


def test_admin_scope_is_needed_for_organizations(forge: Forge) -> None:
    user = forge.new_user()
    create = "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { login } } }"
    writer = forge.token_for(user, ["repo:write"])
    assert forge.gql_error(create, {"l": unique("o")}, token=writer).codes == ["FORBIDDEN"]
    admin = forge.token_for(user, ["admin"])
    login = unique("o")
    assert forge.gql(create, {"l": login}, token=admin)["createOrganization"]["organization"] == {
        "login": login
    }


def test_token_without_scopes_named_inherits_the_callers(forge: Forge) -> None:
    user = forge.new_user()
    data = forge.gql(CREATE, {"i": {"name": "all"}}, token=user.token)["createAccessToken"]
    assert (
        "repo:write" in data["accessToken"]["scopes"] and "admin" in data["accessToken"]["scopes"]
    )
    # Minting needs the managing scope 'admin' (issue 14), which the child inherits too.
    narrow = forge.token_for(user, ["repo:read", "admin"])
    inherited = forge.gql(CREATE, {"i": {"name": "inherit"}}, token=narrow)["createAccessToken"]
    assert inherited["accessToken"]["scopes"] == ["repo:read", "admin"]
    empty = forge.gql(CREATE, {"i": {"name": "none", "scopes": []}}, token=user.token)
    assert empty["createAccessToken"]["accessToken"]["scopes"] == []
