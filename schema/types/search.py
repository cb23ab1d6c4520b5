"""GitHub's ``search(query:, type:, first:, after:)`` (see ``app.services.search``)."""

from __future__ import annotations

import base64
import binascii
from enum import Enum
from typing import Annotated, Any, TypeAlias

import strawberry

from app.errors import InvalidInput
from app.models import Issue as IssueModel
from app.services import search as searching
from app.services.pagination import capped_count
from schema.context import Info
from schema.types.account import User
from schema.types.connection import PageInfo
from schema.types.issue import Issue
from schema.types.pull_request import PullRequest
from schema.types.repository import Repository

_PREFIX = "search:v1:"


@strawberry.enum(description="What search looks for (GitHub's SearchType).")
class SearchType(Enum):
    ISSUE = "ISSUE"
    REPOSITORY = "REPOSITORY"
    USER = "USER"


SearchResultItem: TypeAlias = Annotated[
    Issue | PullRequest | Repository | User,
    strawberry.union("SearchResultItem", description="Something search found."),
]


@strawberry.type
class SearchResultItemEdge:
    cursor: str
    node: SearchResultItem


@strawberry.type(description="One page of search results, newest first (1,000 reachable).")
class SearchResultItemConnection:
    nodes: list[SearchResultItem]
    edges: list[SearchResultItemEdge]
    page_info: PageInfo
    issue_count: int = strawberry.field(description="Issues and pull requests found.")
    repository_count: int
    user_count: int


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        digits = raw.removeprefix(_PREFIX)
        if raw == digits or not digits.isdigit() or len(digits) > 6:
            raise ValueError(raw)
        return int(digits) + 1
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("That cursor is not valid.", field="after") from None


async def _newest(query: Any, limit: int) -> list[Any]:
    return list(await query.order_by("-created_at", "-id").limit(limit))


async def search(
    info: Info,
    query: str,
    type: SearchType,
    first: int | None = None,
    after: str | None = None,
) -> SearchResultItemConnection:
    actor = info.context.actor
    terms = searching.parse(query)
    offset, size = searching.window(first, _decode(after))
    counts = {"issue": 0, "repository": 0, "user": 0}
    found: list[Any]
    if type == SearchType.ISSUE:
        issues = await searching.issues(actor, terms)
        pulls = await searching.pull_requests(actor, terms)
        rows: list[Any] = []
        parts: list[Any] = [issues, pulls]
        for part in parts:
            if part is not None:
                counts["issue"] += await capped_count(part)
                rows += await _newest(part, offset + size + 1)
        rows.sort(key=lambda row: (row.created_at, row.id), reverse=True)
        found = [
            Issue.of(row) if isinstance(row, IssueModel) else PullRequest.of(row)
            for row in rows[offset : offset + size + 1]
        ]
    elif type == SearchType.REPOSITORY:
        repos = await searching.repositories_found(actor, terms)
        counts["repository"] = await capped_count(repos)
        rows = await _newest(repos, offset + size + 1)
        found = [Repository.of(row) for row in rows[offset:]]
    else:
        users = searching.users_found(terms)
        counts["user"] = await capped_count(users)
        rows = await _newest(users, offset + size + 1)
        found = [User(model=row) for row in rows[offset:]]
    has_next = len(found) > size and offset + size < searching.MAX_RESULTS
    nodes = found[:size]
    cursors = [_encode(offset + i) for i in range(len(nodes))]
    return SearchResultItemConnection(
        nodes=nodes,
        edges=[SearchResultItemEdge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)],
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=offset > 0,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        issue_count=counts["issue"],
        repository_count=counts["repository"],
        user_count=counts["user"],
    )
