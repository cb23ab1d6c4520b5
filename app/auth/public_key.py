"""SSH public keys as users paste them: parsed, checked and normalized with asyncssh.

A key is accepted when it is one ed25519, ECDSA (nistp256/384/521) or RSA key of at
least 2048 bits, written as OpenSSH writes it (``type base64 [comment]``) or in the
RFC 4716 block format. Everything else is refused with a message naming the input
field ``key``: DSA (OpenSSH itself dropped it), short RSA, certificates, security-key
types, an ``authorized_keys`` line with options (a key here has no options), and a
private key pasted by mistake (asyncssh would quietly derive its public half; the
secret must not be accepted as if nothing had happened).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from app.errors import InvalidInput

with warnings.catch_warnings():
    # asyncssh still imports cryptography's DSA, deprecated there; nothing here uses it.
    warnings.filterwarnings("ignore", message=".*DSA.*", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=".*DSA.*")
    import asyncssh

ACCEPTED_TYPES: tuple[str, ...] = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
)
MIN_RSA_BITS = 2048
# Longer than any accepted key (a 16384-bit RSA key is ~2.8 KB of base64) plus a comment.
MAX_TEXT = 8192


@dataclass(frozen=True)
class ParsedKey:
    """One accepted key: ``text`` is ``type base64`` (the comment dropped)."""

    key_type: str
    text: str
    fingerprint: str
    comment: str


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, field="key")


def parse(raw: str) -> ParsedKey:
    """The key in ``raw``, or InvalidInput (field ``key``) saying why it is not accepted."""
    text = raw.strip()
    if not text:
        raise _refuse("The key is empty; paste the contents of your .pub file.")
    if len(text) > MAX_TEXT:
        raise _refuse(f"The key is longer than {MAX_TEXT} characters.")
    if "PRIVATE KEY" in text:
        raise _refuse(
            "This is a private key. Paste the public key (the .pub file) and keep the "
            "private one secret; consider it exposed and make a new one."
        )
    if not text.startswith("---- BEGIN SSH2") and len(text.splitlines()) > 1:
        raise _refuse("Paste one key, on one line.")
    first = text.split(None, 1)[0]
    if not text.startswith("----") and first not in ACCEPTED_TYPES:
        if first in ("ssh-dss", "dsa"):
            raise _refuse("DSA keys are not accepted; use ed25519, ECDSA or RSA (2048+ bits).")
        if "cert-v01@openssh.com" in first:
            raise _refuse("Certificates are not accepted; paste the plain public key.")
        if "," in first or "=" in first or first in _OPTION_NAMES:
            raise _refuse("Key options (an authorized_keys prefix) are not accepted.")
        raise _refuse(
            f"Unsupported key type '{first[:40]}'; accepted: {', '.join(ACCEPTED_TYPES)}."
        )
    try:
        key = asyncssh.import_public_key(text)
    except (asyncssh.KeyImportError, ValueError, TypeError, UnicodeError):
        raise _refuse("The key is not a valid SSH public key.") from None
    return _checked(key)


_OPTION_NAMES = frozenset(
    {"no-pty", "no-port-forwarding", "no-agent-forwarding", "no-X11-forwarding", "restrict"}
)


def _checked(key: asyncssh.SSHKey) -> ParsedKey:
    key_type = str(key.get_algorithm())
    if key_type == "ssh-dss":
        raise _refuse("DSA keys are not accepted; use ed25519, ECDSA or RSA (2048+ bits).")
    if key_type not in ACCEPTED_TYPES:
        raise _refuse(f"Unsupported key type '{key_type}'; accepted: {', '.join(ACCEPTED_TYPES)}.")
    if key_type == "ssh-rsa":
        bits = int(getattr(key.pyca_key, "key_size", 0))
        if bits < MIN_RSA_BITS:
            raise _refuse(f"RSA keys need at least {MIN_RSA_BITS} bits; this one has {bits}.")
    line = key.export_public_key("openssh").decode("ascii").split()
    return ParsedKey(
        key_type=key_type,
        text=f"{line[0]} {line[1]}",
        fingerprint=fingerprint(key),
        comment=(key.get_comment() or "")[:255],
    )


def fingerprint(key: asyncssh.SSHKey) -> str:
    """``SHA256:<base64 without padding>``, exactly as ``ssh-keygen -l`` prints it."""
    return str(key.get_fingerprint("sha256"))
