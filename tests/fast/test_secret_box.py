"""The server key's box: round trips, key ids, associated data, the key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.auth.secret_box import SecretBox, SecretKeyMismatch, key_file_secret


def test_a_value_round_trips_with_a_fresh_nonce() -> None:
    box = SecretBox.from_secret("a server key")
    first, second = box.encrypt("hunter2", "webhook"), box.encrypt("hunter2", "webhook")
    assert first != second
    assert first.startswith(f"v1.{box.key_id}.") and "hunter2" not in first
    assert box.decrypt(first, "webhook") == box.decrypt(second, "webhook") == "hunter2"
    assert SecretBox.from_secret("a server key").key_id == box.key_id


def test_another_key_or_place_cannot_decrypt() -> None:
    box = SecretBox.from_secret("a server key")
    sealed = box.encrypt("hunter2", "webhook")
    with pytest.raises(SecretKeyMismatch, match="encrypted with key"):
        SecretBox.from_secret("another key").decrypt(sealed, "webhook")
    with pytest.raises(SecretKeyMismatch, match="does not decrypt"):
        box.decrypt(sealed, "ci-secret")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SecretKeyMismatch):
        box.decrypt(tampered, "webhook")
    with pytest.raises(SecretKeyMismatch):
        box.decrypt("plain text", "webhook")


def test_the_key_file_is_written_once_and_private(tmp_path: Path) -> None:
    secret, created = key_file_secret(tmp_path)
    assert created and len(secret) >= 40
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert key_file_secret(tmp_path) == (secret, False)
