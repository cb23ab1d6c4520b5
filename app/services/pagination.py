"""Keyset pagination over primary keys, with page numbers served on top.

Cursors are opaque and name the last row seen, so deep cursor pages cost the
same as the first. Page numbers need an OFFSET; it is capped, and so is the
count behind ``totalCount``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.models.tortoise_internals import compiled_sql, model_connection

T = TypeVar("T", bound=Model)

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
MAX_OFFSET = 100_000
COUNT_CAP = 100_000
_PREFIX = "cursor:v1:"


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{key}".encode()).decode()


def decode_cursor(cursor: str, field: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        digits = raw.removeprefix(_PREFIX)
        # Keys are 32-bit ids: anything else would fail in the database, not here.
        if raw == digits or not (digits.isascii() and digits.isdigit()) or len(digits) > 10:
            raise ValueError(raw)
        key = int(digits)
        if key > 2**31 - 1:
            raise ValueError(raw)
        return key
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("That cursor is not valid.", field=field) from None


@dataclass
class Page(Generic[T]):
    items: list[T]
    has_next_page: bool
    has_previous_page: bool
    query: QuerySet[T]
    # Set when the whole list was loaded already (a batched loader), to skip the COUNT.
    known_total: int | None = None

    async def total_count(self) -> int:
        if self.known_total is not None:
            return self.known_total
        return await capped_count(self.query)


async def capped_count(query: QuerySet[T]) -> int:
    """``COUNT(*)`` that stops at ``COUNT_CAP`` rows."""
    ids = query.order_by().limit(COUNT_CAP).values_list("id", flat=True)
    # Parameterised, not inlined: inlining leaves subquery filters as bare placeholders.
    sql, params = compiled_sql(ids)
    connection = model_connection(query.model)
    # The inner SQL is built by Tortoise from our own filters; values stay parameters.
    capped = f"SELECT COUNT(*) AS n FROM ({sql}) AS capped"  # noqa: S608
    rows = await connection.execute_query_dict(capped, params)
    return int(rows[0]["n"])


def _size(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if value < 0 or value > MAX_PAGE_SIZE:
        raise InvalidInput(f"'{field}' must be between 0 and {MAX_PAGE_SIZE}.", field=field)
    return value


async def paginate(
    query: QuerySet[T],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    page: int | None = None,
    descending: bool = False,
) -> Page[T]:
    first, last = _size(first, "first"), _size(last, "last")
    if first is not None and last is not None:
        raise InvalidInput("Pass either 'first' or 'last', not both.", field="last")
    if page is not None and (last is not None or after or before):
        raise InvalidInput("'page' goes with 'first' only.", field="page")
    base = query
    asc, desc = ("-id", "id") if descending else ("id", "-id")
    if after:
        key = decode_cursor(after, "after")
        query = query.filter(id__lt=key) if descending else query.filter(id__gt=key)
    if before:
        key = decode_cursor(before, "before")
        query = query.filter(id__gt=key) if descending else query.filter(id__lt=key)
    if last is not None:
        rows = list(await query.order_by(desc).limit(last + 1))
        has_previous = len(rows) > last
        items = list(reversed(rows[:last]))
        return Page(items, has_next_page=bool(before), has_previous_page=has_previous, query=base)
    size = first if first is not None else DEFAULT_PAGE_SIZE
    offset = 0
    if page is not None:
        if page < 1:
            raise InvalidInput("'page' starts at 1.", field="page")
        offset = (page - 1) * size
        if offset > MAX_OFFSET:
            raise InvalidInput(
                f"Pages deeper than {MAX_OFFSET} rows are served by cursor only.", field="page"
            )
    rows = list(await query.order_by(asc).offset(offset).limit(size + 1))
    has_next = len(rows) > size
    return Page(
        rows[:size],
        has_next_page=has_next,
        has_previous_page=bool(after) or offset > 0,
        query=base,
    )


def paginate_loaded(
    rows: list[T],
    query: QuerySet[T],
    *,
    first: int | None = None,
    after: str | None = None,
    page: int | None = None,
) -> Page[T]:
    """Forward keyset pagination over a list a loader already fetched whole, sorted by id.

    ``page`` (1-based, with ``first`` as the page size) instead of ``after``.
    """
    size = _size(first, "first")
    size = DEFAULT_PAGE_SIZE if size is None else size
    rest = rows
    if page is not None:
        if after:
            raise InvalidInput("'page' goes with 'first' only.", field="page")
        if page < 1:
            raise InvalidInput("'page' starts at 1.", field="page")
        rest = rows[(page - 1) * size :]
    if after:
        key = decode_cursor(after, "after")
        rest = [row for row in rows if row.pk > key]
    return Page(
        rest[:size],
        has_next_page=len(rest) > size,
        has_previous_page=bool(after) or len(rest) < len(rows),
        query=query,
        known_total=len(rows),
    )
