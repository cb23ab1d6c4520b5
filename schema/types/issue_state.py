"""The issue state enum, below the types that filter by it (users, milestones, repositories)."""

from __future__ import annotations

from enum import Enum

import strawberry

NEW_DEPRECATION = (
    "Issues are OPEN or CLOSED, as on GitHub; an untriaged issue is OPEN with "
    "'isTriaged: false'. NEW is still accepted in filters (open and untriaged) for one "
    "release and is never returned."
)


@strawberry.enum(
    description="GitHub's issue states; whether an open issue was triaged is 'isTriaged'."
)
class IssueState(Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    NEW = strawberry.enum_value("NEW", deprecation_reason=NEW_DEPRECATION)


def state_values(states: list[IssueState] | None) -> list[str] | None:
    """The service's filter values: ``OPEN``, ``CLOSED`` or ``NEW`` (open and untriaged)."""
    return [state.value for state in states] if states else None
