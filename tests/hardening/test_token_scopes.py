"""Issue 14, class 7: managing tokens needs a scope that says so, and a token never
lists, revokes or mints a token wider than itself, on GraphQL and every dialect.

The managing scope is the canonical 'admin' on GraphQL, Gogs/Gitea and Kod, and the
dialect's documented one where it has one: Isurus' token routes are 'Scope: read'
(seeds/isurus-api.txt), so there an Isurus 'read' token manages tokens no wider than
itself (app/auth/scopes.py TOKEN_MANAGEMENT).

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
from tests.rest.isurus import TOKEN_FIELDS
from tests.rest.rest import assert_types

LIST = "{ viewer { accessTokens { databaseId scopes } } }"
LIST_IN = """query($d: String) { viewer { accessTokens(scopeDialect: $d) {
  databaseId scopes } } }"""
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
# Isurus' read scope in canonical names (app/auth/scopes.py).
ISURUS_READ = ["repo:read", "collaborator:read", "workflow:read", "webhook:read"]

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
    # Naming a dialect does not help: none of these holds Isurus' read set or admin.
    for header, dialect in (
        ("Bearer", None),
        ("token", None),
        ("Bearer", "isurus"),
        ("Bearer", "gogs"),
        ("Bearer", "nonsense"),
    ):
        auth = {"Authorization": f"{header} {narrow}"}
        body = {"query": LIST_IN, "variables": {"d": dialect}}
        listed = forge.client.post(f"{forge.url}/graphql", json=body, headers=auth)
        assert listed.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert listed.json()["data"] == {"viewer": None}
        body = {"query": REVOKE, "variables": {"i": {"id": full_id, "scopeDialect": dialect}}}
        revoked = forge.client.post(f"{forge.url}/graphql", json=body, headers=auth)
        assert revoked.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        wanted = {"name": "child", "scopes": scopes, "scopeDialect": dialect}
        child = {"query": CREATE, "variables": {"i": wanted}}
        minted = forge.client.post(f"{forge.url}/graphql", json=child, headers=auth)
        assert minted.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        inherit = {"query": CREATE, "variables": {"i": {"name": "child", "scopeDialect": dialect}}}
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


def _isurus_token(forge: Forge, user: User, scopes: list[str]) -> dict[str, Any]:
    """A token minted through Isurus' own route with the session: the created object."""
    minted = forge.client.post(
        f"{forge.url}/isurus/api/v1/user/tokens",
        json={"name": "t", "scopes": scopes},
        headers={"Authorization": f"Bearer {user.token}"},
    )
    assert minted.status_code == 201, minted.text
    created: dict[str, Any] = minted.json()["data"]
    return created


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_isurus_read_manages_tokens_as_documented(forge: Forge, transport: str) -> None:
    """The seed: GET /user, GET/POST /user/tokens and DELETE /user/tokens/:id are
    'Scope: read'. A read token manages tokens, but only those within its own scopes."""
    user, full, _, full_number = _victim(forge, "tkisr")
    base = f"{forge.url}/isurus/api/v1"
    reader = _isurus_token(forge, user, ["read"])
    writer = _isurus_token(forge, user, ["write"])
    narrower = forge.token_for(user, ["repo:read"])
    narrower_number = _ids(forge, narrower)[1]
    read = TRANSPORTS[transport](reader["token"])

    assert forge.client.get(f"{base}/user", **read).status_code == 200
    # Lists itself and the narrower token; neither the write token nor the full one.
    listed = forge.client.get(f"{base}/user/tokens", **read)
    assert listed.status_code == 200, listed.text
    shown = {t["id"]: t for t in listed.json()["data"]}
    assert set(shown) == {reader["id"], narrower_number}
    for item in shown.values():
        assert_types(item, TOKEN_FIELDS)
        assert "token" not in item
    assert shown[reader["id"]]["scopes"] == ["read"]

    # Mints within itself only: write (wider) is refused, read is the documented 201.
    wider = forge.client.post(
        f"{base}/user/tokens", json={"name": "w", "scopes": ["write"]}, **read
    )
    assert wider.status_code == 403
    assert wider.json()["error"]["code"] == "forbidden"
    for scopes in (["secrets:read"], ["admin"], ["read", "write"]):
        refused = forge.client.post(
            f"{base}/user/tokens", json={"name": "w", "scopes": scopes}, **read
        )
        assert refused.status_code == 403, (scopes, refused.text)
    child = forge.client.post(
        f"{base}/user/tokens",
        json={"name": "CI Pipeline", "scopes": ["read"], "expires_at": "2036-12-31T23:59:59Z"},
        **read,
    )
    assert child.status_code == 201, child.text
    created = child.json()["data"]
    assert_types(created, {**TOKEN_FIELDS, "token": str})
    assert created["name"] == "CI Pipeline" and created["scopes"] == ["read"]
    assert created["expires_at"].startswith("2036-12-31T23:59:59")
    assert created["token_last_eight"] == created["token"][-8:]
    assert _alive(forge, created["token"])
    inherit = forge.client.post(f"{base}/user/tokens", json={"name": "same"}, **read)
    assert inherit.status_code == 201 and inherit.json()["data"]["scopes"] == ["read"]

    # Revokes within itself only: the wider ones do not exist for it (404).
    for wide in (full_number, writer["id"]):
        gone = forge.client.delete(f"{base}/user/tokens/{wide}", **read)
        assert gone.status_code == 404, gone.text
        assert gone.json()["error"]["code"] == "not_found"
    assert _alive(forge, full) and _alive(forge, writer["token"])
    revoked = forge.client.delete(f"{base}/user/tokens/{created['id']}", **read)
    assert revoked.status_code == 204 and revoked.content == b""
    assert not _alive(forge, created["token"])
    assert forge.client.delete(f"{base}/user/tokens/{narrower_number}", **read).status_code == 204
    assert not _alive(forge, narrower)
    # And itself, last.
    assert forge.client.delete(f"{base}/user/tokens/{reader['id']}", **read).status_code == 204
    assert not _alive(forge, reader["token"])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_isurus_scopes_as_documented(forge: Forge, transport: str) -> None:
    user, full, _, full_number = _victim(forge, "tkisd")
    base = f"{forge.url}/isurus/api/v1"
    # Canonical admin without Isurus' read: the documented read scope is required.
    admin_only = TRANSPORTS[transport](forge.token_for(user, ["admin"]))
    assert forge.client.get(f"{base}/user", **admin_only).status_code == 403
    assert forge.client.get(f"{base}/user/tokens", **admin_only).status_code == 403
    assert forge.client.delete(f"{base}/user/tokens/{full_number}", **admin_only).status_code == 403
    # Part of Isurus' read is not read: each of its canonical scopes alone is refused.
    for scope in ISURUS_READ:
        part = TRANSPORTS[transport](forge.token_for(user, [scope]))
        assert forge.client.get(f"{base}/user/tokens", **part).status_code == 403
        assert (
            forge.client.post(f"{base}/user/tokens", json={"name": "c"}, **part).status_code == 403
        )
    # Isurus admin manages tokens no wider than itself: not the full one (secrets, ...).
    admin = TRANSPORTS[transport](_isurus_token(forge, user, ["admin"])["token"])
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


