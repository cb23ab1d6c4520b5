"""Relay global ids: opaque base64 of ``Type:databaseId``."""

from __future__ import annotations

import base64
import binascii

import strawberry

from app.errors import NotFound


def encode_global_id(type_name: str, database_id: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{database_id}".encode()).decode().rstrip("=")


# Primary keys are PostgreSQL ``integer`` columns: an id past them names nothing,
# and must not reach the database (where it would be an error, not a miss).
MAX_DATABASE_ID = 2**31 - 1


def is_database_id(raw: str) -> bool:
    """``raw`` is a database id as written in a URL or a global id: ASCII digits, 1..2^31-1."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_DATABASE_ID


def decode_global_id(
    global_id: str, expected: str | None = None, field: str | None = None
) -> tuple[str, int]:
    """``(type name, database id)``; NotFound (naming ``field``, an input's name) for anything
    malformed, of another type or with a database id no row can have."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise NotFound("No object has that id.", field=field) from None
    if not is_database_id(raw_id):
        raise NotFound("No object has that id.", field=field)
    if expected is not None and type_name != expected:
        raise NotFound(f"No {expected} has that id.", field=field)
    return type_name, int(raw_id)


@strawberry.interface(description="An object with a global, opaque ID.")
class Node:
    @strawberry.field(description="The object's global, opaque ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_global_id(type(self).__name__, self.model.id))  # type: ignore[attr-defined]

    @strawberry.field(description="The object's numeric primary key, as the REST APIs show it.")
    def database_id(self) -> int:
        return self.model.id  # type: ignore[attr-defined]

    # Set by every implementing type.
    model: strawberry.Private[object]
