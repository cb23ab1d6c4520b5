"""OpenCodeHub's conventions: ``{data, meta}`` envelopes and coded ``{error, meta}`` errors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from rest_compat.dialect import Dialect, Page
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
# The schema's input names for the fields OpenCodeHub names otherwise.
FIELDS = {"headRefName": "head", "baseRefName": "base"}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(data: Any) -> dict[str, Any]:
    return {"data": data, "meta": {"timestamp": now()}}


def error(err: ApiError, request: Request) -> tuple[int, Any]:
    code, constraint = err.code, err.constraint
    if code == "NOT_FOUND" and err.field:
        # Something the body names (a branch) is missing: the body is wrong, not the URL.
        code, constraint = "BAD_USER_INPUT", "exists"
    body: dict[str, Any] = {"code": CODES.get(code, "INTERNAL_ERROR"), "message": err.message}
    if err.field:
        body["details"] = {"field": err.field, "constraint": constraint or "invalid"}
    request_id = request.headers.get("x-request-id") or f"req-{uuid.uuid4().hex[:12]}"
    return _STATUS.get(code, err.status), {
        "error": body,
        "meta": {"timestamp": now(), "request_id": request_id},
    }


def paginate(request: Request, body: Any, page: Page) -> tuple[Any, dict[str, str]]:
    """A list's place goes in ``meta``, under OpenCodeHub's own names."""
    meta = {
        **body["meta"],
        "page": page.number,
        "perPage": page.size,
        "total": page.total,
        "totalPages": -(-page.total // page.size),
    }
    return {**body, "meta": meta}, {}


OPENCODEHUB = Dialect(
    name="opencodehub",
    error=error,
    scopes="opencodehub",
    envelope=envelope,
    paginate=paginate,
    page_size_param="per_page",
    fields=FIELDS,
)
