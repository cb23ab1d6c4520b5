"""Issue 14, class 7: managing tokens needs a scope that says so ('admin'), and a token
never lists, revokes or mints a token wider than itself, on GraphQL and every dialect.

The attacks as found: a ``repo:read`` token revoked the user's full-scope tokens; a
``webhook:read`` token listed them all; a ``secrets:read`` token revoked a full-scope
token through Isurus' ``DELETE /user/tokens/:id`` and minted a child; Isurus' ``/user``
and ``/user/tokens`` skipped their documented ``read`` scope. Each is tried with the
token sent every way a REST route accepts one: ``token``, ``Bearer``, ``?token=`` and
as the Basic password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.forge import Forge, User

LIST = "{ viewer { accessTokens { databaseId scopes } } }"
CREATE = """mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) {
  token accessToken { databaseId scopes } } }"""
REVOKE = """mutation($i: RevokeAccessTokenInput!) { revokeAccessToken(input: $i) {
  accessToken { revokedAt } } }"""
ID = "{ currentAccessToken { id databaseId } }"
ALIVE = "{ viewer { login } }"

FULL = [
    "repo:read",
    "repo:write",
    "repo:delete",
    "collaborator:read",
    "collaborator:write",
    "workflow:read",
    "workflow:trigger",
    "secrets:read",
    "secrets:write",
    "webhook:read",
    "webhook:write",
    "admin",
]
NARROW = [["repo:read"], ["webhook:read"], ["secrets:read"], ["repo:write", "webhook:write"]]

# Every way a REST request carries a token: (headers, query parameters, Basic auth).
Send = Callable[[str], dict[str, Any]]
TRANSPORTS: dict[str, Send] = {
    "token": lambda t: {"headers": {"Authorization": f"token {t}"}},
    "bearer": lambda t: {"headers": {"Authorization": f"Bearer {t}"}},
    "query": lambda t: {"params": {"token": t}},
    "basic": lambda t: {"auth": ("git", t)},
}


def _ids(forge: Forge, token: str) -> tuple[str, int]:
    found = forge.gql(ID, token=token)["currentAccessToken"]
    return found["id"], found["databaseId"]


def _alive(forge: Forge, token: str) -> bool:
    return forge.post_graphql(ALIVE, token=token).status_code == 200


def _victim(forge: Forge, prefix: str) -> tuple[User, str, str, int]:
    """A user, a full-scope token of theirs, its global id and its number."""
    user = forge.new_user(prefix)
    full = forge.token_for(user, FULL)
    global_id, number = _ids(forge, full)
    return user, full, global_id, number


@pytest.mark.parametrize("scopes", NARROW, ids=lambda s: "+".join(s))
def test_narrow_token_cannot_manage_tokens_through_graphql(forge: Forge, scopes: list[str]) -> None:
    user, full, full_id, _ = _victim(forge, "tkgql")
    narrow = forge.token_for(user, scopes)
    for header in ("Bearer", "token"):
        auth = {"Authorization": f"{header} {narrow}"}
        listed = forge.client.post(f"{forge.url}/graphql", json={"query": LIST}, headers=auth)
        assert listed.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert listed.json()["data"] == {"viewer": None}
        body = {"query": REVOKE, "variables": {"i": {"id": full_id}}}
        revoked = forge.client.post(f"{forge.url}/graphql", json=body, headers=auth)
        assert revoked.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        child = {"query": CREATE, "variables": {"i": {"name": "child", "scopes": scopes}}}
        minted = forge.client.post(f"{forge.url}/graphql", json=child, headers=auth)
        assert minted.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        inherit = {"query": CREATE, "variables": {"i": {"name": "child"}}}
        minted = forge.client.post(f"{forge.url}/graphql", json=inherit, headers=auth)
        assert minted.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert _alive(forge, full)
    # Only the session (or the full token) sees that nothing was minted.
    names = forge.gql(LIST, token=user.token)["viewer"]["accessTokens"]
    assert len(names) == 2


def test_token_may_always_revoke_itself(forge: Forge) -> None:
    user = forge.new_user("tkself")
    narrow = forge.token_for(user, ["repo:read"])
    own_id, _ = _ids(forge, narrow)
    forge.gql(REVOKE, {"i": {"id": own_id}}, token=narrow)
    assert not _alive(forge, narrow)
    other = forge.token_for(user, ["webhook:read"])
    forge.gql("mutation { signOut { signedOut } }", token=other)
    assert not _alive(forge, other)


def test_managing_token_sees_and_revokes_only_what_is_no_wider(forge: Forge) -> None:
    user, full, full_id, full_number = _victim(forge, "tkwide")
    manager = forge.token_for(user, ["admin", "repo:read"])
    reader = forge.token_for(user, ["repo:read"])
    reader_id, reader_number = _ids(forge, reader)
    manager_number = _ids(forge, manager)[1]
    listed = {t["databaseId"] for t in forge.gql(LIST, token=manager)["viewer"]["accessTokens"]}
    assert listed == {manager_number, reader_number}
    assert full_number not in listed
    # The wider token does not exist for it; the narrower one it may revoke.
    error = forge.gql_error(REVOKE, {"i": {"id": full_id}}, token=manager)
    assert error.codes == ["NOT_FOUND"]
    assert _alive(forge, full)
    forge.gql(REVOKE, {"i": {"id": reader_id}}, token=manager)
    assert not _alive(forge, reader)
    # It mints within itself only.
    wide = {"name": "wide", "scopes": ["repo:write"]}
    assert forge.gql_error(CREATE, {"i": wide}, token=manager).codes == ["FORBIDDEN"]
    child = forge.gql(CREATE, {"i": {"name": "child", "scopes": ["repo:read"]}}, token=manager)
    assert child["createAccessToken"]["accessToken"]["scopes"] == ["repo:read"]
    # The session (every scope) sees and may revoke everything.
    everything = forge.gql(LIST, token=user.token)["viewer"]["accessTokens"]
    assert full_number in {t["databaseId"] for t in everything}
    forge.gql(REVOKE, {"i": {"id": full_id}}, token=user.token)
    assert not _alive(forge, full)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("scopes", NARROW, ids=lambda s: "+".join(s))
def test_narrow_token_cannot_manage_tokens_through_gogs(
    forge: Forge, transport: str, scopes: list[str]
) -> None:
    user, full, _, _ = _victim(forge, "tkgogs")
    narrow = forge.token_for(user, scopes)
    send = TRANSPORTS[transport](narrow)
    tokens = f"{forge.url}/api/v1/users/{user.login}/tokens"
    assert forge.client.get(tokens, **send).status_code == 403
    minted = forge.client.post(tokens, json={"name": "child", "scopes": ["repo"]}, **send)
    assert minted.status_code == 403
    assert forge.client.post(tokens, json={"name": "child"}, **send).status_code == 403
    # Gogs' own way still works: Basic with the password.
    listed = forge.client.get(tokens, auth=(user.login, user.password))
    assert listed.status_code == 200 and len(listed.json()) == 2
    assert _alive(forge, full)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_secrets_read_token_cannot_revoke_or_mint_through_isurus(
    forge: Forge, transport: str
) -> None:
    """The exact attack: a secrets:read token revoking a full token and minting a child."""
    user, full, _, full_number = _victim(forge, "tkisu")
    narrow = forge.token_for(user, ["secrets:read"])
    send = TRANSPORTS[transport](narrow)
    base = f"{forge.url}/isurus/api/v1"
    revoked = forge.client.delete(f"{base}/user/tokens/{full_number}", **send)
    assert revoked.status_code == 403
    assert revoked.json()["error"]["code"] == "forbidden"
    assert _alive(forge, full)
    minted = forge.client.post(f"{base}/user/tokens", json={"name": "child"}, **send)
    assert minted.status_code == 403
    minted = forge.client.post(
        f"{base}/user/tokens", json={"name": "child", "scopes": ["secrets:read"]}, **send
    )
    assert minted.status_code == 403
    assert forge.client.get(f"{base}/user/tokens", **send).status_code == 403
    # /user needs Isurus' documented read scope too.
    assert forge.client.get(f"{base}/user", **send).status_code == 403
    assert len(forge.gql(LIST, token=user.token)["viewer"]["accessTokens"]) == 2


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_isurus_scopes_as_documented(forge: Forge, transport: str) -> None:
    user, full, _, full_number = _victim(forge, "tkisd")
    base = f"{forge.url}/isurus/api/v1"

    def isurus_token(scopes: list[str]) -> str:
        minted = forge.client.post(
            f"{base}/user/tokens",
            json={"name": "t", "scopes": scopes},
            headers={"Authorization": f"Bearer {user.token}"},
        )
        assert minted.status_code == 201, minted.text
        secret: str = minted.json()["data"]["token"]
        return secret

    read = TRANSPORTS[transport](isurus_token(["read"]))
    assert forge.client.get(f"{base}/user", **read).status_code == 200
    # 'read' is not a scope that manages tokens: Ingot needs 'admin' for that everywhere.
    assert forge.client.get(f"{base}/user/tokens", **read).status_code == 403
    assert forge.client.delete(f"{base}/user/tokens/{full_number}", **read).status_code == 403
    # Canonical admin without Isurus' read: the documented read scope is still required.
    admin_only = TRANSPORTS[transport](forge.token_for(user, ["admin"]))
    assert forge.client.get(f"{base}/user", **admin_only).status_code == 403
    assert forge.client.get(f"{base}/user/tokens", **admin_only).status_code == 403
    # Isurus admin manages tokens no wider than itself: not the full one (secrets, ...).
    admin = TRANSPORTS[transport](isurus_token(["admin"]))
    listed = forge.client.get(f"{base}/user/tokens", **admin)
    assert listed.status_code == 200
    assert full_number not in {t["id"] for t in listed.json()["data"]}
    assert forge.client.delete(f"{base}/user/tokens/{full_number}", **admin).status_code == 404
    assert _alive(forge, full)
    child = forge.client.post(
        f"{base}/user/tokens", json={"name": "c", "scopes": ["read"]}, **admin
    )
    assert child.status_code == 201
    assert child.json()["data"]["scopes"] == ["read"]
    wider = forge.client.post(
        f"{base}/user/tokens", json={"name": "c", "scopes": ["secrets:read"]}, **admin
    )
    assert wider.status_code == 403


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_kod_token_routes_need_admin_and_stay_within(forge: Forge, transport: str) -> None:
    user, full, _, full_number = _victim(forge, "tkkod")
    base = f"{forge.url}/kod"
    for scopes in NARROW:
        narrow = TRANSPORTS[transport](forge.token_for(user, scopes))
        assert forge.client.get(f"{base}/tokens", **narrow).status_code == 403
        assert forge.client.delete(f"{base}/tokens/{full_number}", **narrow).status_code == 403
        assert forge.client.post(f"{base}/tokens", json={"name": "c"}, **narrow).status_code == 403
    manager = TRANSPORTS[transport](forge.token_for(user, ["admin", "repo:read"]))
    listed = forge.client.get(f"{base}/tokens", **manager)
    assert listed.status_code == 200
    assert str(full_number) not in {t["id"] for t in listed.json()}
    assert forge.client.delete(f"{base}/tokens/{full_number}", **manager).status_code == 404
    # Kod's default permissions (repo:read, repo:write) are wider than this token.
    assert forge.client.post(f"{base}/tokens", json={"name": "c"}, **manager).status_code == 403
    assert _alive(forge, full)


def test_anonymous_caller_manages_nothing(forge: Forge) -> None:
    anonymous = httpx.Client(base_url=forge.url, timeout=60)
    with anonymous:
        assert anonymous.get("/isurus/api/v1/user/tokens").status_code == 401
        assert anonymous.get("/isurus/api/v1/user").status_code == 401
        assert anonymous.get("/kod/tokens").status_code == 401
        assert anonymous.post("/isurus/api/v1/user/tokens", json={"name": "x"}).status_code == 401
