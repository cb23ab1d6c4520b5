"""GitHub's ``orderBy`` inputs and ``IssueFilters``, and the connections they page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import strawberry
from tortoise.expressions import F
from tortoise.functions import Coalesce
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.services import ordered_pagination
from schema.types.connection import Connection, paged
from schema.types.issue_state import IssueState

T = TypeVar("T")


@strawberry.enum(description="GitHub's order directions.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum
class IssueOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    COMMENTS = "COMMENTS"


@strawberry.input(description="GitHub's IssueOrder.")
class IssueOrder:
    field: IssueOrderField
    direction: OrderDirection


@strawberry.enum
class ReleaseOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    NAME = "NAME"


@strawberry.input(description="GitHub's ReleaseOrder.")
class ReleaseOrder:
    field: ReleaseOrderField
    direction: OrderDirection


@strawberry.enum
class RepositoryOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    PUSHED_AT = "PUSHED_AT"
    NAME = "NAME"
    STARGAZERS = "STARGAZERS"


@strawberry.input(description="GitHub's RepositoryOrder.")
class RepositoryOrder:
    field: RepositoryOrderField
    direction: OrderDirection


@strawberry.input(description="GitHub's IssueFilters; each given filter narrows the list.")
class IssueFilters:
    assignee: str | None = strawberry.field(default=None, description="A login.")
    created_by: str | None = strawberry.field(default=None, description="The author's login.")
    labels: list[str] | None = strawberry.field(
        default=None, description="Label names the issue must all carry."
    )
    mentioned: str | None = strawberry.field(
        default=None, description="A login '@mentioned' in the title or body."
    )
    milestone: str | None = strawberry.field(
        default=None,
        description="A milestone's number, '*' for any milestone, 'none' for none.",
    )
    since: datetime | None = strawberry.field(
        default=None, description="Only issues updated at or after this time."
    )
    states: list[IssueState] | None = None


def milestone_filter(value: str | None) -> tuple[int | None, bool | None]:
    """``(number, any)``: a number, or whether any milestone at all (``*``/``none``)."""
    if value is None:
        return None, None
    if value == "*":
        return None, True
    if value.lower() == "none":
        return None, False
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value), None
    raise InvalidInput("'milestone' is a number, '*' or 'none'.", field="milestone")


# Each ordered column; None is creation order, which is the id's.
COLUMNS: dict[str, str | None] = {
    "CREATED_AT": None,
    "UPDATED_AT": "updated_at",
    "COMMENTS": "comment_total",
}
RELEASE_COLUMNS: dict[str, str | None] = {"CREATED_AT": None, "NAME": "name"}


async def ordered(
    query: QuerySet[Any],
    convert: Callable[[Any], T],
    field: str,
    direction: OrderDirection,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    page: int | None,
    columns: dict[str, str | None] | None = None,
    total: int | None = None,
) -> Connection[T]:
    """``query`` paged in GitHub's order ``field``: creation order is the id's (every
    paging argument works, and ``total``, the list's length when known, spares a count);
    other orders page forward by cursor only."""
    descending = direction == OrderDirection.DESC
    column = (columns or COLUMNS)[field]
    if column is None:
        return await paged(
            query,
            convert,
            first=first,
            after=after,
            last=last,
            before=before,
            page=page,
            descending=descending,
            total=total,
        )
    if last is not None or before or page is not None:
        raise InvalidInput("This order pages forward only ('first' and 'after').", field="orderBy")
    order = ordered_pagination.Order(column, descending)
    found, cursors = await ordered_pagination.paginate(query, order, first=first, after=after)
    return Connection(nodes=[convert(row) for row in found.items], cursors=cursors, page=found)


# A repository never pushed to counts as pushed when it was made; stars are not kept
# yet (every count is 0), so STARGAZERS is creation order.
REPOSITORY_COLUMNS: dict[str, str | None] = {
    "CREATED_AT": None,
    "STARGAZERS": None,
    "UPDATED_AT": "updated_at",
    "PUSHED_AT": "pushed_or_created_at",
    "NAME": "name_lower",
}


async def ordered_repositories(
    query: QuerySet[Any],
    convert: Callable[[Any], T],
    order_by: RepositoryOrder,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    page: int | None,
) -> Connection[T]:
    field = order_by.field.value
    if field == "PUSHED_AT":
        query = query.annotate(pushed_or_created_at=Coalesce("pushed_at", F("created_at")))
    return await ordered(
        query,
        convert,
        field,
        order_by.direction,
        first=first,
        after=after,
        last=last,
        before=before,
        page=page,
        columns=REPOSITORY_COLUMNS,
    )
