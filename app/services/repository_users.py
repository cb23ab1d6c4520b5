"""Who may be assigned to and mentioned in a repository (GitHub's ``assignableUsers`` and
``mentionableUsers``), as one query of accounts each, keyset-paginated by the caller."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.models import (
    Account,
    AccountKind,
    Collaborator,
    CollaboratorPermission,
    Comment,
    Issue,
    Membership,
    PullRequest,
    PullRequestComment,
    Repository,
    TeamMember,
    TeamPermission,
)

_WRITE = (CollaboratorPermission.WRITE, CollaboratorPermission.ADMIN)
_TEAM_WRITE = (TeamPermission.WRITE, TeamPermission.ADMIN)


def _collaborators(repo: Repository, permissions: tuple[str, ...] | None) -> Q:
    rows = Collaborator.filter(repository_id=repo.id)
    if permissions is not None:
        rows = rows.filter(permission__in=permissions)
    return Q(id__in=Subquery(rows.values("user_id")))


def _team_members(repo: Repository, permissions: tuple[str, ...] | None) -> Q:
    # Only teams of the repository's own organization count (as in permission.py).
    rows = TeamMember.filter(
        team__repositories__repository_id=repo.id, team__organization_id=repo.owner_id
    )
    if permissions is not None:
        rows = rows.filter(team__permission__in=permissions)
    return Q(id__in=Subquery(rows.values("user_id")))


def _writers(repo: Repository) -> Q:
    """The owner (a user), the organization's members (WRITE on every repository of it),
    collaborators and team members with WRITE or ADMIN. Site administrators are left out
    unless they are one of these: they may write anywhere, as on GitHub Enterprise."""
    members = Membership.filter(organization_id=repo.owner_id).values("user_id")
    return (
        Q(id=repo.owner_id)
        | Q(id__in=Subquery(members))
        | _collaborators(repo, _WRITE)
        | _team_members(repo, _TEAM_WRITE)
    )


def _participants(repo: Repository) -> Q:
    """Authors of the repository's issues, pull requests and comments."""
    return (
        Q(id__in=Subquery(Issue.filter(repository_id=repo.id).values("author_id")))
        | Q(id__in=Subquery(PullRequest.filter(repository_id=repo.id).values("author_id")))
        | Q(id__in=Subquery(Comment.filter(issue__repository_id=repo.id).values("author_id")))
        | Q(
            id__in=Subquery(
                PullRequestComment.filter(pull_request__repository_id=repo.id).values("author_id")
            )
        )
    )


def _matching(query: QuerySet[Account], text: str | None) -> QuerySet[Account]:
    text = (text or "").strip()[:100]
    if text:
        query = query.filter(
            Q(login_lower__startswith=text.lower()) | Q(display_name__istartswith=text)
        )
    return query


def assignable_users(repo: Repository, text: str | None = None) -> QuerySet[Account]:
    """Users who can write ``repo``, those whose login or name starts with ``text``
    (case-insensitive) if given. The caller has checked the viewer may read ``repo``."""
    return _matching(Account.filter(_writers(repo), kind=AccountKind.USER), text)


def mentionable_users(repo: Repository, text: str | None = None) -> QuerySet[Account]:
    """The assignable users and the repository's participants; of a private repository
    only the participants who can still read it (read collaborators and teams too)."""
    participants = _participants(repo)
    if repo.is_private:
        readers = _collaborators(repo, None) | _team_members(repo, None) | Q(is_admin=True)
        participants = participants & readers
    return _matching(Account.filter(_writers(repo) | participants, kind=AccountKind.USER), text)
