"""Issues and comments: variables in, Isurus JSON out.

Isurus' states: ``new`` (on creation; Ingot's OPEN with ``isTriaged: false``),
``open`` (triaged or reopened), ``closed``. ``?state=open`` lists only ``open``
issues, as documented.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import path_id
from rest_compat.errors import ApiError, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.isurus.repositories import repo_path, repository_id
from rest_compat.isurus.users import page_variables, paged
from rest_compat.route import Call, Spec

_STATE_NAMES = shapes.STATES
# Each Isurus state as GraphQL's state and triage filters.
_FILTERS: dict[str, dict[str, Any]] = {
    "new": {"states": ["OPEN"], "isTriaged": False},
    "open": {"states": ["OPEN"], "isTriaged": True},
    "closed": {"states": ["CLOSED"], "isTriaged": None},
}


def _state_filter(call: Call) -> dict[str, Any]:
    state = call.query.get("state") or "open"
    if state not in _FILTERS:
        raise ApiError(
            "BAD_USER_INPUT",
            f"'state' must be one of {', '.join(_STATE_NAMES)}.",
            field="state",
            constraint="enum",
        )
    return _FILTERS[state]


def _issue_path(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "number": path_id(call.path["number"], "Issue")}


def _issue_id(call: Call) -> str:
    repo = require(call.lookup.get("repository"), "Repository")
    return str(require(repo["issue"], "Issue")["id"])


list_issues = Spec(
    OPS["IsurusIssues"],
    lambda data, call: paged(
        require(data["repository"], "Repository")["issues"], call, shapes.issue
    ),
    lambda call: {**repo_path(call), **page_variables(call), **_state_filter(call)},
)

get_issue = Spec(
    OPS["IsurusIssue"],
    lambda data, call: shapes.issue(
        require(require(data["repository"], "Repository")["issue"], "Issue")
    ),
    _issue_path,
)


def _create_variables(call: Call) -> dict[str, Any]:
    repository = repository_id(call)
    title = b.text(call.body, "title", required=True)
    return {
        "input": {
            "repositoryId": repository,
            "title": title,
            "body": b.text(call.body, "body") or "",
        }
    }


create_issue = Spec(
    OPS["IsurusCreateIssue"],
    lambda data, call: shapes.issue(data["createIssue"]["issue"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusRepositoryId"],
    lookup_variables=repo_path,
)


def _update_variables(call: Call) -> dict[str, Any]:
    changes: dict[str, Any] = {"id": _issue_id(call), **b.texts(call.body, "title", "body")}
    state = b.choice(call.body, "state", _STATE_NAMES)
    if state == "closed":
        changes["state"] = "CLOSED"
    elif state == "open":
        # Triages a new issue, reopens (and so triages) a closed one.
        changes.update(state="OPEN", isTriaged=True)
    elif state == "new":
        changes["isTriaged"] = False
    return {"input": changes}


update_issue = Spec(
    OPS["IsurusUpdateIssue"],
    lambda data, call: shapes.issue(data["updateIssue"]["issue"]),
    _update_variables,
    reads_body=True,
    lookup=OPS["IsurusIssueId"],
    lookup_variables=_issue_path,
)


def _comment_variables(call: Call) -> dict[str, Any]:
    subject = _issue_id(call)
    return {"input": {"subjectId": subject, "body": b.text(call.body, "body", required=True)}}


add_comment = Spec(
    OPS["IsurusAddComment"],
    lambda data, call: shapes.comment(data["addComment"]["comment"]),
    _comment_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusIssueId"],
    lookup_variables=_issue_path,
)
