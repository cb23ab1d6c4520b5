"""Activity: recording what happened, and the queries feeds read.

``record`` is called by each service inside the transaction of the action it
records, so a failed action leaves no activity behind.
"""

from __future__ import annotations

from pathlib import Path

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.git import history, objects
from app.models import (
    Account,
    Activity,
    ActivityKind,
    Collaborator,
    Issue,
    IssueState,
    Membership,
    PullRequest,
    Push,
    Release,
    Repository,
)

_ZERO = frozenset({"0" * 40, "0" * 64})


async def record(
    kind: ActivityKind,
    repository: Repository | int,
    actor: Account | None,
    *,
    issue: Issue | None = None,
    pull_request: PullRequest | None = None,
    release: Release | None = None,
    push: Push | None = None,
    payload: dict[str, object] | None = None,
) -> Activity:
    """Write one activity row (call it inside the action's transaction)."""
    subject = issue or pull_request or release
    title = getattr(subject, "title", None) or getattr(subject, "name", None)
    data: dict[str, object] = {"title": title} if title else {}
    if release is not None:
        data["tag"] = release.tag_name
    if issue is not None or pull_request is not None:
        data["number"] = (issue or pull_request).number  # type: ignore[union-attr]
    data.update(payload or {})
    return await Activity.create(
        kind=kind,
        repository_id=repository if isinstance(repository, int) else repository.id,
        actor_id=actor.id if actor else None,
        issue_id=issue.id if issue else None,
        pull_request_id=pull_request.id if pull_request else None,
        release_id=release.id if release else None,
        push_id=push.id if push else None,
        payload=data,
    )


def issue_transition(old: IssueState, new: IssueState | None) -> ActivityKind | None:
    """The activity an issue's state change records, if any (triage records none)."""
    if new == IssueState.CLOSED and old != IssueState.CLOSED:
        return ActivityKind.ISSUE_CLOSED
    if old == IssueState.CLOSED and new is not None and new != IssueState.CLOSED:
        return ActivityKind.ISSUE_REOPENED
    return None


# A push's commits are counted while its pusher waits (the push is recorded before the
# response ends), about 6 µs a commit: the feed says "1,000+" rather than walk on.
PUSH_COMMIT_CAP = 1_000


def pushed_refs(path: Path, updates: list[tuple[str, str, str]]) -> list[tuple[str, int]]:
    """``(ref, new commits)`` for each update that did not delete its ref (blocking: pygit2)."""
    kept = [(ref, old, new) for ref, old, new in updates if new not in _ZERO]
    repo = objects.open_repository(path)
    cap = PUSH_COMMIT_CAP
    return [
        (ref, history.new_commits(repo, ref, None if old in _ZERO else old, new, cap=cap))
        for ref, old, new in kept
    ]


async def record_push(
    repository: Repository, pusher: Account | None, push: Push, refs: list[tuple[str, int]]
) -> None:
    """One PUSH activity per ref the push created or moved (see ``pushed_refs``)."""
    for ref, count in refs:
        await record(
            ActivityKind.PUSH,
            repository,
            pusher,
            push=push,
            payload={"ref": ref, "commits": count},
        )


def repository_query(repository: Repository) -> QuerySet[Activity]:
    return Activity.filter(repository_id=repository.id)


def by_query(readable: QuerySet[Repository], user: Account) -> QuerySet[Activity]:
    """What ``user`` did, in the ``readable`` repositories (the viewer's)."""
    return Activity.filter(actor_id=user.id, repository_id__in=Subquery(readable.values("id")))


def received_query(readable: QuerySet[Repository], account: Account) -> QuerySet[Activity]:
    """``account``'s feed: activity in the repositories they own, their organizations
    own or they collaborate on, and their own actions elsewhere; only ever in the
    ``readable`` repositories (those they can read now)."""
    orgs = Membership.filter(user_id=account.id).values("organization_id")
    collaborations = Collaborator.filter(user_id=account.id).values("repository_id")
    related = readable.filter(
        Q(owner_id=account.id) | Q(owner_id__in=Subquery(orgs)) | Q(id__in=Subquery(collaborations))
    )
    return Activity.filter(
        Q(actor_id=account.id) | Q(repository_id__in=Subquery(related.values("id"))),
        repository_id__in=Subquery(readable.values("id")),
    )
