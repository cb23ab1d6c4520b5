"""Domain errors, raised where the fact is known and mapped once per surface.

GraphQL maps each to ``extensions.code``; every REST dialect maps the code to
its own status and envelope.
"""

from __future__ import annotations


class IngotError(Exception):
    """Base of every error a caller is meant to see."""

    code = "INTERNAL"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Unauthenticated(IngotError):
    code = "UNAUTHENTICATED"


class Forbidden(IngotError):
    code = "FORBIDDEN"


class NotFound(IngotError):
    code = "NOT_FOUND"


class InvalidInput(IngotError):
    code = "BAD_USER_INPUT"


class Conflict(IngotError):
    code = "CONFLICT"


class PayloadTooLarge(IngotError):
    code = "PAYLOAD_TOO_LARGE"


class RateLimited(IngotError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
