"""Repository secrets through GraphQL and Kod: who may, and the value never coming back."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.backends import dump, sql
from tests.ci.ci_helpers import add_collaborator, owner_name
from tests.forge import Forge, User
from tests.rest.test_kod_conformance import kod

SET = """mutation($i: SetRepositorySecretInput!) { setRepositorySecret(input: $i) { name } }"""
DELETE = (
    """mutation($i: DeleteRepositorySecretInput!) { deleteRepositorySecret(input: $i) { name } }"""
)
LIST = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  secrets { name createdAt updatedAt } } }"""


def _set(forge: Forge, token: str | None, repo: dict[str, Any], name: str, value: str) -> Any:
    return forge.raw(SET, {"i": {"repositoryId": repo["id"], "name": name, "value": value}}, token)


def _list(forge: Forge, token: str | None, repo: dict[str, Any]) -> Any:
    owner, name = owner_name(repo)
    return forge.raw(LIST, {"o": owner, "n": name}, token)


def _code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0]["extensions"]["code"] if errors else None


def test_owner_can_set_list_replace_and_delete_secrets(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("sec")
    repo = forge.new_repo(owner)
    value = f"s3cr3t-{uuid.uuid4().hex}"
    assert _set(forge, owner.token, repo, "DEPLOY_TOKEN", value)["data"] == {
        "setRepositorySecret": {"name": "DEPLOY_TOKEN"}
    }
    listed = _list(forge, owner.token, repo)
    (secret,) = listed["data"]["repository"]["secrets"]
    assert secret["name"] == "DEPLOY_TOKEN"
    created = secret["createdAt"]
    replaced = _set(forge, owner.token, repo, "DEPLOY_TOKEN", value + "-2")
    assert replaced["data"]["setRepositorySecret"]["name"] == "DEPLOY_TOKEN"
    (again,) = _list(forge, owner.token, repo)["data"]["repository"]["secrets"]
    assert again["createdAt"] == created and again["updatedAt"] >= created
    _set(forge, owner.token, repo, "_A1", "x")
    names = [s["name"] for s in _list(forge, owner.token, repo)["data"]["repository"]["secrets"]]
    assert names == ["DEPLOY_TOKEN", "_A1"]
    for bad in ("1ABC", "A-B", "", "A B", "é"):
        body = _set(forge, owner.token, repo, bad, "v")
        assert _code(body) == "BAD_USER_INPUT", bad
    gone = forge.raw(DELETE, {"i": {"repositoryId": repo["id"], "name": "_A1"}}, owner.token)
    assert gone["data"] == {"deleteRepositorySecret": {"name": "_A1"}}
    missing = forge.raw(DELETE, {"i": {"repositoryId": repo["id"], "name": "_A1"}}, owner.token)
    assert _code(missing) == "NOT_FOUND"


@pytest.mark.parametrize("private", [False, True])
def test_who_can_manage_secrets(forge: Forge, private: bool) -> None:
    owner = forge.new_user("sow")
    repo = forge.new_repo(owner, private=private)
    reader, writer, outsider = (forge.new_user(p) for p in ("srd", "swr", "sout"))
    add_collaborator(forge, owner, repo, reader.login, "READ")
    add_collaborator(forge, owner, repo, writer.login, "WRITE")
    admin_collaborator = forge.new_user("sadm")
    add_collaborator(forge, owner, repo, admin_collaborator.login, "ADMIN")
    hidden = "NOT_FOUND" if private else None
    cases: list[tuple[str | None, str | None, str | None]] = [
        # token, code for reading, code for writing
        (None, hidden or "UNAUTHENTICATED", hidden or "UNAUTHENTICATED"),
        (outsider.token, hidden or "FORBIDDEN", hidden or "FORBIDDEN"),
        (reader.token, "FORBIDDEN", "FORBIDDEN"),
        (writer.token, "FORBIDDEN", "FORBIDDEN"),
        (forge.token_for(owner, ["repo:read", "repo:write"]), "FORBIDDEN", "FORBIDDEN"),
        (forge.token_for(owner, ["repo:read", "secrets:read"]), None, "FORBIDDEN"),
        (forge.token_for(owner, ["repo:read", "secrets:write"]), None, None),
        (forge.token_for(owner, ["repo:read", "admin"]), None, None),
        (owner.token, None, None),
        (admin_collaborator.token, None, None),
        (forge.admin.token, None, None),
    ]
    for index, (token, read_code, write_code) in enumerate(cases):
        listed = _list(forge, token, repo)
        if read_code == "NOT_FOUND":
            assert listed["data"]["repository"] is None, index
        else:
            assert _code(listed) == read_code, (index, listed)
        assert _code(_set(forge, token, repo, f"S{index}", "v")) == write_code, index
        body = forge.raw(DELETE, {"i": {"repositoryId": repo["id"], "name": f"S{index}"}}, token)
        assert _code(body) == write_code, index


def _kod_repo(forge: Forge, user: User) -> tuple[str, str]:
    token = forge.token_for(user, ["repo:read", "repo:write", "secrets:read", "secrets:write"])
    name = f"k{uuid.uuid4().hex[:8]}"
    with kod(forge, token) as api:
        assert api.post("/repos", json={"name": name}).status_code == 201
    return token, name


def test_kod_secrets_routes_and_permissions(forge: Forge) -> None:
    owner = forge.new_user("ks")
    token, name = _kod_repo(forge, owner)
    value = f"kod-{uuid.uuid4().hex}"
    with kod(forge, token) as api:
        saved = api.put(f"/repos/{name}/secrets/DEPLOY_TOKEN", json={"value": value})
        assert saved.status_code == 200, saved.text
        assert saved.json() == {"name": "DEPLOY_TOKEN", "repoName": name, "message": "Secret saved"}
        listed = api.get(f"/repos/{name}/secrets")
        assert listed.status_code == 200
        (secret,) = listed.json()
        assert set(secret) == {"name", "repoName", "createdAt", "updatedAt"}
        assert secret["name"] == "DEPLOY_TOKEN" and secret["repoName"] == name
        assert isinstance(secret["createdAt"], int) and secret["updatedAt"] >= secret["createdAt"]
        assert value not in saved.text + listed.text
        bad = api.put(f"/repos/{name}/secrets/9BAD", json={"value": "v"})
        assert bad.status_code == 400 and "environment variable" in bad.json()["error"]
        assert api.put(f"/repos/{name}/secrets/X", json={}).status_code == 400
        assert api.delete(f"/repos/{name}/secrets/DEPLOY_TOKEN").status_code == 204
        assert api.delete(f"/repos/{name}/secrets/DEPLOY_TOKEN").status_code == 404
        assert api.get(f"/repos/{name}/secrets").json() == []
    with kod(forge) as anonymous:
        assert anonymous.get(f"/repos/{name}/secrets").status_code == 401
    read_only = forge.token_for(owner, ["repo:read", "secrets:read"])
    with kod(forge, read_only) as api:
        assert api.get(f"/repos/{name}/secrets").status_code == 200
        assert api.put(f"/repos/{name}/secrets/A", json={"value": "v"}).status_code == 403
        assert api.delete(f"/repos/{name}/secrets/A").status_code == 403
    no_secrets = forge.token_for(owner, ["repo:read", "repo:write"])
    with kod(forge, no_secrets) as api:
        assert api.get(f"/repos/{name}/secrets").status_code == 403
    admin_scope = forge.token_for(owner, ["repo:read", "admin"])
    with kod(forge, admin_scope) as api:
        assert api.put(f"/repos/{name}/secrets/B", json={"value": "v"}).status_code == 200
        assert [s["name"] for s in api.get(f"/repos/{name}/secrets").json()] == ["B"]
    outsider = forge.new_user("kso")
    outsider_token = forge.token_for(outsider, ["repo:read", "secrets:read", "secrets:write"])
    with kod(forge, outsider_token) as api:
        # Kod repositories are private: another account's name does not exist for it.
        assert api.get(f"/repos/{name}/secrets").status_code == 404
        assert api.put(f"/repos/{name}/secrets/C", json={"value": "v"}).status_code == 404


def test_secret_values_are_never_stored_logged_or_returned_in_clear(forge: Forge) -> None:
    owner = forge.new_user("sv")
    repo = forge.new_repo(owner, private=True)
    value = f"CLEAR-{uuid.uuid4().hex}"
    answer = forge.post_graphql(
        SET, {"i": {"repositoryId": repo["id"], "name": "TOKEN", "value": value}}, owner.token
    )
    assert answer.status_code == 200 and value not in answer.text
    assert (
        value
        not in forge.post_graphql(
            LIST, dict(zip(("o", "n"), owner_name(repo), strict=True)), owner.token
        ).text
    )
    rows = sql(forge, "SELECT value FROM ci_secret WHERE name = 'TOKEN'")
    assert rows and all(value not in str(row[0]) for row in rows)
    assert all(str(row[0]).startswith("v1.") for row in rows)
    assert value.encode() not in dump(forge)
    assert value not in forge.log_path.read_text(errors="replace")
