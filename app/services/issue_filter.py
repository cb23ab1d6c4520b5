"""Filtering a repository's issues: by labels, author, assignee, milestone and text.

Every filter narrows the issue rows themselves (plain joins on to-one relations,
``id IN (subquery)`` for to-many ones), so rows stay distinct and keyset
pagination and ``totalCount`` stay correct.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.models import Account, Issue, IssueState, columns
from app.services.naming import validate_text

MAX_LABEL_FILTERS = 10

# The third state Ingot's GraphQL had before GitHub's two: an open, untriaged issue.
# Accepted in filters for one release (deprecated); never stored.
UNTRIAGED = "NEW"


def with_states(query: QuerySet[Issue], states: Collection[str] | None) -> QuerySet[Issue]:
    """Issues in any of ``states`` (``OPEN``, ``CLOSED``, or ``UNTRIAGED``); all if none."""
    wanted = set(states or ())
    if not wanted:
        return query
    either: list[Q] = []
    if IssueState.OPEN in wanted:
        either.append(Q(state=IssueState.OPEN))
    elif UNTRIAGED in wanted:
        either.append(Q(state=IssueState.OPEN, triaged=False))
    if IssueState.CLOSED in wanted:
        either.append(Q(state=IssueState.CLOSED))
    return query.filter(Q(*either, join_type=Q.OR))


@dataclass(frozen=True)
class IssueFilter:
    """``labels`` are names the issue must all carry; label names and logins match
    case-insensitively (as GitHub's ``labels:`` filter does)."""

    labels: list[str] = field(default_factory=list)
    created_by: str | None = None
    assignee: str | None = None
    milestone_number: int | None = None
    search: str | None = None
    triaged: bool | None = None
    # GitHub's IssueFilters: updated at or after; '@login' in the title or body; any
    # milestone (True) or none (False).
    since: datetime | None = None
    mentioned: str | None = None
    has_milestone: bool | None = None

    def narrows(self) -> bool:
        """Whether any filter is set (an empty one keeps every issue of the states asked)."""
        return bool(
            self.labels
            or self.created_by is not None
            or self.assignee is not None
            or self.milestone_number is not None
            or self.search
            or self.triaged is not None
            or self.since is not None
            or self.mentioned is not None
            or self.has_milestone is not None
        )

    def validate(self) -> IssueFilter:
        if len(self.labels) > MAX_LABEL_FILTERS:
            raise InvalidInput(f"Filter by at most {MAX_LABEL_FILTERS} labels.", field="labels")
        for value, name in (
            (self.created_by, "createdBy"),
            (self.assignee, "assignee"),
            (self.mentioned, "mentioned"),
        ):
            if value is not None:
                validate_text(value, field=name, max_length=100)
        if self.search is not None:
            validate_text(self.search, field="search", max_length=256)
        return self

    def apply(self, query: QuerySet[Issue]) -> QuerySet[Issue]:
        self.validate()
        for name in dict.fromkeys(label.strip().lower() for label in self.labels):
            labelled = Issue.filter(labels__name__iexact=name).values("id")
            query = query.filter(id__in=Subquery(labelled))
        if self.created_by is not None:
            query = query.filter(author__login_lower=_login_key(self.created_by))
        if self.assignee is not None:
            assigned = Issue.filter(assignees__login_lower=_login_key(self.assignee)).values("id")
            query = query.filter(id__in=Subquery(assigned))
        if self.milestone_number is not None:
            query = query.filter(milestone__number=self.milestone_number)
        if self.search:
            # icontains escapes % and _ and compares UPPER() of both sides on every backend.
            text = self.search.strip()
            query = query.filter(Q(title__icontains=text) | Q(body__icontains=text))
        if self.triaged is not None:
            query = query.filter(triaged=self.triaged)
        if self.since is not None:
            query = query.filter(updated_at__gte=self.since)
        if self.has_milestone is not None:
            query = query.filter(milestone_id__isnull=not self.has_milestone)
        if self.mentioned:
            mention = f"@{self.mentioned.strip()}"
            query = query.filter(Q(title__icontains=mention) | Q(body__icontains=mention))
        return query


def _login_key(login: str) -> str:
    """The lookup key of a login; one too long to exist is "", which no account has."""
    return login.lower() if columns.fits(Account, "login_lower", login) else ""
