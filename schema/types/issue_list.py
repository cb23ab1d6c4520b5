"""A repository's issues and pull requests in GitHub's ``orderBy`` and ``filterBy``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from app.models import PullRequest as PullRequestModel
from app.models import Repository as RepositoryModel
from app.services import issue as issues
from app.services.issue_filter import IssueFilter, with_states
from schema.types.connection import Connection
from schema.types.issue import Issue
from schema.types.issue_state import state_values
from schema.types.order import IssueFilters, IssueOrder, OrderDirection, milestone_filter, ordered
from schema.types.pull_request import PullRequest

T = TypeVar("T")


def with_filters(where: IssueFilter, given: IssueFilters | None) -> IssueFilter:
    """``where`` narrowed by GitHub's ``filterBy`` (its states are applied separately)."""
    if given is None:
        return where
    number, has_milestone = milestone_filter(given.milestone)
    return IssueFilter(
        labels=[*where.labels, *(given.labels or [])],
        created_by=given.created_by if given.created_by is not None else where.created_by,
        assignee=given.assignee if given.assignee is not None else where.assignee,
        milestone_number=number if number is not None else where.milestone_number,
        search=where.search,
        triaged=where.triaged,
        since=given.since,
        mentioned=given.mentioned,
        has_milestone=has_milestone,
    ).validate()


async def issue_connection(
    repo: RepositoryModel,
    where: IssueFilter,
    states: list[str] | None,
    *,
    order_by: IssueOrder | None,
    filter_by: IssueFilters | None,
    newest_first: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    page: int | None,
    total: int | None = None,
) -> Connection[Issue]:
    """GitHub's ``issues(orderBy:, filterBy:)``; ``total`` is the list's length when known
    (the repository's counters, for an unfiltered list)."""
    query = issues.issues_query(repo, states, with_filters(where, filter_by))
    if filter_by is not None and filter_by.states:
        query = with_states(query, state_values(filter_by.states))
    return await _in_order(
        query,
        Issue.of,
        order_by,
        newest_first,
        first=first,
        after=after,
        last=last,
        before=before,
        page=page,
        total=total,
    )


async def pull_request_connection(
    query: QuerySet[PullRequestModel],
    *,
    labels: list[str] | None,
    order_by: IssueOrder | None,
    newest_first: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    page: int | None,
    total: int | None = None,
) -> Connection[PullRequest]:
    """GitHub's ``pullRequests(labels:, orderBy: IssueOrder)``. Ingot labels issues only,
    so a pull request carries no label and any ``labels`` filter matches none."""
    if labels:
        query = query.filter(id=0)
    return await _in_order(
        query,
        PullRequest.of,
        order_by,
        newest_first,
        first=first,
        after=after,
        last=last,
        before=before,
        page=page,
        total=None if labels else total,
    )


async def _in_order(
    query: QuerySet[Any],
    convert: Callable[[Any], T],
    order_by: IssueOrder | None,
    newest_first: bool,
    **paging: Any,
) -> Connection[T]:
    """``query`` paged in ``order_by`` (GitHub's IssueOrder), or in creation order
    (newest first if asked) without one."""
    field = order_by.field.value if order_by else "CREATED_AT"
    if order_by:
        direction = order_by.direction
    else:
        direction = OrderDirection.DESC if newest_first else OrderDirection.ASC
    if field == "COMMENTS":
        query = query.annotate(comment_total=Count("comments"))
    return await ordered(query, convert, field, direction, **paging)
