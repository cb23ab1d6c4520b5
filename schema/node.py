"""Relay global ids: opaque base64 of ``Type:databaseId``."""

from __future__ import annotations

import base64
import binascii

import strawberry

from app.errors import NotFound


def encode_global_id(type_name: str, database_id: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{database_id}".encode()).decode().rstrip("=")


def decode_global_id(global_id: str, expected: str | None = None) -> tuple[str, int]:
    """``(type name, database id)``; NotFound for anything malformed or of another type."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        database_id = int(raw_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise NotFound("No object has that id.") from None
    if expected is not None and type_name != expected:
        raise NotFound(f"No {expected} has that id.")
    return type_name, database_id


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
