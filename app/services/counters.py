"""Per-repository counts of issues and pull requests by state.

Each change of state moves its repository's counters in the change's own
transaction (``moved``), so an unfiltered list knows its exact length without
counting rows (``issue_total``, ``pull_request_total``): page 1 of a repository
with a million issues costs what page 1 of a small one does, and the last page
is known. ``open_issue_count`` (every open issue) predates the others and stays;
``new_issue_count`` counts the open issues not triaged yet (Isurus' ``new``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tortoise.expressions import F

from app.models import IssueState, PullRequestState, Repository

# An issue's class for counting: its state, or UNTRIAGED for an open issue not triaged.
UNTRIAGED = "NEW"
_ISSUE_COLUMNS: dict[str, tuple[str, ...]] = {
    UNTRIAGED: ("new_issue_count", "open_issue_count"),
    IssueState.OPEN: ("open_issue_count",),
    IssueState.CLOSED: ("closed_issue_count",),
}


def issue_class(state: IssueState, triaged: bool) -> str:
    """What ``issue_moved`` counts an issue as."""
    return UNTRIAGED if state == IssueState.OPEN and not triaged else str(state)


_PULL_REQUEST_COLUMNS: dict[str, tuple[str, ...]] = {
    PullRequestState.OPEN: ("open_pull_request_count",),
    PullRequestState.CLOSED: ("closed_pull_request_count",),
    PullRequestState.MERGED: ("merged_pull_request_count",),
}


def _deltas(
    columns: Mapping[str, tuple[str, ...]], old: str | None, new: str | None
) -> dict[str, int]:
    deltas: dict[str, int] = {}
    for state, sign in ((old, -1), (new, 1)):
        for column in columns.get(state, ()) if state is not None else ():
            deltas[column] = deltas.get(column, 0) + sign
    return {column: delta for column, delta in deltas.items() if delta}


async def _apply(repo: Repository | int, deltas: dict[str, int]) -> None:
    if not deltas:
        return
    repo_id = repo if isinstance(repo, int) else repo.id
    await Repository.filter(id=repo_id).update(
        **{column: F(column) + delta for column, delta in deltas.items()}
    )
    if isinstance(repo, Repository):
        # The request may show ``repo`` again (it is the request's cached row).
        for column, delta in deltas.items():
            setattr(repo, column, getattr(repo, column) + delta)


async def issue_moved(repo: Repository | int, old: str | None, new: str | None) -> None:
    """An issue entered class ``new`` (None: it went away) from ``old`` (None: it is new);
    classes are ``issue_class``'s."""
    await _apply(repo, _deltas(_ISSUE_COLUMNS, old, new))


async def pull_request_moved(
    repo: Repository | int, old: PullRequestState | None, new: PullRequestState | None
) -> None:
    """A pull request entered ``new`` from ``old``, as ``issue_moved``."""
    await _apply(repo, _deltas(_PULL_REQUEST_COLUMNS, old, new))


def issue_total(
    repo: Repository, states: Iterable[str] | None, triaged: bool | None = None
) -> int | None:
    """How many issues ``with_states(states)`` lists: ``OPEN`` (every open issue),
    ``NEW`` (open and untriaged; within OPEN), ``CLOSED``; all when none. ``triaged``
    narrows to open issues (un)triaged; None when the counters cannot tell (closed
    issues are not counted by triage)."""
    wanted = set(states or (IssueState.OPEN, IssueState.CLOSED))
    if triaged is not None:
        if IssueState.CLOSED in wanted:
            return None
        if triaged:
            return repo.open_issue_count - repo.new_issue_count if IssueState.OPEN in wanted else 0
        return repo.new_issue_count
    total = repo.closed_issue_count if IssueState.CLOSED in wanted else 0
    if IssueState.OPEN in wanted:
        total += repo.open_issue_count
    elif UNTRIAGED in wanted:
        total += repo.new_issue_count
    return total


def pull_request_total(repo: Repository, states: Iterable[PullRequestState] | None) -> int:
    by_state = {
        PullRequestState.OPEN: repo.open_pull_request_count,
        PullRequestState.CLOSED: repo.closed_pull_request_count,
        PullRequestState.MERGED: repo.merged_pull_request_count,
    }
    return sum(by_state[s] for s in set(states or by_state))