def test_isurus_read_manages_tokens_only_through_isurus(forge: Forge) -> None:
    """Isurus' read is its own routes' managing scope; GraphQL, Gogs and Kod keep admin."""
    user, full, full_id, _ = _victim(forge, "tkiso")
    reader = forge.token_for(user, ["read"], scopeDialect="isurus")
    reader_number = _ids(forge, reader)[1]
    child = forge.token_for(user, ISURUS_READ)
    child_id, child_number = _ids(forge, child)
    # GraphQL without a dialect: canonical admin, which it lacks.
    assert forge.gql_error(LIST, token=reader).codes == ["FORBIDDEN"]
    assert forge.gql_error(REVOKE, {"i": {"id": child_id}}, token=reader).codes == ["FORBIDDEN"]
    mint = {"name": "c", "scopes": ISURUS_READ}
    assert forge.gql_error(CREATE, {"i": mint}, token=reader).codes == ["FORBIDDEN"]
    # The Gogs/Gitea and Kod routes: admin too.
    bearer = {"headers": {"Authorization": f"token {reader}"}}
    gogs = f"{forge.url}/api/v1/users/{user.login}/tokens"
    assert forge.client.get(gogs, **bearer).status_code == 403
    assert forge.client.post(gogs, json={"name": "c"}, **bearer).status_code == 403
    assert forge.client.get(f"{forge.url}/kod/tokens", **bearer).status_code == 403
    assert (
        forge.client.post(f"{forge.url}/kod/tokens", json={"name": "c"}, **bearer).status_code
        == 403
    )
    gone = forge.client.delete(f"{forge.url}/kod/tokens/{child_number}", **bearer)
    assert gone.status_code == 403
    assert _alive(forge, child)
    # What the Isurus routes run: the same operations naming the dialect, within itself.
    listed = forge.gql(LIST_IN, {"d": "isurus"}, token=reader)["viewer"]["accessTokens"]
    assert {t["databaseId"] for t in listed} == {reader_number, child_number}
    error = forge.gql_error(REVOKE, {"i": {"id": full_id, "scopeDialect": "isurus"}}, token=reader)
    assert error.codes == ["NOT_FOUND"]
    forge.gql(REVOKE, {"i": {"id": child_id, "scopeDialect": "isurus"}}, token=reader)
    assert not _alive(forge, child) and _alive(forge, full)


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
