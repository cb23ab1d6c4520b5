"""Reading credentials off a request: one parser for every transport.

A token is accepted as ``Authorization: token X``, ``Authorization: Bearer X``,
``?token=X`` and as the password of HTTP Basic (any user name), so the same
token gets the same decision on GraphQL, REST, git and raw downloads.
"""

from __future__ import annotations

import base64
import binascii
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


def parse(headers: Mapping[str, str], query: Mapping[str, str]) -> Credentials | None:
    header = headers.get("authorization", "").strip()
    if header:
        scheme, _, value = header.partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme in {"token", "bearer"} and value:
            return Credentials("token", value)
        if scheme == "basic" and value:
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise MalformedCredentials("The Basic credentials are not valid base64.") from None
            user, sep, password = decoded.partition(":")
            if not sep:
                raise MalformedCredentials("The Basic credentials have no password.")
            return Credentials("basic", password, user)
        raise MalformedCredentials("Unsupported Authorization scheme; use 'token' or 'Bearer'.")
    token = query.get("token") or query.get("access_token")
    if token:
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
