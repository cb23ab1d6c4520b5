"""Kod's flat repository names: a ``NAME`` to one ``OWNER/NAME`` for the acting account.

Kod has one namespace per server; Ingot repositories belong to accounts. For
the account of the request, ``NAME`` is, in this order:

1. its own repository ``NAME``;
2. else the one repository ``NAME`` it collaborates on or reaches through a team;
3. else, for a site administrator, the one repository ``NAME`` on the server.

Several at the first step that has any are ambiguous: the resolution names
them (``OWNER/NAME``) instead of choosing. Only repositories the actor may
read take part (a token without ``repo:read`` sees no private one), so the
candidates reveal nothing the actor could not list. Every Kod route and
Kod's git URL resolve through ``resolve``; ``listed`` is Kod's list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.models import Collaborator, Repository, TeamRepository, columns
from app.services import repository as repositories
from app.services.actor import Actor

# An ambiguous name lists at most this many candidates.
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class Resolution:
    """The repository a flat name means, or (ambiguous) the ``OWNER/NAME`` it may mean."""

    repository: Repository | None = None
    candidates: list[str] = field(default_factory=list)


def ambiguous_message(name: str, candidates: list[str]) -> str:
    return (
        f"'{name}' names several repositories you can reach: {', '.join(candidates)}. "
        "Use OWNER/NAME (GraphQL, another API or /OWNER/NAME.git)."
    )


def _collaborations(actor: Actor) -> Subquery:
    user_id = actor.account.id if actor.account is not None else 0
    return Subquery(Collaborator.filter(user_id=user_id).values("repository_id"))


def _teams(actor: Actor) -> Subquery:
    """The repositories of the actor's teams (they rank with collaborations)."""
    user_id = actor.account.id if actor.account is not None else 0
    return Subquery(TeamRepository.filter(team__members__user_id=user_id).values("repository_id"))


async def resolve(actor: Actor, name: str) -> Resolution:
    account = actor.account
    if account is None or not isinstance(name, str):
        return Resolution()
    if name.lower().endswith(".git"):
        name = name[:-4]
    if not columns.fits(Repository, "name_lower", name):
        return Resolution()
    query = (await repositories.visible_query(actor)).filter(name_lower=name.lower())
    if not account.is_admin:
        query = query.filter(
            Q(owner_id=account.id) | Q(id__in=_collaborations(actor)) | Q(id__in=_teams(actor))
        )
    rows = await query.select_related("owner").order_by("owner__login_lower").limit(500)
    own = [repo for repo in rows if repo.owner_id == account.id]
    if own:
        return Resolution(own[0])
    ids = [repo.id for repo in rows]
    collaborated = set(
        await Collaborator.filter(user_id=account.id, repository_id__in=ids).values_list(
            "repository_id", flat=True
        )
    )
    collaborated |= set(
        await TeamRepository.filter(
            team__members__user_id=account.id, repository_id__in=ids
        ).values_list("repository_id", flat=True)
    )
    tiers = [[repo for repo in rows if repo.id in collaborated]]
    if account.is_admin:
        tiers.append(rows)
    for tier in tiers:
        if len(tier) == 1:
            return Resolution(tier[0])
        if tier:
            names = [f"{repo.owner.login}/{repo.name}" for repo in tier[:MAX_CANDIDATES]]
            return Resolution(candidates=names)
    return Resolution()


async def resolve_public(name: str) -> Resolution:
    """A flat name for a caller without an account (Kod's anonymous SSH read): the one
    public repository ``NAME`` on the server; several are ambiguous."""
    if not isinstance(name, str):
        return Resolution()
    if name.lower().endswith(".git"):
        name = name[:-4]
    if not columns.fits(Repository, "name_lower", name):
        return Resolution()
    rows = (
        await Repository.filter(name_lower=name.lower(), is_private=False)
        .select_related("owner")
        .order_by("owner__login_lower")
        .limit(MAX_CANDIDATES)
    )
    if len(rows) > 1:
        return Resolution(candidates=[f"{repo.owner.login}/{repo.name}" for repo in rows])
    return Resolution(rows[0] if rows else None)


async def listed(actor: Actor) -> QuerySet[Repository]:
    """Kod's list: what the account owns, collaborates on or reaches through a team; every
    repository for a
    site administrator (all readable ones: a token without ``repo:read`` sees public ones)."""
    account = actor.account
    if account is None:
        return Repository.filter(id__in=[])  # nothing: flat names belong to an account
    query = await repositories.visible_query(actor)
    if account.is_admin:
        return query
    return query.filter(
        Q(owner_id=account.id) | Q(id__in=_collaborations(actor)) | Q(id__in=_teams(actor))
    )
