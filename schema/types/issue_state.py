"""The issue state enum, below the types that filter by it (users, milestones, repositories)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="NEW until triaged, then OPEN; CLOSED; reopening returns to OPEN.")
class IssueState(Enum):
    NEW = "NEW"
    OPEN = "OPEN"
    CLOSED = "CLOSED"
