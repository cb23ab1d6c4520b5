"""Gogs' key routes (``specs/gogs-openapi.json``): public keys and deploy keys, on a live server.

Keys are made by the real ``ssh-keygen``; fingerprints are compared with what
``ssh-keygen -lf`` prints. Errors are Gogs' ``{"message", "url"}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.conftest import free_port, start_server
from tests.forge import Forge, User
from tests.rest.rest import RFC3339, assert_types, client
from tests.ssh.keys import KeyPair, make_key

PUBLIC_KEY = {
    "id": int,
    "key": str,
    "url": str,
    "title": str,
    "fingerprint": str,
    "created_at": str,
}
DEPLOY_KEY = {**PUBLIC_KEY, "read_only": bool}


def _refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert isinstance(body["message"], str) and body["message"], body
    assert body["url"] == response.request.url.path, body
    return body


def _check_public_key(forge: Forge, found: dict[str, Any], pair: KeyPair, title: str) -> None:
    assert_types(found, PUBLIC_KEY)
    assert set(found) == set(PUBLIC_KEY)
    assert found["key"] == pair.type_and_base64
    assert found["title"] == title
    assert found["fingerprint"] == pair.fingerprint
    assert found["url"] == f"{forge.url}/api/v1/user/keys/{found['id']}"
    assert RFC3339.match(found["created_at"]), found


def _add(forge: Forge, token: str, pair: KeyPair, title: str = "laptop") -> dict[str, Any]:
    with client(forge, token=token) as api:
        response = api.post("/user/keys", json={"title": title, "key": pair.public_text})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_owner_can_add_list_get_and_delete_public_keys(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("gk")
    ed25519, rsa = make_key(tmp_path, "ed25519"), make_key(tmp_path, "rsa", 3072)
    ecdsa = make_key(tmp_path, "ecdsa")
    first = _add(forge, user.token, ed25519, "laptop")
    _check_public_key(forge, first, ed25519, "laptop")
    second = _add(forge, user.token, rsa, "desktop")
    _check_public_key(forge, second, rsa, "desktop")
    third = _add(forge, user.token, ecdsa, "phone")
    _check_public_key(forge, third, ecdsa, "phone")
    with client(forge, token=user.token) as api:
        listed = api.get("/user/keys")
        assert listed.status_code == 200, listed.text
        assert listed.json() == [first, second, third]
        assert listed.headers["X-Total-Count"] == "3"
        page = api.get("/user/keys", params={"limit": 2, "page": 2})
        assert page.json() == [third]
        assert api.get("/user/keys", params={"page": 9}).json() == []
        assert api.get(f"/user/keys/{second['id']}").json() == second
        assert api.delete(f"/user/keys/{second['id']}").status_code == 204
        _refused(api.get(f"/user/keys/{second['id']}"), 404)
        _refused(api.delete(f"/user/keys/{second['id']}"), 404)
        assert api.get("/user/keys").json() == [first, third]
        for hostile in ("0", "-1", "abc", "99999999999999999999999"):
            _refused(api.get(f"/user/keys/{hostile}"), 404)
    with client(forge) as anonymous:
        public = anonymous.get(f"/users/{user.login}/keys")
        assert public.status_code == 200 and public.json() == [first, third]
        _refused(anonymous.get("/users/nobody-by-this-name/keys"), 404)


def test_anonymous_cannot_list_add_or_delete_own_keys(forge: Forge, tmp_path: Path) -> None:
    pair = make_key(tmp_path)
    with client(forge) as anonymous:
        _refused(anonymous.get("/user/keys"), 401)
        _refused(anonymous.get("/user/keys/1"), 401)
        _refused(anonymous.post("/user/keys", json={"title": "x", "key": pair.public_text}), 401)
        _refused(anonymous.delete("/user/keys/1"), 401)
        _refused(
            anonymous.post("/admin/users/admin/keys", json={"title": "x", "key": pair.public_text}),
            401,
        )


def test_under_scoped_token_cannot_add_or_delete_a_key(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("gks")
    reader = forge.token_for(user, ["repo:read"])
    key = _add(forge, user.token, make_key(tmp_path))
    with client(forge, token=reader) as api:
        body = {"title": "x", "key": make_key(tmp_path).public_text}
        _refused(api.post("/user/keys", json=body), 403)
        _refused(api.delete(f"/user/keys/{key['id']}"), 403)
        assert api.get("/user/keys").json() == [key]


def test_outsider_cannot_get_or_delete_anothers_key(forge: Forge, tmp_path: Path) -> None:
    owner, outsider = forge.new_user("gko"), forge.new_user("gkx")
    key = _add(forge, owner.token, make_key(tmp_path))
    with client(forge, token=outsider.token) as api:
        _refused(api.get(f"/user/keys/{key['id']}"), 404)
        _refused(api.delete(f"/user/keys/{key['id']}"), 404)
        assert api.get("/user/keys").json() == []
    # /user/keys/{id} is the caller's own keys, a site administrator's too.
    with client(forge, token=forge.admin.token) as api:
        _refused(api.delete(f"/user/keys/{key['id']}"), 404)
    with client(forge, token=owner.token) as api:
        assert api.get("/user/keys").json() == [key]


def test_site_admin_can_add_a_key_for_a_user(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("gka")
    pair = make_key(tmp_path)
    body = {"title": "provisioned", "key": pair.public_text}
    with client(forge, token=user.token) as api:
        _refused(api.post(f"/admin/users/{user.login}/keys", json=body), 403)
    with client(forge, token=forge.admin.token) as api:
        _refused(api.post("/admin/users/nobody-by-this-name/keys", json=body), 404)
        created = api.post(f"/admin/users/{user.login}/keys", json=body)
        assert created.status_code == 201, created.text
        _check_public_key(forge, created.json(), pair, "provisioned")
        assert api.get("/user/keys").json() == []
    with client(forge, token=user.token) as api:
        assert api.get("/user/keys").json() == [created.json()]


def test_bad_and_duplicate_keys_are_422(forge: Forge, tmp_path: Path) -> None:
    user, other = forge.new_user("gkb"), forge.new_user("gkc")
    repo = forge.new_repo(other)
    pair = make_key(tmp_path)
    bad = {
        "malformed": "ssh-ed25519 not-base64!!",
        "garbage": "hello",
        "dsa": make_key(tmp_path, "dsa").public_text,
        "short rsa": make_key(tmp_path, "rsa", 1024).public_text,
        "private half": make_key(tmp_path).private.read_text(),
        "two keys": f"{make_key(tmp_path).public_text}\n{make_key(tmp_path).public_text}",
        "too long": "ssh-ed25519 " + "A" * 100_000,
        "no type": make_key(tmp_path).public_text.split()[1],
    }
    with client(forge, token=user.token) as api:
        for what, text in bad.items():
            refused = _refused(api.post("/user/keys", json={"title": what, "key": text}), 422)
            assert refused.get("field") == "key", (what, refused)
        _refused(api.post("/user/keys", json={"title": "no key"}), 422)
        _refused(api.post("/user/keys", json={"key": pair.public_text}), 422)
        _refused(api.post("/user/keys", json={"title": 7, "key": pair.public_text}), 422)
        _refused(
            api.post("/user/keys", content=b"{", headers={"Content-Type": "application/json"}), 400
        )
        assert api.get("/user/keys").json() == []
        _add(forge, user.token, pair)
        # Once across the server: the same key again, by anyone, as any kind of key.
        _refused(api.post("/user/keys", json={"title": "again", "key": pair.public_text}), 422)
    with client(forge, token=other.token) as api:
        _refused(api.post("/user/keys", json={"title": "mine", "key": pair.public_text}), 422)
        full = repo["nameWithOwner"]
        _refused(api.post(f"/repos/{full}/keys", json={"title": "d", "key": pair.public_text}), 422)
        deploy = make_key(tmp_path)
        assert (
            api.post(
                f"/repos/{full}/keys", json={"title": "d", "key": deploy.public_text}
            ).status_code
            == 201
        )
        _refused(api.post("/user/keys", json={"title": "acct", "key": deploy.public_text}), 422)


# --- deploy keys -----------------------------------------------------------


def _check_deploy_key(
    forge: Forge, found: dict[str, Any], pair: KeyPair, full: str, title: str, read_only: bool
) -> None:
    assert_types(found, DEPLOY_KEY)
    assert set(found) == set(DEPLOY_KEY)
    assert found["key"] == pair.type_and_base64
    assert found["title"] == title
    assert found["fingerprint"] == pair.fingerprint
    assert found["read_only"] is read_only
    assert found["url"] == f"{forge.url}/api/v1/repos/{full}/keys/{found['id']}"
    assert RFC3339.match(found["created_at"]), found


def test_repository_admin_can_manage_deploy_keys(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("gdo")
    full = forge.new_repo(owner)["nameWithOwner"]
    reader_pair, writer_pair = make_key(tmp_path), make_key(tmp_path, "rsa", 2048)
    with client(forge, token=owner.token) as api:
        assert api.get(f"/repos/{full}/keys").json() == []
        made = api.post(f"/repos/{full}/keys", json={"title": "ci", "key": reader_pair.public_text})
        assert made.status_code == 201, made.text
        reader = made.json()
        _check_deploy_key(forge, reader, reader_pair, full, "ci", True)
        made = api.post(
            f"/repos/{full}/keys",
            json={"title": "deployer", "key": writer_pair.public_text, "read_only": False},
        )
        assert made.status_code == 201, made.text
        writer = made.json()
        _check_deploy_key(forge, writer, writer_pair, full, "deployer", False)
        listed = api.get(f"/repos/{full}/keys")
        assert listed.json() == [reader, writer] and listed.headers["X-Total-Count"] == "2"
        assert api.get(f"/repos/{full}/keys", params={"limit": 1, "page": 2}).json() == [writer]
        assert api.get(f"/repos/{full}/keys/{writer['id']}").json() == writer
        _refused(
            api.post(f"/repos/{full}/keys", json={"title": "x", "key": "x", "read_only": "no"}), 422
        )
        assert api.delete(f"/repos/{full}/keys/{writer['id']}").status_code == 204
        _refused(api.get(f"/repos/{full}/keys/{writer['id']}"), 404)
        _refused(api.delete(f"/repos/{full}/keys/{writer['id']}"), 404)
        assert api.get(f"/repos/{full}/keys").json() == [reader]
        # A key of another repository is not this one's, even to its owner.
        other = forge.new_repo(owner)["nameWithOwner"]
        _refused(api.get(f"/repos/{other}/keys/{reader['id']}"), 404)
        _refused(api.delete(f"/repos/{other}/keys/{reader['id']}"), 404)
    with client(forge, token=forge.admin.token) as api:
        assert api.get(f"/repos/{full}/keys").json() == [reader]


def _collaborator(forge: Forge, owner: User, full: str, permission: str) -> User:
    user = forge.new_user("gdc")
    with client(forge, token=owner.token) as api:
        added = api.put(
            f"/repos/{full}/collaborators/{user.login}", json={"permission": permission}
        )
    assert added.status_code == 204, added.text
    return user


def test_deploy_keys_permission_matrix(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("gdm")
    public = forge.new_repo(owner)["nameWithOwner"]
    private = forge.new_repo(owner, private=True)["nameWithOwner"]
    key = make_key(tmp_path)
    with client(forge, token=owner.token) as api:
        made = api.post(f"/repos/{public}/keys", json={"title": "ci", "key": key.public_text})
        assert made.status_code == 201, made.text
        private_key = api.post(
            f"/repos/{private}/keys", json={"title": "ci", "key": make_key(tmp_path).public_text}
        ).json()
    number = made.json()["id"]
    body = {"title": "x", "key": make_key(tmp_path).public_text}
    reader = _collaborator(forge, owner, public, "read")
    writer = _collaborator(forge, owner, public, "write")
    outsider = forge.new_user("gdx")
    with client(forge) as anonymous:
        _refused(anonymous.get(f"/repos/{public}/keys"), 401)
        _refused(anonymous.post(f"/repos/{public}/keys", json=body), 401)
        _refused(anonymous.get(f"/repos/{private}/keys"), 404)
    for user in (reader, writer, outsider):
        with client(forge, token=user.token) as api:
            _refused(api.get(f"/repos/{public}/keys"), 403)
            _refused(api.get(f"/repos/{public}/keys/{number}"), 403)
            _refused(api.post(f"/repos/{public}/keys", json=body), 403)
            _refused(api.delete(f"/repos/{public}/keys/{number}"), 403)
            # Private and unreadable: not there at all.
            _refused(api.get(f"/repos/{private}/keys"), 404)
            _refused(api.get(f"/repos/{private}/keys/{private_key['id']}"), 404)
            _refused(api.post(f"/repos/{private}/keys", json=body), 404)
            _refused(api.delete(f"/repos/{private}/keys/{private_key['id']}"), 404)
    # The owner with a token that may only read.
    with client(forge, token=forge.token_for(owner, ["repo:read"])) as api:
        _refused(api.post(f"/repos/{public}/keys", json=body), 403)
    with client(forge, token=owner.token) as api:
        assert [k["id"] for k in api.get(f"/repos/{public}/keys").json()] == [number]


# --- ssh_url -----------------------------------------------------------------


def _ssh_urls(forge: Forge, user: User, full: str) -> set[str]:
    """``ssh_url`` of one repository from each Gogs route that shows it."""
    with client(forge, token=user.token) as api:
        single = api.get(f"/repos/{full}").json()
        mine = [r for r in api.get("/user/repos").json() if r["full_name"] == full]
    return {single["ssh_url"], *(r["ssh_url"] for r in mine)}


def test_ssh_url_is_empty_when_the_server_runs_no_ssh(forge: Forge) -> None:
    user = forge.new_user("gsu")
    full = forge.new_repo(user)["nameWithOwner"]
    assert _ssh_urls(forge, user, full) == {""}


def test_ssh_url_follows_the_ssh_settings(tmp_path: Path) -> None:
    """DB-independent (the URL comes from settings): SQLite only."""
    port = free_port()
    forge = start_server(
        tmp_path, None, {"INGOT_SSH_PORT": str(port), "INGOT_SSH_HOST": "git.example.test"}
    )
    try:
        user = forge.new_user("gsv")
        full = forge.new_repo(user)["nameWithOwner"]
        expected = f"ssh://git@git.example.test:{port}/{full}.git"
        assert _ssh_urls(forge, user, full) == {expected}
        data = forge.gql(
            "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { sshUrl } }",
            {"o": user.login, "n": full.split("/")[1]},
            token=user.token,
        )
        assert data["repository"]["sshUrl"] == expected
    finally:
        forge.stop()
