"""Request bodies: size-limited, JSON objects only, with fields checked by type.

Every failure is an ``ApiError`` naming the field and the broken constraint,
so each dialect answers a 4xx in its own shape and nothing is written.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from rest_compat.errors import ApiError

_MISSING = object()


async def read_object(request: Request, limit: int) -> dict[str, Any]:
    """The body as a JSON object; an empty body is an empty object."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError("PAYLOAD_TOO_LARGE", f"The request body is larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError("PAYLOAD_TOO_LARGE", f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError("MALFORMED_BODY", f"The request body is not valid JSON: {exc}.") from None
    if not isinstance(value, dict):
        raise ApiError("MALFORMED_BODY", "The request body must be a JSON object.")
    return value


def _get(body: dict[str, Any], name: str, required: bool) -> Any:
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise ApiError(
                "BAD_USER_INPUT", f"'{name}' is required.", field=name, constraint="required"
            )
        return _MISSING
    return value


def _wrong(name: str, kind: str) -> ApiError:
    return ApiError("BAD_USER_INPUT", f"'{name}' must be {kind}.", field=name, constraint="type")


def text(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = _get(body, name, required)
    if value is _MISSING:
        return None
    if not isinstance(value, str):
        raise _wrong(name, "a string")
    if required and not value.strip():
        raise ApiError(
            "BAD_USER_INPUT", f"'{name}' is required.", field=name, constraint="required"
        )
    return value


def flag(body: dict[str, Any], name: str) -> bool | None:
    value = _get(body, name, False)
    if value is _MISSING:
        return None
    if not isinstance(value, bool):
        raise _wrong(name, "true or false")
    return value


def integers(body: dict[str, Any], name: str) -> list[int] | None:
    value = _get(body, name, False)
    if value is _MISSING:
        return None
    # Ids are 32-bit in the database: a bigger number is a caller's mistake, not a crash.
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**31 for v in value
    ):
        raise _wrong(name, "a list of positive integer ids")
    return value


def strings(body: dict[str, Any], name: str) -> list[str] | None:
    value = _get(body, name, False)
    if value is _MISSING:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _wrong(name, "a list of strings")
    return value


def choice(body: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str | None:
    value = text(body, name)
    if value is not None and value not in allowed:
        raise ApiError(
            "BAD_USER_INPUT",
            f"'{name}' must be one of {', '.join(allowed)}.",
            field=name,
            constraint="enum",
        )
    return value


def moment(body: dict[str, Any], name: str) -> str | None:
    """An RFC 3339 date-time, given back in ISO form (UTC when it names no offset)."""
    value = text(body, name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(
            "BAD_USER_INPUT",
            f"'{name}' must be a date-time like 2006-01-02T15:04:05Z.",
            field=name,
            constraint="format",
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()
