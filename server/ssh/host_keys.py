"""The server's host keys: ed25519 and RSA, made in the data dir on first start (0600)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

with warnings.catch_warnings():
    # asyncssh still imports cryptography's DSA, deprecated there; nothing here uses it.
    warnings.filterwarnings("ignore", message=".*DSA.*")
    import asyncssh

# (file name, algorithm, options): RSA for old clients, ed25519 for everyone else.
HOST_KEYS: tuple[tuple[str, str, int], ...] = (
    ("ssh_host_ed25519_key", "ssh-ed25519", 0),
    ("ssh_host_rsa_key", "ssh-rsa", 3072),
)


def directory(data_dir: Path) -> Path:
    return data_dir / "ssh"


def load_or_create(data_dir: Path) -> list[asyncssh.SSHKey]:
    """The host keys, each made (and written 0600) the first time it is missing."""
    where = directory(data_dir)
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    keys = []
    for file_name, algorithm, bits in HOST_KEYS:
        path = where / file_name
        if path.exists():
            keys.append(asyncssh.read_private_key(path))
            continue
        key = (
            asyncssh.generate_private_key(algorithm, key_size=bits)
            if bits
            else asyncssh.generate_private_key(algorithm)
        )
        # Created 0600 before any byte is written: never readable by others, even briefly.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key("openssh"))
        path.with_name(file_name + ".pub").write_bytes(key.export_public_key("openssh"))
        keys.append(key)
    return keys


def fingerprints(keys: list[asyncssh.SSHKey]) -> list[tuple[str, str]]:
    """``(algorithm, SHA256:...)`` of each host key, as ``ssh-keygen -l`` prints it."""
    return [(str(key.get_algorithm()), str(key.get_fingerprint("sha256"))) for key in keys]
