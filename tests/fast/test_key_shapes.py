"""The key shapes of Gogs and Kod, from GraphQL results to each dialect's documented JSON."""

from __future__ import annotations

from typing import Any

import pytest

from rest_compat.errors import ApiError
from rest_compat.gogs import keys as gogs_keys
from rest_compat.gogs import shapes as gogs_shapes
from rest_compat.kod import shapes as kod_shapes
from rest_compat.route import Call

NODE = {
    "databaseId": 7,
    "title": "laptop",
    "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOx",
    "keyType": "ssh-ed25519",
    "fingerprint": "SHA256:abc",
    "createdAt": "2026-01-26T01:02:47.890000+00:00",
    "readOnly": False,
}


def test_gogs_public_key_has_the_contracts_fields() -> None:
    assert gogs_keys.public_key(NODE, "http://forge.test") == {
        "id": 7,
        "key": NODE["key"],
        "url": "http://forge.test/api/v1/user/keys/7",
        "title": "laptop",
        "fingerprint": "SHA256:abc",
        "created_at": "2026-01-26T01:02:47Z",
    }


def test_gogs_deploy_key_has_the_contracts_fields() -> None:
    shaped = gogs_keys.deploy_key(NODE, "http://forge.test/api/v1/repos/ada/engine")
    assert shaped == {
        "id": 7,
        "key": NODE["key"],
        "url": "http://forge.test/api/v1/repos/ada/engine/keys/7",
        "title": "laptop",
        "fingerprint": "SHA256:abc",
        "created_at": "2026-01-26T01:02:47Z",
        "read_only": False,
    }


def test_kod_key_is_kods_record_in_epoch_milliseconds() -> None:
    assert kod_shapes.key(NODE, "ada") == {
        "id": "7",
        "username": "ada",
        "name": "laptop",
        "publicKey": NODE["key"],
        "keyType": "ssh-ed25519",
        "fingerprint": "SHA256:abc",
        "createdAt": 1769389367890,
    }


def _call(path: dict[str, str]) -> Call:
    return Call(path=path, query={}, body={})


def test_a_key_is_found_by_its_number_and_nothing_else_is() -> None:
    nodes: list[dict[str, Any]] = [{**NODE, "databaseId": 3}, NODE]
    found = gogs_keys._one(nodes, _call({"id": "7"}), "Key")
    assert found is NODE
    for raw in ("8", "0", "-7", "07x", "\u0667", "99999999999999999999"):
        with pytest.raises(ApiError) as caught:
            gogs_keys._one(nodes, _call({"id": raw}), "Key")
        assert caught.value.code == "NOT_FOUND"


def _repository(ssh_url: str | None) -> dict[str, Any]:
    owner = {"databaseId": 1, "login": "ada", "name": "", "avatarUrl": ""}
    return {
        "databaseId": 2,
        "owner": owner,
        "name": "engine",
        "nameWithOwner": "ada/engine",
        "description": "",
        "isPrivate": False,
        "pushedAt": None,
        "url": "http://forge.test/ada/engine",
        "cloneUrl": "http://forge.test/ada/engine.git",
        "sshUrl": ssh_url,
        "openIssueCount": 0,
        "defaultBranch": "main",
        "createdAt": "2026-01-26T01:02:47+00:00",
        "updatedAt": "2026-01-26T01:02:47+00:00",
        "viewerPermission": None,
    }


def test_gogs_ssh_url_is_the_schemas_or_empty_when_ssh_is_off() -> None:
    url = "ssh://git@forge.test:2222/ada/engine.git"
    assert gogs_shapes.repository(_repository(url))["ssh_url"] == url
    assert gogs_shapes.repository(_repository(None))["ssh_url"] == ""
