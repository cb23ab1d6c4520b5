"""Kod's SSH key routes (``seeds/kod-api.txt``: ``GET/POST /keys``, ``DELETE /keys/:id``).

Keys are made by the real ``ssh-keygen``; the record is exactly Kod's
(``id, username, name, publicKey, keyType, fingerprint, createdAt`` in epoch
milliseconds) and the fingerprint is what ``ssh-keygen -lf`` prints. Errors
are Kod's ``{"error"}``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.forge import Forge
from tests.rest.test_kod_conformance import admin_token, check_types, kod, refused
from tests.ssh.keys import KeyPair, make_key

KEY_FIELDS = {
    "id": str,
    "username": str,
    "name": str,
    "publicKey": str,
    "keyType": str,
    "fingerprint": str,
    "createdAt": int,
}
WRITER = ["repo:read", "repo:write"]


def _check(found: dict[str, Any], pair: KeyPair, username: str, name: str, kind: str) -> None:
    check_types(found, KEY_FIELDS)
    assert found["id"].isdigit()
    assert found["username"] == username
    assert found["name"] == name
    assert found["publicKey"] == pair.type_and_base64
    assert found["keyType"] == kind
    assert found["fingerprint"] == pair.fingerprint
    # Epoch milliseconds of a moment in the last hour.
    assert abs(found["createdAt"] - time.time() * 1000) < 3_600_000


def test_owner_can_add_list_and_remove_keys(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("kk")
    token = forge.token_for(user, WRITER)
    ed25519, rsa = make_key(tmp_path), make_key(tmp_path, "rsa", 4096)
    ecdsa = make_key(tmp_path, "ecdsa", 384)
    with kod(forge, token) as api:
        assert api.get("/keys").json() == []
        made = api.post("/keys", json={"publicKey": ed25519.public_text, "name": "laptop"})
        assert made.status_code == 201, made.text
        first = made.json()
        _check(first, ed25519, user.login, "laptop", "ssh-ed25519")
        second = api.post("/keys", json={"publicKey": rsa.public_text, "name": "desktop"}).json()
        _check(second, rsa, user.login, "desktop", "ssh-rsa")
        # Without a name, the key's comment names it.
        third = api.post("/keys", json={"publicKey": ecdsa.public_text}).json()
        _check(third, ecdsa, user.login, "tester@ecdsa", "ecdsa-sha2-nistp384")
        listed = api.get("/keys")
        assert listed.status_code == 200
        assert listed.json() == [first, second, third]
        assert listed.headers["X-Total-Count"] == "3"
        assert api.delete(f"/keys/{second['id']}").status_code == 204
        refused(api.delete(f"/keys/{second['id']}"), 404)
        for hostile in ("0", "abc", "-3", "1e3"):
            refused(api.delete(f"/keys/{hostile}"), 404)
        assert api.get("/keys").json() == [first, third]


def test_anonymous_cannot_use_keys(forge: Forge, tmp_path: Path) -> None:
    with kod(forge) as anonymous:
        refused(anonymous.get("/keys"), 401)
        refused(anonymous.post("/keys", json={"publicKey": make_key(tmp_path).public_text}), 401)
        refused(anonymous.delete("/keys/1"), 401)


def test_read_only_token_cannot_add_or_remove_a_key(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("kkr")
    with kod(forge, forge.token_for(user, WRITER)) as api:
        made = api.post("/keys", json={"publicKey": make_key(tmp_path).public_text, "name": "a"})
        assert made.status_code == 201, made.text
    with kod(forge, forge.token_for(user, ["repo:read"])) as api:
        body = {"publicKey": make_key(tmp_path).public_text, "name": "x"}
        refused(api.post("/keys", json=body), 403)
        refused(api.delete(f"/keys/{made.json()['id']}"), 403)
        assert api.get("/keys").json() == [made.json()]


def test_outsider_cannot_remove_anothers_key_and_admin_can(forge: Forge, tmp_path: Path) -> None:
    owner, outsider = forge.new_user("kko"), forge.new_user("kkx")
    with kod(forge, forge.token_for(owner, WRITER)) as api:
        key = api.post("/keys", json={"publicKey": make_key(tmp_path).public_text, "name": "a"})
        assert key.status_code == 201, key.text
    number = key.json()["id"]
    with kod(forge, admin_token(forge, outsider)) as api:
        refused(api.delete(f"/keys/{number}"), 404)
    with kod(forge, admin_token(forge, forge.admin)) as api:
        listed = api.get("/keys", params={"username": owner.login}).json()
        assert [k["id"] for k in listed] == [number]
        assert api.delete(f"/keys/{number}").status_code == 204
        assert api.get("/keys", params={"username": owner.login}).json() == []


def test_only_an_admin_token_may_name_another_user(forge: Forge, tmp_path: Path) -> None:
    user, other = forge.new_user("kku"), forge.new_user("kkv")
    pair = make_key(tmp_path)
    body = {"publicKey": pair.public_text, "name": "ci", "username": other.login}
    # An "admin" permission on an account that is not a site administrator.
    with kod(forge, admin_token(forge, user)) as api:
        refused(api.get("/keys", params={"username": other.login}), 403)
        refused(api.post("/keys", json=body), 403)
        # Naming yourself is no other user.
        assert api.get("/keys", params={"username": user.login}).json() == []
    admin = forge.admin
    with kod(forge, forge.token_for(admin, WRITER)) as api:
        refused(api.get("/keys", params={"username": other.login}), 403)
        refused(api.post("/keys", json=body), 403)
    with kod(forge, admin_token(forge, admin)) as api:
        refused(api.get("/keys", params={"username": "nobody-by-this-name"}), 404)
        made = api.post("/keys", json=body)
        assert made.status_code == 201, made.text
        _check(made.json(), pair, other.login, "ci", "ssh-ed25519")
        assert api.get("/keys", params={"username": other.login}).json() == [made.json()]
        assert made.json() not in api.get("/keys").json()
    with kod(forge, forge.token_for(other, WRITER)) as api:
        assert api.get("/keys").json() == [made.json()]


def test_bad_and_duplicate_keys_are_refused(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("kkb")
    token = forge.token_for(user, WRITER)
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
    pair = make_key(tmp_path)
    with kod(forge, token) as api:
        for name, text in bad.items():
            body = refused(api.post("/keys", json={"publicKey": text, "name": name}), 400)
            assert body.get("field") == "publicKey", (name, body)
        assert refused(api.post("/keys", json={"name": "x"}), 400)["field"] == "publicKey"
        refused(api.post("/keys", json={"publicKey": 5}), 400)
        refused(
            api.post("/keys", content=b"[1]", headers={"Content-Type": "application/json"}), 400
        )
        assert api.get("/keys").json() == []
        assert (
            api.post("/keys", json={"publicKey": pair.public_text, "name": "a"}).status_code == 201
        )
        # Kod answers a key it already has with 409, like a name already taken.
        refused(api.post("/keys", json={"publicKey": pair.public_text, "name": "b"}), 409)
    with kod(forge, forge.token_for(forge.new_user("kkc"), WRITER)) as api:
        refused(api.post("/keys", json={"publicKey": pair.public_text, "name": "c"}), 409)
