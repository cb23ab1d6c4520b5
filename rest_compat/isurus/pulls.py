"""Pull requests: Isurus' bookmarks and branches onto git branches, variables in, JSON out.

- ``source_bookmark`` is the head branch, ``target_branch`` the base branch;
  ``default`` (Mercurial's main branch, the documented default target) names
  the repository's default branch in either. Answers carry git's names.
- ``status`` is ``open``, ``closed`` or ``merged``; ``?status`` filters on it
  (default ``open``); PATCH may set ``open`` or ``closed`` (merging has its route).
- Merging takes an optional ``strategy`` (``merge``, ``squash``,
  ``fast_forward``), ``message`` and ``expected_node``.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import path_id
from rest_compat.errors import ApiError, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.isurus.repositories import repo_path
from rest_compat.isurus.users import page_variables, paged
from rest_compat.route import Call, Spec

_STATUS_NAMES = tuple(shapes.PULL_STATES.values())
_BY_NAME = {name: state for state, name in shapes.PULL_STATES.items()}
STRATEGIES = {"merge": "MERGE", "squash": "SQUASH", "fast_forward": "FAST_FORWARD"}
DEFAULT_BRANCH = "default"

# GraphQL's input names, as an error names them, to this dialect's body fields.
FIELDS = {
    "headRefName": "source_bookmark",
    "baseRefName": "target_branch",
    "mergeMethod": "strategy",
    "expectedHeadOid": "expected_node",
    "commitHeadline": "message",
    "commitBody": "message",
}


def _pull_path(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "number": path_id(call.path["number"], "Pull request")}


def _status_filter(call: Call) -> list[str]:
    status = call.query.get("status") or "open"
    if status not in _BY_NAME:
        raise ApiError(
            "BAD_USER_INPUT",
            f"'status' must be one of {', '.join(_STATUS_NAMES)}.",
            field="status",
            constraint="enum",
        )
    return [_BY_NAME[status]]


def _branch(call: Call, name: str, *, required: bool = False) -> str | None:
    """A branch named in the body, with ``default`` read as the default branch."""
    value = b.text(call.body, name, required=required)
    if value == DEFAULT_BRANCH:
        return str(require(call.lookup.get("repository"), "Repository")["defaultBranch"])
    return value


def _pull_id(call: Call) -> str:
    repository = require(call.lookup.get("repository"), "Repository")
    return str(require(repository["pullRequest"], "Pull request")["id"])


def _repository(data: dict[str, Any]) -> dict[str, Any]:
    return dict(require(data["repository"], "Repository"))


list_pull_requests = Spec(
    OPS["IsurusPullRequests"],
    lambda data, call: paged(_repository(data)["pullRequests"], call, shapes.pull_request),
    lambda call: {**repo_path(call), **page_variables(call), "states": _status_filter(call)},
)

get_pull_request = Spec(
    OPS["IsurusPullRequest"],
    lambda data, call: shapes.pull_request(
        require(_repository(data)["pullRequest"], "Pull request")
    ),
    _pull_path,
)


def _create_variables(call: Call) -> dict[str, Any]:
    repository = require(call.lookup.get("repository"), "Repository")
    title = b.text(call.body, "title", required=True)
    head = _branch(call, "source_bookmark", required=True)
    base = _branch(call, "target_branch") or repository["defaultBranch"]
    return {
        "input": {
            "repositoryId": repository["id"],
            "title": title,
            "body": b.text(call.body, "body") or "",
            "headRefName": head,
            "baseRefName": base,
        }
    }


create_pull_request = Spec(
    OPS["IsurusCreatePullRequest"],
    lambda data, call: shapes.pull_request(data["createPullRequest"]["pullRequest"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusBranches"],
    lookup_variables=repo_path,
    fields=FIELDS,
)


def _update_variables(call: Call) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "pullRequestId": _pull_id(call),
        **b.texts(call.body, "title", "body"),
    }
    base = _branch(call, "target_branch")
    if base is not None:
        changes["baseRefName"] = base
    status = b.choice(call.body, "status", _STATUS_NAMES)
    if status == "merged":
        raise ApiError(
            "BAD_USER_INPUT",
            "Merge a pull request with POST .../pulls/:number/merge.",
            field="status",
            constraint="enum",
        )
    if status is not None:
        changes["state"] = _BY_NAME[status]
    return {"input": changes}


update_pull_request = Spec(
    OPS["IsurusUpdatePullRequest"],
    lambda data, call: shapes.pull_request(data["updatePullRequest"]["pullRequest"]),
    _update_variables,
    reads_body=True,
    lookup=OPS["IsurusPullRequestId"],
    lookup_variables=_pull_path,
    fields={**FIELDS, "state": "status"},
)


def _merge_variables(call: Call) -> dict[str, Any]:
    merge: dict[str, Any] = {"pullRequestId": _pull_id(call)}
    strategy = b.choice(call.body, "strategy", tuple(STRATEGIES))
    merge["mergeMethod"] = STRATEGIES[strategy or "merge"]
    message = b.text(call.body, "message")
    if message is not None:
        headline, _, rest = message.strip().partition("\n")
        merge["commitHeadline"] = headline
        merge["commitBody"] = rest.strip()
    expected = b.text(call.body, "expected_node")
    if expected is not None:
        merge["expectedHeadOid"] = expected
    return {"input": merge}


merge_pull_request = Spec(
    OPS["IsurusMergePullRequest"],
    lambda data, call: shapes.pull_request(data["mergePullRequest"]["pullRequest"]),
    _merge_variables,
    reads_body=True,
    lookup=OPS["IsurusPullRequestId"],
    lookup_variables=_pull_path,
    fields=FIELDS,
)


def _comment_variables(call: Call) -> dict[str, Any]:
    subject = _pull_id(call)
    return {"input": {"pullRequestId": subject, "body": b.text(call.body, "body", required=True)}}


add_comment = Spec(
    OPS["IsurusAddPullRequestComment"],
    lambda data, call: shapes.comment(data["addPullRequestComment"]["comment"]),
    _comment_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusPullRequestId"],
    lookup_variables=_pull_path,
)
