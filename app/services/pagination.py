"""Keyset pagination over primary keys, with page numbers served on top.

Cursors are opaque and name the last row seen, so deep cursor pages cost the
same as the first. A page number becomes a key first: the rows before it are
walked in key order, keys only (an index-only scan where the list has an index
on its filter and key, as issues and pull requests do), then the page is read
from that key on. A list whose exact length is known (``total``: per-repository
counters) walks from whichever end is nearer, so its last page costs what its
first does. Other lists are counted only as far as the page asked for needs
(at least ``COUNT_CAP`` rows); a count that stops there is a lower bound, and
``Page.counted`` says so.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.models.tortoise_internals import compiled_sql, model_connection

T = TypeVar("T", bound=Model)

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
# No list is longer (its keys are 32-bit): pages past this offset are empty, unread.
MAX_OFFSET = 2**31 - 1
COUNT_CAP = 100_000
# From this depth on, a page's first key is found by walking keys alone.
SEEK_FROM = 1_000
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
    # Set when the list's exact length is known (counters, or a loader fetched it whole).
    known_total: int | None = None
    # How far a COUNT must go to be of use to this page; past it the count is a bound.
    count_limit: int = COUNT_CAP
    _counted: tuple[int, bool] | None = field(default=None, repr=False)

    async def counted(self) -> tuple[int, bool]:
        """(how many items the list holds, whether that is exact or a lower bound)."""
        if self.known_total is not None:
            return self.known_total, True
        if self._counted is None:
            found = await capped_count(self.query, self.count_limit + 1)
            self._counted = (found, found <= self.count_limit)
        return self._counted

    async def total_count(self) -> int:
        return (await self.counted())[0]


async def capped_count(query: QuerySet[T], cap: int = COUNT_CAP) -> int:
    """``COUNT(*)`` that stops at ``cap`` rows."""
    ids = query.order_by().limit(cap).values_list("id", flat=True)
    # Parameterised, not inlined: inlining leaves subquery filters as bare placeholders.
    sql, params = compiled_sql(ids)
    connection = model_connection(query.model)
    # The inner SQL is built by Tortoise from our own filters; values stay parameters.
    capped = f"SELECT COUNT(*) AS n FROM ({sql}) AS capped"  # noqa: S608
    rows = await connection.execute_query_dict(capped, params)
    return int(rows[0]["n"])


async def _slice(query: QuerySet[T], descending: bool, skip: int, take: int) -> list[T]:
    """``take`` rows after the first ``skip`` in key order; deep ones found by key first."""
    order = "-id" if descending else "id"
    if take <= 0:
        return []
    if skip >= SEEK_FROM:
        keys = await query.order_by(order).offset(skip).limit(1).values_list("id", flat=True)
        if not keys:
            return []
        query = query.filter(id__lte=keys[0]) if descending else query.filter(id__gte=keys[0])
        skip = 0
    ordered = query.order_by(order)
    return list(await (ordered.offset(skip) if skip else ordered).limit(take))


async def _numbered(
    query: QuerySet[T], descending: bool, offset: int, size: int, total: int | None
) -> tuple[list[T], bool]:
    """The page at ``offset`` and whether rows follow it."""
    if total is not None:
        if offset >= total:
            return [], False
        after = total - offset - size  # rows after this page
        if after < offset:
            rows = await _slice(query, not descending, max(after, 0), size + min(after, 0))
            rows.reverse()
            return rows, after > 0
    rows = await _slice(query, descending, offset, size + 1)
    return rows[:size], len(rows) > size


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
    total: int | None = None,
) -> Page[T]:
    """One page of ``query`` in key order; ``total`` is its exact length if known."""
    first, last = _size(first, "first"), _size(last, "last")
    if first is not None and last is not None:
        raise InvalidInput("Pass either 'first' or 'last', not both.", field="last")
    if page is not None and (last is not None or after or before):
        raise InvalidInput("'page' goes with 'first' only.", field="page")
    base = query
    if after:
        key = decode_cursor(after, "after")
        query = query.filter(id__lt=key) if descending else query.filter(id__gt=key)
    if before:
        key = decode_cursor(before, "before")
        query = query.filter(id__gt=key) if descending else query.filter(id__lt=key)
    if last is not None:
        rows = list(await query.order_by("id" if descending else "-id").limit(last + 1))
        has_previous = len(rows) > last
        items = list(reversed(rows[:last]))
        return Page(
            items,
            has_next_page=bool(before),
            has_previous_page=has_previous,
            query=base,
            known_total=total,
        )
    size = first if first is not None else DEFAULT_PAGE_SIZE
    offset = 0
    if page is not None:
        if page < 1:
            raise InvalidInput("'page' starts at 1.", field="page")
        offset = (page - 1) * size
    if offset > MAX_OFFSET:
        rows, has_next = [], False  # no list holds that many: past its last page
    else:
        rows, has_next = await _numbered(
            query, descending, offset, size, None if after or before else total
        )
    return Page(
        rows,
        has_next_page=has_next,
        has_previous_page=bool(after) or offset > 0,
        query=base,
        known_total=total,
        count_limit=max(COUNT_CAP, min(offset, MAX_OFFSET) + size),
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
