"""Passwords and tokens never appear in clear in the database or the logs."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

from tests.forge import Forge


def _database_dump(forge: Forge) -> bytes:
    url = forge.env.get("INGOT_DATABASE_URL")
    if url is None:
        chunks = b""
        for path in forge.data_dir.glob("ingot.db*"):
            chunks += path.read_bytes()
        return chunks
    parts = urlsplit(url)
    return subprocess.run(
        [
            "pg_dump",
            "-h",
            parts.hostname or "127.0.0.1",
            "-p",
            str(parts.port or 5432),
            "-U",
            parts.username or "postgres",
            "--data-only",
            parts.path.lstrip("/"),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout


def test_passwords_and_tokens_are_stored_hashed_and_never_logged(forge: Forge) -> None:
    user = forge.new_user()
    secret = forge.token_for(user, ["repo:read"])
    # Use the token in the header and in the query string, so both paths are logged.
    forge.gql("{ viewer { login } }", token=secret)
    forge.client.post(
        f"{forge.url}/graphql", params={"token": secret}, json={"query": "{ viewer { login } }"}
    )
    dump = _database_dump(forge)
    log = forge.log_path.read_bytes()
    for clear in [user.password, secret, user.token, forge.admin_password()]:
        assert clear.encode() not in dump
        assert clear.encode() not in log
    assert b"$argon2id$" in dump
    assert b"token=[REDACTED]" in log
