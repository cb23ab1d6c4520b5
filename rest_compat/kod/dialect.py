"""The Kod dialect's conventions: bare JSON, plain arrays, ``{"error": "..."}`` errors.

Kod's document shows no error body; ``{"error": message}`` is what Kod's
server answers and what its CLI prints. A request without a token is 401.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from rest_compat.dialect import Dialect, Page
from rest_compat.errors import ApiError

# Kod refuses a body it cannot use with 400, whatever is wrong with it.
_STATUS = {"BAD_USER_INPUT": 400, "MALFORMED_BODY": 400}


def error(err: ApiError, request: Request) -> tuple[int, Any]:
    body: dict[str, Any] = {"error": err.message}
    if err.field:
        body["field"] = err.field
    return _STATUS.get(err.code, err.status), body


def total_count(request: Request, body: Any, page: Page) -> tuple[Any, dict[str, str]]:
    """Kod lists are plain arrays; the size of the whole list goes in a header."""
    return body, {"X-Total-Count": str(page.total)}


# The schema's input names to the body names of Kod's routes.
FIELDS = {
    "login": "username",
    "scopes": "permissions",
    "expiresAt": "expiresInDays",
    "url": "source",
}

KOD = Dialect(name="kod", error=error, scopes="kod", paginate=total_count, fields=FIELDS)
