"""Kod's webhook payloads (``specs/kod-automation.md``, Webhooks).

Kod documents two events: ``push`` (``{event, repo, branch, commit,
workflowRunId}``) and ``workflow`` (``{event, repo, id, branch, commit, status}``,
a run that completed or failed). ``repo`` is the repository's Kod (flat) name;
``workflowRunId`` and ``id`` are the run's id as Kod's workflow routes show it (the
pipeline's database id, a string); ``workflowRunId`` is null when the push queued
no run. A ``kod`` webhook subscribed through GraphQL to an event Kod does not
know gets ``{event, repo, action, id}``: the event, the repository, what
happened and the subject's numeric id (issue or pull request number, release id).
"""

from __future__ import annotations

from typing import Any

BRANCH_PREFIX = "refs/heads/"


def push(repo_name: str, ref: str, after: str, run_id: int | None = None) -> dict[str, Any]:
    """Kod's push: ``branch`` is the short name of the pushed ref (a tag keeps its
    full name, so it is never mistaken for a branch); ``commit`` the new head."""
    branch = ref[len(BRANCH_PREFIX) :] if ref.startswith(BRANCH_PREFIX) else ref
    return {
        "event": "push",
        "repo": repo_name,
        "branch": branch,
        "commit": after,
        "workflowRunId": None if run_id is None else str(run_id),
    }


def workflow(repo_name: str, run_id: int, branch: str, commit: str, status: str) -> dict[str, Any]:
    """Kod's workflow event: ``status`` is ``completed`` or ``failed``."""
    return {
        "event": "workflow",
        "repo": repo_name,
        "id": str(run_id),
        "branch": branch,
        "commit": commit,
        "status": status,
    }


def other(event: str, repo_name: str, action: str, subject_id: int | None) -> dict[str, Any]:
    """An event Kod does not document, for a ``kod`` webhook that asked for it."""
    return {"event": event, "repo": repo_name, "action": action, "id": subject_id}
