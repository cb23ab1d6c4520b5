"""Relay connections with ``nodes``, ``edges``, ``pageInfo`` and ``totalCount``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.services.pagination import MAX_PAGE_SIZE, Page, decode_cursor, encode_cursor, paginate

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


class _Paged(Protocol):
    cursors: list[str]
    page: Page[Any]


def _page_info(root: _Paged) -> PageInfo:
    return PageInfo(
        has_next_page=root.page.has_next_page,
        has_previous_page=root.page.has_previous_page,
        start_cursor=root.cursors[0] if root.cursors else None,
        end_cursor=root.cursors[-1] if root.cursors else None,
    )


async def _total_count(root: _Paged) -> int:
    return await root.page.total_count()


async def _is_total_count_exact(root: _Paged) -> bool:
    return (await root.page.counted())[1]


_TOTAL_COUNT = (
    "How many items the whole list holds: exact for unfiltered issue and pull request "
    "lists and any list shorter than 100,000 (or than the page asked for reaches); "
    "otherwise a lower bound (see isTotalCountExact)."
)
_IS_EXACT = "Whether totalCount is exact; false when counting stopped early and it is a bound."


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    nodes: list[T]
    cursors: strawberry.Private[list[str]]
    page: strawberry.Private[Page[Any]]

    @strawberry.field
    def edges(self) -> list[Edge[T]]:
        return [Edge(cursor=c, node=n) for c, n in zip(self.cursors, self.nodes, strict=True)]

    page_info = strawberry.field(resolver=_page_info)
    total_count = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    is_total_count_exact = strawberry.field(resolver=_is_total_count_exact, description=_IS_EXACT)


def connection(page: Page[Any], convert: Callable[[Any], T]) -> Connection[T]:
    return Connection(
        nodes=[convert(item) for item in page.items],
        cursors=[encode_cursor(item.id) for item in page.items],
        page=page,
    )


async def paged(
    query: QuerySet[Any],
    convert: Callable[[Any], T],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    page: int | None = None,
    descending: bool = False,
    total: int | None = None,
) -> Connection[T]:
    """One page of ``query`` (see ``pagination.paginate``) as a connection of converted rows."""
    found = await paginate(
        query,
        first=first,
        after=after,
        last=last,
        before=before,
        page=page,
        descending=descending,
        total=total,
    )
    return connection(found, convert)


@strawberry.type
class PagedConnection:
    """Base of connections whose edges carry more than a cursor and a node."""

    cursors: strawberry.Private[list[str]]
    page: strawberry.Private[Page[Any]]

    page_info = strawberry.field(resolver=_page_info)
    total_count = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    is_total_count_exact = strawberry.field(resolver=_is_total_count_exact, description=_IS_EXACT)


def loaded_connection(
    rows: list[Any],
    query: QuerySet[Any],
    convert: Callable[[Any], T],
    *,
    first: int | None = None,
    after: str | None = None,
) -> Connection[T]:
    """A connection over a short list a loader fetched whole, kept in the loader's order
    (labels by name, users by login): a cursor names its row's id and ``after`` resumes
    past that row. ``query`` is the same list, never run (the total is known)."""
    size = _loaded_size(first)
    start = 0
    if after:
        key = decode_cursor(after, "after")
        start = next((i + 1 for i, row in enumerate(rows) if row.pk == key), len(rows))
    rest = rows[start:]
    page = Page(
        rest[:size],
        has_next_page=len(rest) > size,
        has_previous_page=start > 0,
        query=query,
        known_total=len(rows),
    )
    return connection(page, convert)


def _loaded_size(first: int | None) -> int:
    if first is None:
        return MAX_PAGE_SIZE
    if first < 0 or first > MAX_PAGE_SIZE:
        raise InvalidInput(f"'first' must be between 0 and {MAX_PAGE_SIZE}.", field="first")
    return first


def cursors_of(page: Page[Any]) -> list[str]:
    return [encode_cursor(item.id) for item in page.items]
