"""Request bodies: size-limited JSON objects or multipart forms, with fields checked by type.

Every failure is an ``ApiError`` naming the field and the broken constraint,
so each dialect answers a 4xx in its own shape and nothing is written.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from app import json_reader
from app.errors import InvalidInput
from rest_compat.errors import ApiError

_MISSING = object()

# Room for a form's text fields and part headers beside its files.
FORM_FIELDS_ALLOWANCE = 1024 * 1024


def _too_large(limit: int) -> ApiError:
    return ApiError("PAYLOAD_TOO_LARGE", f"The request body is larger than {limit} bytes.")


async def _limited(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The body's chunks, refused as soon as they add up to more than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        yield chunk


async def read_object(request: Request, limit: int) -> dict[str, Any]:
    """The body as a JSON object; an empty body is an empty object."""
    raw = b"".join([chunk async for chunk in _limited(request, limit)])
    if not raw.strip():
        return {}
    try:
        value = json_reader.loads(raw)
    except InvalidInput as exc:
        raise ApiError("MALFORMED_BODY", exc.message) from None
    if not isinstance(value, dict):
        raise ApiError("MALFORMED_BODY", "The request body must be a JSON object.")
    return value


async def read_text(request: Request, limit: int) -> str:
    """The body as text (UTF-8; undecodable bytes become U+FFFD, NUL is dropped: a log
    line is not refused for a stray byte); more than ``limit`` bytes is PAYLOAD_TOO_LARGE."""
    raw = b"".join([chunk async for chunk in _limited(request, limit)])
    return raw.decode("utf-8", errors="replace").replace("\x00", "")


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


def texts(body: dict[str, Any], *names: str) -> dict[str, str]:
    """Those of the string fields ``names`` the body carries (a missing or null one is left out)."""
    found = {name: text(body, name) for name in names}
    return {name: value for name, value in found.items() if value is not None}


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


async def read_form(request: Request, file_limit: int, max_files: int = 1) -> dict[str, Any]:
    """A ``multipart/form-data`` body: text fields as ``str``, files as ``UploadFile``.

    Files are spooled to disk by Starlette's parser as they stream in, never
    held whole in memory; the body may hold ``file_limit`` bytes of files
    plus ``FORM_FIELDS_ALLOWANCE``. The caller closes the files
    (``close_form``). A repeated field keeps its last value.
    """
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError("MALFORMED_BODY", "Send the request body as multipart/form-data.")
    parser = MultiPartParser(
        request.headers,
        _limited(request, file_limit + FORM_FIELDS_ALLOWANCE),
        max_files=max_files,
        max_fields=16,
        max_part_size=FORM_FIELDS_ALLOWANCE,
    )
    try:
        form: FormData = await parser.parse()
    except MultiPartException as exc:
        message = f"The multipart body is malformed: {exc.message}"
        raise ApiError("MALFORMED_BODY", message) from None
    fields: dict[str, Any] = {}
    for key, value in form.multi_items():
        await close_form({key: fields.get(key)})
        fields[key] = value
    return fields


async def close_form(body: dict[str, Any]) -> None:
    """Remove the temporary files of a ``read_form`` body."""
    for value in body.values():
        if isinstance(value, UploadFile):
            await value.close()


def upload(body: dict[str, Any], name: str) -> UploadFile:
    """A required file field of a form body."""
    value = body.get(name)
    if not isinstance(value, UploadFile):
        raise ApiError(
            "BAD_USER_INPUT",
            f"'{name}' is required: send it as a file part of the multipart body.",
            field=name,
            constraint="required",
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
