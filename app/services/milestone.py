"""Milestones: numbered per repository from a counter row, like issues."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.models import Issue, Milestone, MilestoneState, Repository
from app.services import permission
from app.services.actor import Actor
from app.services.issue import UNSET, Unset
from app.services.issue_filter import with_states
from app.services.naming import validate_text

MAX_DESCRIPTION = 65_536


async def create_milestone(
    actor: Actor,
    repo: Repository,
    title: str,
    *,
    description: str = "",
    due_on: datetime | None = None,
) -> Milestone:
    """Anyone with WRITE on the repository may."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    creator = actor.require_account()
    validate_text(title, field="title", max_length=255, required=True)
    validate_text(description, field="description", max_length=MAX_DESCRIPTION)
    async with in_transaction():
        await Repository.filter(id=repo.id).update(milestone_counter=F("milestone_counter") + 1)
        number = await Repository.filter(id=repo.id).values_list("milestone_counter", flat=True)
        return await Milestone.create(
            repository_id=repo.id,
            number=number[0],
            title=title.strip(),
            description=description,
            due_on=due_on,
            creator=creator,
        )


async def update_milestone(
    actor: Actor,
    repo: Repository,
    milestone: Milestone,
    *,
    title: str | None = None,
    description: str | None = None,
    due_on: datetime | Unset | None = UNSET,
    state: MilestoneState | None = None,
) -> Milestone:
    """Change what is passed; ``due_on=None`` removes the due date."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    if title is not None:
        milestone.title = validate_text(title, field="title", max_length=255, required=True).strip()
    if description is not None:
        milestone.description = validate_text(
            description, field="description", max_length=MAX_DESCRIPTION
        )
    if not isinstance(due_on, Unset):
        milestone.due_on = due_on
    if state is not None and state != milestone.state:
        milestone.state = state
        milestone.closed_at = datetime.now(UTC) if state == MilestoneState.CLOSED else None
    await milestone.save()
    return milestone


async def delete_milestone(actor: Actor, repo: Repository, milestone: Milestone) -> None:
    """Its issues stay, without a milestone."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    await Milestone.filter(id=milestone.id).delete()


def milestones_query(repo: Repository, states: list[MilestoneState] | None) -> QuerySet[Milestone]:
    query = Milestone.filter(repository_id=repo.id)
    if states:
        query = query.filter(state__in=list(states))
    return query


def issues_query(milestone: Milestone, states: Collection[str] | None) -> QuerySet[Issue]:
    """The milestone's issues (in these states, if given; see ``issue_filter.with_states``)."""
    return with_states(Issue.filter(milestone_id=milestone.id), states)
