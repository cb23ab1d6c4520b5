"""Shared pieces of the REST conformance tests: a client per dialect, curl, type checks."""

from __future__ import annotations

import re
import shlex
import subprocess
from typing import Any

import httpx

from tests.forge import Forge, User

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def client(forge: Forge, prefix: str = "/api/v1", token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"token {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}{prefix}", headers=headers, timeout=60)


def curl(command: str, replacements: dict[str, str]) -> tuple[int, str]:
    """Run a documented curl example as written, with host, user and token substituted."""
    for old, new in replacements.items():
        command = command.replace(old, new)
    args = shlex.split(command.replace("\\\n", " "))
    assert args[0] == "curl"
    result = subprocess.run(
        [*args, "--silent", "--show-error", "--write-out", "\n%{http_code}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    body, _, status = result.stdout.rpartition("\n")
    return int(status), body


def assert_types(obj: dict[str, Any], fields: dict[str, Any]) -> None:
    """Every field present, of its type (a tuple of types allows None and the like)."""
    for name, kind in fields.items():
        assert name in obj, f"missing {name!r} in {obj}"
        assert isinstance(obj[name], kind), f"{name!r}={obj[name]!r} is not {kind}"
        if kind is bool:
            continue
        if isinstance(obj[name], int) and not isinstance(kind, tuple):
            assert not isinstance(obj[name], bool), name


def gogs_token(forge: Forge, user: User, scopes: list[str] | None = None) -> str:
    """A token minted the Gogs way (Basic with the password), with ``scopes`` if given."""
    body: dict[str, Any] = {"name": "t"}
    if scopes is not None:
        body["scopes"] = scopes
    with client(forge) as api:
        response = api.post(
            f"/users/{user.login}/tokens", auth=(user.login, user.password), json=body
        )
    assert response.status_code == 201, response.text
    assert_types(response.json(), {"name": str, "sha1": str})
    token: str = response.json()["sha1"]
    return token
