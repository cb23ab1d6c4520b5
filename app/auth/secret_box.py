"""The server key: AES-256-GCM encryption of stored secrets (webhook secrets, later CI secrets).

The key is derived with scrypt from ``INGOT_SECRET_KEY`` or, when that is not
set, from a random key file the first start writes into the data directory
(``secret.key``, mode 0600). Reading the setting is ``app.config``'s job; this
module only derives, encrypts and decrypts, and reads or writes the key file
it is pointed at.

A ciphertext is text: ``v1.<key id>.<base64url(nonce || ciphertext || tag)>``.
The key id is a short fingerprint of the key (not of the secret it came from),
so a server can tell, without trying, which stored values were written with
another key: it refuses to start on them (``app.services.secret_key``), and
``ingot admin rotate-secret-key`` re-encrypts exactly those it holds an old key
for. Each value has a fresh 96-bit random nonce; the optional associated data
binds a value to its place (a webhook secret cannot be pasted into another row).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

VERSION = "v1"
KEY_FILE = "secret.key"
# A fixed salt: the same secret must give the same key on every start and host. The
# input is meant to be high-entropy (the generated file holds 256 random bits).
_SALT = b"ingot server key v1"
# scrypt's cost (N=2^15, r=8, p=1: about 32 MiB and ~0.1 s once per start).
_SCRYPT_N = 2**15


class SecretKeyMismatch(ValueError):
    """A stored value was encrypted with another key, or was tampered with."""


def derive(secret: str) -> bytes:
    """The 256-bit AES key for ``secret`` (scrypt)."""
    kdf = Scrypt(salt=_SALT, length=32, n=_SCRYPT_N, r=8, p=1)
    return kdf.derive(secret.encode("utf-8"))


def key_id_of(key: bytes) -> str:
    """A short public fingerprint of ``key`` (nothing about the key can be learnt from it)."""
    return hmac.new(key, b"ingot key id", hashlib.sha256).hexdigest()[:12]


@dataclass(frozen=True)
class SecretBox:
    """Encrypts and decrypts stored secrets with one key."""

    key: bytes = field(repr=False)

    @classmethod
    def from_secret(cls, secret: str) -> SecretBox:
        return cls(derive(secret))

    @classmethod
    def ephemeral(cls) -> SecretBox:
        """A random key living as long as this object (tests, tools that store nothing)."""
        return cls(secrets.token_bytes(32))

    @property
    def key_id(self) -> str:
        return key_id_of(self.key)

    @property
    def prefix(self) -> str:
        """What every value this box encrypts starts with."""
        return f"{VERSION}.{self.key_id}."

    def encrypt(self, plaintext: str, associated: str = "") -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.key).encrypt(nonce, plaintext.encode("utf-8"), associated.encode())
        return self.prefix + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str, associated: str = "") -> str:
        """The plaintext; SecretKeyMismatch if another key (or other data) sealed it."""
        version, _, rest = token.partition(".")
        key_id, _, data = rest.partition(".")
        if version != VERSION or not data:
            raise SecretKeyMismatch("Not a value encrypted by Ingot.")
        if key_id != self.key_id:
            raise SecretKeyMismatch(
                f"This value was encrypted with key {key_id}; the server's key is {self.key_id}."
            )
        try:
            raw = base64.urlsafe_b64decode(data.encode("ascii"))
            plain = AESGCM(self.key).decrypt(raw[:12], raw[12:], associated.encode())
        except (InvalidTag, ValueError):
            raise SecretKeyMismatch("The value does not decrypt with the server's key.") from None
        return plain.decode("utf-8")


def key_file_secret(data_dir: Path) -> tuple[str, bool]:
    """The secret in ``data_dir/secret.key``, written (mode 0600) if missing; and whether
    this call wrote it. Several processes starting at once agree on one file."""
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text(encoding="ascii").strip()
        if not secret:
            raise ValueError(f"{path} is empty; restore it from your backup.") from None
        return secret, False
    secret = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret + "\n")
        out.flush()
        os.fsync(out.fileno())
    return secret, True
