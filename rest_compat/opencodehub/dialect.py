"""OpenCodeHub's conventions: ``{data, meta}`` envelopes and coded ``{error, meta}`` errors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from rest_compat.dialect import Dialect
from rest_compat.errors import ApiError

# Ingot's error codes to OpenCodeHub's.
CODES = {
    "BAD_USER_INPUT": "VALIDATION_ERROR",
    "MALFORMED_BODY": "VALIDATION_ERROR",
    "UNAUTHENTICATED": "UNAUTHORIZED",
    "FORBIDDEN": "FORBIDDEN",
    "NOT_FOUND": "NOT_FOUND",
    "CONFLICT": "CONFLICT",
    "RATE_LIMITED": "RATE_LIMITED",
    "PAYLOAD_TOO_LARGE": "PAYLOAD_TOO_LARGE",
    "METHOD_NOT_ALLOWED": "METHOD_NOT_ALLOWED",
}
# A body that cannot be read is a 400; a field that is wrong, too.
_STATUS = {"BAD_USER_INPUT": 400, "MALFORMED_BODY": 400}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(data: Any) -> dict[str, Any]:
    return {"data": data, "meta": {"timestamp": now()}}


def error(err: ApiError, request: Request) -> tuple[int, Any]:
    body: dict[str, Any] = {"code": CODES.get(err.code, "INTERNAL_ERROR"), "message": err.message}
    if err.field:
        body["details"] = {"field": err.field, "constraint": err.constraint or "invalid"}
    request_id = request.headers.get("x-request-id") or f"req-{uuid.uuid4().hex[:12]}"
    return _STATUS.get(err.code, err.status), {
        "error": body,
        "meta": {"timestamp": now(), "request_id": request_id},
    }


OPENCODEHUB = Dialect(name="opencodehub", error=error, scopes="opencodehub", envelope=envelope)
