"""Kod's webhook payloads (``specs/kod-automation.md``, Webhooks).

Kod documents two events: ``push`` (``{event, repo, branch, commit,
workflowRunId}``) and ``workflow`` (left to the CI issue). ``repo`` is the
repository's Kod (flat) name; ``workflowRunId`` is null until Ingot runs
workflows. A ``kod`` webhook subscribed through GraphQL to an event Kod does not
know gets ``{event, repo, action, id}``: the event, the repository, what
happened and the subject's numeric id (issue or pull request number, release id).
"""

from __future__ import annotations

from typing import Any

BRANCH_PREFIX = "refs/heads/"


def push(repo_name: str, ref: str, after: str) -> dict[str, Any]:
    """Kod's push: ``branch`` is the short name of the pushed ref (a tag keeps its
    full name, so it is never mistaken for a branch); ``commit`` the new head."""
    branch = ref[len(BRANCH_PREFIX) :] if ref.startswith(BRANCH_PREFIX) else ref
    return {
        "event": "push",
        "repo": repo_name,
        "branch": branch,
        "commit": after,
        "workflowRunId": None,
    }


def other(event: str, repo_name: str, action: str, subject_id: int | None) -> dict[str, Any]:
    """An event Kod does not document, for a ``kod`` webhook that asked for it."""
    return {"event": event, "repo": repo_name, "action": action, "id": subject_id}
