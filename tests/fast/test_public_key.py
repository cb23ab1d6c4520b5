"""SSH public keys as pasted: accepted, normalized, fingerprinted as ssh-keygen does."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.auth.public_key import parse
from app.errors import InvalidInput


def _key(tmp_path: Path, kind: str, bits: int | None = None) -> tuple[str, str, Path]:
    path = tmp_path / kind
    args = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "me@host", "-f", str(path)]
    subprocess.run([*args, *(["-b", str(bits)] if bits else [])], check=True, capture_output=True)
    listed = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", f"{path}.pub"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return Path(f"{path}.pub").read_text(), listed.split()[1], path


@pytest.mark.parametrize(
    ("kind", "bits", "key_type"),
    [
        ("ed25519", None, "ssh-ed25519"),
        ("ecdsa", 256, "ecdsa-sha2-nistp256"),
        ("ecdsa", 384, "ecdsa-sha2-nistp384"),
        ("ecdsa", 521, "ecdsa-sha2-nistp521"),
        ("rsa", 2048, "ssh-rsa"),
    ],
)
def test_keys_are_accepted_with_ssh_keygens_fingerprint(
    tmp_path: Path, kind: str, bits: int | None, key_type: str
) -> None:
    text, fingerprint, _ = _key(tmp_path, kind, bits)
    parsed = parse(f"  {text}\n")
    assert parsed.key_type == key_type
    assert parsed.fingerprint == fingerprint
    assert parsed.text == " ".join(text.split()[:2])
    assert parsed.comment == "me@host"


def test_bad_keys_are_refused_naming_the_key_field(tmp_path: Path) -> None:
    dsa, _, _ = _key(tmp_path, "dsa")
    short, _, _ = _key(tmp_path, "rsa", 1024)
    good, _, private = _key(tmp_path, "ed25519")
    for text in (
        "",
        "garbage",
        "ssh-ed25519 AAAA!!!",
        dsa,
        short,
        private.read_text(),
        f"no-pty {good}",
        f'command="ls" {good}',
        f"{good}\n{good}",
        "ssh-ed25519-cert-v01@openssh.com AAAA",
        "sk-ssh-ed25519@openssh.com AAAA",
    ):
        with pytest.raises(InvalidInput) as refused:
            parse(text)
        assert refused.value.field == "key"
