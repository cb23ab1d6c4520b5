"""Keyset pagination in an order other than the primary key (GitHub's ``orderBy``).

A cursor names the order it was made for, the last row's value of the order
column and its id: the next page is ``(column, id) > (value, id)`` (``<``
descending), ordered by the column then the id, so deep pages cost the same as
the first where an index covers ``(scope, column, id)``. Ordering by the id
itself (creation order) goes through ``pagination.paginate``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page

T = TypeVar("T", bound=Model)

_PREFIX = "cursor:v2:"


@dataclass(frozen=True)
class Order:
    """``column`` is a datetime, integer or text column (or annotation) of the rows."""

    column: str
    descending: bool = False


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def encode(order: Order, row: Any) -> str:
    raw = json.dumps([order.column, _plain(getattr(row, order.column)), row.pk])
    return base64.urlsafe_b64encode(f"{_PREFIX}{raw}".encode()).decode()


def decode(order: Order, cursor: str, field: str) -> tuple[Any, int]:
    """The order value and id a cursor names; a cursor of another order is invalid."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError(raw)
        column, value, key = json.loads(raw.removeprefix(_PREFIX))
        if column != order.column or type(key) is not int or not 0 < key < 2**31:
            raise ValueError(raw)
        if column.endswith("_at") and value is not None:
            value = datetime.fromisoformat(value)
        elif not isinstance(value, int | str) or isinstance(value, bool):
            raise ValueError(raw)
        if isinstance(value, str) and len(value) > 1000:
            raise ValueError(raw)
        return value, key
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput(
            "That cursor is not valid (or is from another order).", field=field
        ) from None


async def paginate(
    query: QuerySet[T], order: Order, *, first: int | None, after: str | None
) -> tuple[Page[T], list[str]]:
    """One page after ``after`` in ``order``, and each row's cursor."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > MAX_PAGE_SIZE:
        raise InvalidInput(f"'first' must be between 0 and {MAX_PAGE_SIZE}.", field="first")
    base = query
    column = order.column
    if after:
        value, key = decode(order, after, "after")
        beyond = "lt" if order.descending else "gt"
        query = query.filter(
            Q(**{f"{column}__{beyond}": value}) | Q(**{column: value, f"id__{beyond}": key})
        )
    sign = "-" if order.descending else ""
    rows = list(await query.order_by(f"{sign}{column}", f"{sign}id").limit(size + 1))
    page = Page(
        rows[:size], has_next_page=len(rows) > size, has_previous_page=bool(after), query=base
    )
    return page, [encode(order, row) for row in page.items]
