"""The Isurus dialect's conventions: ``{"data"}`` envelopes, a ``pagination``
object on lists, ``{"error": {"code", "message"}}`` errors."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from rest_compat.dialect import Dialect, Page
from rest_compat.errors import ApiError

# The seed documents "not_found"; the other codes follow its snake_case style.
CODES: dict[str, tuple[int, str]] = {
    "MALFORMED_BODY": (400, "bad_request"),
    "BAD_USER_INPUT": (422, "validation_failed"),
    "UNAUTHENTICATED": (401, "unauthorized"),
    "FORBIDDEN": (403, "forbidden"),
    "NOT_FOUND": (404, "not_found"),
    "METHOD_NOT_ALLOWED": (405, "method_not_allowed"),
    "CONFLICT": (409, "conflict"),
    "PAYLOAD_TOO_LARGE": (413, "payload_too_large"),
    "RATE_LIMITED": (429, "rate_limited"),
}


def error(err: ApiError, request: Request) -> tuple[int, Any]:
    status, code = CODES.get(err.code, (500, "internal_error"))
    body: dict[str, Any] = {"code": code, "message": err.message}
    if err.field:
        body["field"] = err.field
    return status, {"error": body}


def envelope(body: Any) -> Any:
    return {"data": body}


def pagination(request: Request, body: Any, page: Page) -> tuple[Any, dict[str, str]]:
    place: dict[str, Any] = {"page": page.number, "per_page": page.size, "total": page.total}
    if not page.exact:
        place["total_is_estimate"] = True
    return {**body, "pagination": place}, {}


ISURUS = Dialect(
    name="isurus",
    error=error,
    scopes="isurus",
    envelope=envelope,
    paginate=pagination,
    page_size_param="per_page",
)
