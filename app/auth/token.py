"""The token format: ``ingot_`` + 40 base62 characters of randomness + 6 of checksum.

The fixed prefix lets secret scanners find leaked tokens and the CRC32
checksum lets them (and us) reject a mistyped one without a database lookup.
Tokens minted through Kod's routes carry Kod's ``kod_`` prefix instead, with
the same body and checksum rules (``PREFIXES``), so the same scanner pattern
with either prefix finds them and every transport accepts both.
CI runners hold ``ingotr_`` tokens and a claimed pipeline's clone uses an
``ingotj_`` job token: same shape, other prefixes, accepted only where they
belong (the agent API; git fetch of one repository), never as user tokens.
40 base62 characters carry 238 bits. Only the SHA-256 of a token is stored:
tokens are high-entropy, so a fast hash is enough and makes lookup one index hit.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib

PREFIX = "ingot_"
KOD_PREFIX = "kod_"
PREFIXES = (PREFIX, KOD_PREFIX)
RUNNER_PREFIX = "ingotr_"
JOB_PREFIX = "ingotj_"
_KNOWN = (*PREFIXES, RUNNER_PREFIX, JOB_PREFIX)
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BODY_LEN = 40
_CHECK_LEN = 6
_SUFFIX_LEN = _BODY_LEN + _CHECK_LEN


def _base62(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        out.append(_ALPHABET[digit])
    return "".join(reversed(out))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode()), _CHECK_LEN)


def generate_token(prefix: str = PREFIX) -> str:
    """A new secret with one of ``PREFIXES`` (or the runner and job prefixes)."""
    if prefix not in _KNOWN:
        raise ValueError(f"unknown token prefix {prefix!r}")
    body = "".join(secrets.choice(_ALPHABET) for _ in range(_BODY_LEN))
    return prefix + body + _checksum(body)


def looks_like_token(value: str, prefixes: tuple[str, ...] = PREFIXES) -> bool:
    """Whether ``value`` has one of ``prefixes`` (user tokens by default), our shape and a
    valid checksum."""
    prefix = next((p for p in prefixes if value.startswith(p)), None)
    if prefix is None or len(value) != len(prefix) + _SUFFIX_LEN:
        return False
    body = value[len(prefix) : len(prefix) + _BODY_LEN]
    if any(c not in _ALPHABET for c in body):
        return False
    return secrets.compare_digest(value[-_CHECK_LEN:], _checksum(body))


def hash_token(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
