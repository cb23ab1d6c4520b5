"""Per-repository counts of issues and pull requests by state.

Each change of state moves its repository's counters in the change's own
transaction (``moved``), so an unfiltered list knows its exact length without
counting rows (``issue_total``, ``pull_request_total``): page 1 of a repository
with a million issues costs what page 1 of a small one does, and the last page
is known. ``open_issue_count`` (NEW and OPEN) predates the others and stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tortoise.expressions import F

from app.models import IssueState, PullRequestState, Repository

# Issues: NEW is counted alone, OPEN as (NEW or OPEN) - NEW.
_ISSUE_COLUMNS: dict[str, tuple[str, ...]] = {
    IssueState.NEW: ("new_issue_count", "open_issue_count"),
    IssueState.OPEN: ("open_issue_count",),
    IssueState.CLOSED: ("closed_issue_count",),
}
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


async def issue_moved(
    repo: Repository | int, old: IssueState | None, new: IssueState | None
) -> None:
    """An issue entered ``new`` (None: it went away) from ``old`` (None: it is new)."""
    await _apply(repo, _deltas(_ISSUE_COLUMNS, old, new))


async def pull_request_moved(
    repo: Repository | int, old: PullRequestState | None, new: PullRequestState | None
) -> None:
    """A pull request entered ``new`` from ``old``, as ``issue_moved``."""
    await _apply(repo, _deltas(_PULL_REQUEST_COLUMNS, old, new))


def issue_total(repo: Repository, states: Iterable[IssueState] | None) -> int:
    by_state = {
        IssueState.NEW: repo.new_issue_count,
        IssueState.OPEN: repo.open_issue_count - repo.new_issue_count,
        IssueState.CLOSED: repo.closed_issue_count,
    }
    return sum(by_state[s] for s in set(states or by_state))


def pull_request_total(repo: Repository, states: Iterable[PullRequestState] | None) -> int:
    by_state = {
        PullRequestState.OPEN: repo.open_pull_request_count,
        PullRequestState.CLOSED: repo.closed_pull_request_count,
        PullRequestState.MERGED: repo.merged_pull_request_count,
    }
    return sum(by_state[s] for s in set(states or by_state))
