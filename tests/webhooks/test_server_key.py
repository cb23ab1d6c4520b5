"""The server key: a private key file when none is set, and no start with the wrong key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.backends import database
from tests.conftest import start_server
from tests.webhooks.flow import create_hook, ping, settled, signature
from tests.webhooks.receiver import receiver


def test_first_start_writes_a_private_key_file(tmp_path: Path) -> None:
    forge = start_server(tmp_path, None, {"INGOT_SECRET_KEY": ""})
    try:
        key_file = forge.data_dir / "secret.key"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert len(key_file.read_text().strip()) >= 40
        assert f"Generated the server key in {key_file}" in forge.log_path.read_text()
    finally:
        forge.stop()
    first = key_file.read_text()
    again = start_server(tmp_path, None, {"INGOT_SECRET_KEY": ""})
    try:
        assert key_file.read_text() == first
        assert "Generated the server key" not in again.log_path.read_text()
    finally:
        again.stop()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_server_refuses_to_start_with_another_key(tmp_path: Path, backend: str) -> None:
    env = {"INGOT_SECRET_KEY": "the-right-key", "INGOT_ALLOW_PRIVATE_WEBHOOKS": "true"}
    with database(backend) as url, receiver() as sink:
        forge = start_server(tmp_path, url, env)
        try:
            owner = forge.new_user()
            repo = forge.new_repo(owner)
            hook = create_hook(forge, owner.token, repo["id"], sink.url, secret="sign-me")
        finally:
            forge.stop()
        with pytest.raises(RuntimeError) as refused:
            start_server(tmp_path, url, {**env, "INGOT_SECRET_KEY": "another-key"})
        message = str(refused.value)
        assert "server exited early" in message
        assert "Refusing to start: webhook secrets were encrypted with key" in message
        assert "Set INGOT_SECRET_KEY to the key the data was stored with" in message
        # The right key starts, and signs with the secret stored under it.
        forge = start_server(tmp_path, url, env)
        try:
            token = forge.sign_in(owner.login, owner.password)
            sent = ping(forge, token, hook["id"])
            assert settled(forge, token, sent["id"])["status"] == "SUCCESS"
            got = sink.wait(1)[0]
            assert got.headers["x-hub-signature-256"] == f"sha256={signature('sign-me', got.body)}"
        finally:
            forge.stop()
