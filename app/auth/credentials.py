"""Reading credentials off a request: one parser for every transport.

A token is accepted as ``Authorization: token X``, ``Authorization: Bearer X``,
``?token=X`` and as the password of HTTP Basic (any user name), so the same
token gets the same decision on GraphQL, REST, git and raw downloads.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Credentials:
    """``kind`` is ``token`` or ``basic``; ``user`` is set for Basic only."""

    kind: str
    secret: str
    user: str = ""


class MalformedCredentials(ValueError):
    pass


# No user name, password or token has one; a NUL would even fail a PostgreSQL lookup.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _basic(value: str) -> Credentials:
    """``user:password`` from a Basic value; anything else is MalformedCredentials."""
    # Header values arrive decoded as latin-1: a non-ASCII one is not base64 at all.
    if not value.isascii():
        raise MalformedCredentials("The Basic credentials are not valid base64.")
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        # binascii.Error for bad base64, UnicodeDecodeError (a ValueError) for non-UTF-8.
        raise MalformedCredentials("The Basic credentials are not valid base64 of UTF-8.") from None
    user, sep, password = decoded.partition(":")
    if not sep:
        raise MalformedCredentials("The Basic credentials have no password.")
    if _CONTROL.search(decoded):
        raise MalformedCredentials("The Basic credentials hold control characters.")
    return Credentials("basic", password, user)


def parse(headers: Mapping[str, str], query: Mapping[str, str]) -> Credentials | None:
    """The credentials of a request, None without any; MalformedCredentials for a broken
    ``Authorization`` header (every caller answers it 401, never 500)."""
    header = headers.get("authorization", "").strip()
    if header:
        scheme, _, value = header.partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme in {"token", "bearer"} and value:
            if _CONTROL.search(value):
                raise MalformedCredentials("The token holds control characters.")
            return Credentials("token", value)
        if scheme == "basic" and value:
            return _basic(value)
        raise MalformedCredentials("Unsupported Authorization scheme; use 'token' or 'Bearer'.")
    token = query.get("token") or query.get("access_token")
    if token:
        if _CONTROL.search(token):
            raise MalformedCredentials("The token holds control characters.")
        return Credentials("token", token)
    return None


_MEMO = "ingot.credentials"


def parse_once(
    state: MutableMapping[str, Any], headers: Mapping[str, str], query: Mapping[str, str]
) -> Credentials | None:
    """``parse``, remembered in the request's ``state`` (the ASGI scope's ``state`` dict).

    The rate limiter and the route both need the credentials; this parses them once
    per request, and a malformed header raises the same error each time it is asked.
    """
    memo = state.get(_MEMO)
    if memo is None:
        try:
            memo = parse(headers, query)
        except MalformedCredentials as exc:
            memo = exc
        state[_MEMO] = memo if memo is not None else False
    if isinstance(memo, MalformedCredentials):
        raise memo
    return memo or None
