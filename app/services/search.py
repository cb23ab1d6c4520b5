"""GitHub's search syntax over what the actor may read: issues and pull requests,
repositories, users.

Qualifiers that map onto Ingot: ``repo:OWNER/NAME``, ``is:open|closed|issue|pr``,
``author:LOGIN``, ``label:NAME`` (each required; pull requests carry no labels),
``assignee:LOGIN`` (issues only), ``in:title|body`` (where the words are looked for;
both by default). Other words are matched as case-insensitive substrings, all of
them. Unknown qualifiers are words too. Results are newest first and, as on
GitHub, at most ``MAX_RESULTS`` are reachable.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.errors import InvalidInput
from app.models import (
    Account,
    AccountKind,
    Issue,
    IssueState,
    PullRequest,
    PullRequestState,
    Repository,
)
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.issue_filter import IssueFilter
from app.services.naming import validate_text

MAX_RESULTS = 1_000
MAX_QUERY = 256


@dataclass
class Terms:
    words: list[str] = field(default_factory=list)
    repo: tuple[str, str] | None = None
    states: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    author: str | None = None
    labels: list[str] = field(default_factory=list)
    assignee: str | None = None
    within: set[str] = field(default_factory=set)


def parse(query: str) -> Terms:
    validate_text(query, field="query", max_length=MAX_QUERY)
    try:
        tokens = shlex.split(query)
    except ValueError:
        tokens = query.split()
    terms = Terms()
    for token in tokens:
        key, _, value = token.partition(":")
        key = key.lower()
        if not value:
            terms.words.append(token)
        elif key == "repo" and value.count("/") == 1:
            owner, name = value.split("/")
            terms.repo = (owner, name)
        elif key == "is" and value.lower() in {"open", "closed"}:
            terms.states.add(value.lower())
        elif key == "is" and value.lower() in {"issue", "pr"}:
            terms.kinds.add(value.lower())
        elif key == "author":
            terms.author = value
        elif key == "label":
            terms.labels.append(value)
        elif key == "assignee":
            terms.assignee = value
        elif key == "in" and value.lower() in {"title", "body"}:
            terms.within.add(value.lower())
        else:
            terms.words.append(token)
    return terms


def _text(terms: Terms) -> Q:
    """Every word, in the title or the body (or where ``in:`` says)."""
    where = sorted(terms.within or {"title", "body"})
    condition = Q()
    for word in terms.words:
        either = [Q(**{f"{column}__icontains": word}) for column in where]
        condition &= Q(*either, join_type=Q.OR)
    return condition


async def _readable(actor: Actor, terms: Terms) -> QuerySet[Repository]:
    query = await repositories.visible_query(actor)
    if terms.repo is not None:
        owner, name = terms.repo
        query = query.filter(owner__login_lower=owner.lower(), name_lower=name.lower())
    return query


async def issues(actor: Actor, terms: Terms) -> QuerySet[Issue] | None:
    """The issues the terms find, or None when they ask for pull requests only."""
    if terms.kinds == {"pr"}:
        return None
    readable = (await _readable(actor, terms)).values("id")
    query = Issue.filter(repository_id__in=Subquery(readable))
    if len(terms.states) == 1:
        state = IssueState.OPEN if "open" in terms.states else IssueState.CLOSED
        query = query.filter(state=state)
    where = IssueFilter(labels=terms.labels, created_by=terms.author, assignee=terms.assignee)
    return where.apply(query).filter(_text(terms))


async def pull_requests(actor: Actor, terms: Terms) -> QuerySet[PullRequest] | None:
    """The pull requests the terms find, or None when they ask for issues only (or for
    labels or an assignee, which Ingot's pull requests do not have)."""
    if terms.kinds == {"issue"} or terms.labels or terms.assignee is not None:
        return None
    readable = (await _readable(actor, terms)).values("id")
    query = PullRequest.filter(repository_id__in=Subquery(readable))
    if terms.states == {"open"}:
        query = query.filter(state=PullRequestState.OPEN)
    elif terms.states == {"closed"}:
        query = query.exclude(state=PullRequestState.OPEN)
    if terms.author is not None:
        query = query.filter(author__login_lower=terms.author.lower())
    return query.filter(_text(terms))


async def repositories_found(actor: Actor, terms: Terms) -> QuerySet[Repository]:
    query = await _readable(actor, terms)
    for word in terms.words:
        query = query.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return query


def users_found(terms: Terms) -> QuerySet[Account]:
    query = Account.filter(kind=AccountKind.USER)
    for word in terms.words:
        query = query.filter(login__icontains=word)
    return query


def window(first: int | None, offset: int) -> tuple[int, int]:
    """``(offset, size)`` of a page, within the reachable results."""
    size = 10 if first is None else first
    if size < 0 or size > 100:
        raise InvalidInput("'first' must be between 0 and 100.", field="first")
    if offset < 0 or offset >= MAX_RESULTS:
        raise InvalidInput(f"Only the first {MAX_RESULTS} results are available.", field="after")
    return offset, min(size, MAX_RESULTS - offset)
