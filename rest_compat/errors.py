"""The one error every REST route raises or receives, keyed by the schema's error codes.

``code`` is a GraphQL ``extensions.code`` (``NOT_FOUND``, ``BAD_USER_INPUT``...)
or one of the transport's own (``MALFORMED_BODY``, ``PAYLOAD_TOO_LARGE``,
``METHOD_NOT_ALLOWED``); each dialect maps codes to its status and body.
"""

from __future__ import annotations

from typing import Any

STATUS: dict[str, int] = {
    "MALFORMED_BODY": 400,
    "BAD_USER_INPUT": 422,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "CONFLICT": 409,
    "PAYLOAD_TOO_LARGE": 413,
    "RATE_LIMITED": 429,
    "INTERNAL_SERVER_ERROR": 500,
}


class ApiError(Exception):
    """``field``/``constraint`` say which input was wrong and how (``required``, ``type``...)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        constraint: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.constraint = constraint
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return STATUS.get(self.code, 500 if self.code.startswith("INTERNAL") else 400)

    @classmethod
    def from_graphql(cls, error: dict[str, Any]) -> ApiError:
        """The error of a GraphQL result (``error.formatted``)."""
        extensions = error.get("extensions") or {}
        code = str(extensions.get("code") or "INTERNAL_SERVER_ERROR")
        headers = {}
        if "retryAfter" in extensions:
            headers["Retry-After"] = str(extensions["retryAfter"])
        field = extensions.get("field")
        constraint = "invalid" if code == "BAD_USER_INPUT" else None
        return cls(
            code,
            str(error.get("message") or code),
            field=field,
            constraint=constraint,
            headers=headers,
        )


def not_found(what: str = "Not Found") -> ApiError:
    return ApiError("NOT_FOUND", what)


def require(value: Any, what: str) -> Any:
    """``value``, or a NOT_FOUND error when the schema answered null (absent or invisible)."""
    if value is None:
        raise not_found(f"{what} not found.")
    return value
