"""GitHub's ``rateLimit``: the budget this request drew on and what it cost.

The limiter (``app.services.rate_limit``, run by the transport before the request
reaches GraphQL) charges one request per HTTP request, whatever the query: that is
``cost``, and ``limit``/``remaining``/``resetAt`` are the same budget REST draws on
(the ``X-RateLimit-*`` headers). ``nodeCount`` is the query's size as the query cost
limit measures it (``schema/limits.py``, ``INGOT_MAX_QUERY_COST``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from graphql import FragmentDefinitionNode

from app.services.rate_limit import DECISION_KEY, Decision
from schema.context import Info
from schema.graphql_internals import fragments_of
from schema.limits import measure


@strawberry.type(description="GitHub's RateLimit: the budget this request drew on.")
class RateLimit:
    limit: int = strawberry.field(description="Requests allowed per window.")
    cost: int = strawberry.field(description="What this request was charged: 1.")
    remaining: int = strawberry.field(description="Requests left in this window.")
    reset_at: datetime = strawberry.field(description="When the window ends.")
    used: int = strawberry.field(description="Requests used in this window.")
    node_count: int = strawberry.field(
        description="How many objects this query could return (the query cost limit's measure)."
    )


class _Fragments:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments

    def get_fragment(self, name: str) -> FragmentDefinitionNode | None:
        return self.fragments.get(name)


def rate_limit(info: Info, dry_run: bool = False) -> RateLimit | None:
    """Null where no budget applies (a WebSocket subscription, an in-process call)."""
    request = info.context.request
    state: dict[str, Any] = request.scope.get("state", {}) if request is not None else {}
    decision = state.get(DECISION_KEY)
    if not isinstance(decision, Decision):
        return None
    size = measure(_Fragments(fragments_of(info)), info.operation.selection_set, frozenset())
    return RateLimit(
        limit=decision.limit,
        cost=1,
        remaining=decision.remaining,
        reset_at=datetime.fromtimestamp(decision.reset, UTC),
        used=decision.limit - decision.remaining,
        node_count=size.cost,
    )
