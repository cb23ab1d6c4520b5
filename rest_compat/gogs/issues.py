"""Issues, comments and labels: variables in, Gogs JSON out."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import path_id
from rest_compat.errors import ApiError, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import (
    page_variables,
    paged,
    repo_api_url,
    repo_path,
    repository_id,
)
from rest_compat.route import Call, Spec
from schema import global_id

# Gogs' ``state`` filter to Ingot's states (OPEN covers untriaged issues too).
STATES: dict[str, list[str] | None] = {
    "open": ["OPEN"],
    "closed": ["CLOSED"],
    "all": None,
}


def _states(call: Call) -> dict[str, Any]:
    state = call.query.get("state") or "open"
    if state not in STATES:
        raise ApiError(
            "BAD_USER_INPUT",
            "'state' must be open, closed or all.",
            field="state",
            constraint="enum",
        )
    return {**page_variables(call), "states": STATES[state]}


def _list_variables(call: Call) -> dict[str, Any]:
    return {**repo_path(call), **_states(call)}


def _list_shape(data: dict[str, Any], call: Call) -> Any:
    repo = require(data["repository"], "Repository")
    api = repo_api_url(call)
    return paged(repo["issues"], call, lambda node: shapes.issue(node, api))


list_issues = Spec(OPS["ListIssues"], _list_shape, _list_variables)


def label_ids(call: Call) -> list[str] | None:
    numbers = b.integers(call.body, "labels")
    return None if numbers is None else [global_id("Label", n) for n in numbers]


def _targets(call: Call, number: int | None) -> dict[str, Any]:
    """The lookup of the issue (when editing), the assignee's login and the milestone id."""
    assignee = b.text(call.body, "assignee")
    milestone = _milestone_in_body(call)
    return {
        **repo_path(call),
        "number": number or 0,
        "withIssue": number is not None,
        "assignee": assignee or "",
        "withAssignee": bool(assignee),
        "milestoneId": global_id("Milestone", milestone or 1),
        "withMilestone": bool(milestone),
    }


def _milestone_in_body(call: Call) -> int | None:
    value = call.body.get("milestone")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise ApiError(
            "BAD_USER_INPUT",
            "'milestone' must be a milestone id (0 for none).",
            field="milestone",
            constraint="type",
        )
    return value


def _assignee_ids(call: Call) -> list[str] | None:
    """[] for ``"assignee": ""``, None when the body does not name one."""
    login = b.text(call.body, "assignee")
    if login is None:
        return None
    if not login:
        return []
    user = call.lookup.get("user")
    if user is None:
        raise ApiError(
            "BAD_USER_INPUT", f"No user named '{login}'.", field="assignee", constraint="exists"
        )
    return [user["id"]]


def _milestone_id(call: Call) -> str | None:
    """The milestone's global id, if the body names one of this repository's (0: none)."""
    key = _milestone_in_body(call)
    if not key:
        return None
    repo = require(call.lookup.get("repository"), "Repository")
    found = (call.lookup.get("node") or {}).get("repository") or {}
    if found.get("databaseId") != repo["databaseId"]:
        raise ApiError(
            "BAD_USER_INPUT",
            f"No milestone {key} in this repository.",
            field="milestone",
            constraint="exists",
        )
    return global_id("Milestone", key)


def _create_variables(call: Call) -> dict[str, Any]:
    title = b.text(call.body, "title", required=True)
    body = b.text(call.body, "body") or ""
    b.flag(call.body, "closed")
    return {
        "input": {
            "repositoryId": repository_id(call),
            "title": title,
            "body": body,
            "labelIds": label_ids(call),
            "assigneeIds": _assignee_ids(call) or None,
            "milestoneId": _milestone_id(call),
        }
    }


create_issue = Spec(
    OPS["CreateIssue"],
    lambda data, call: shapes.issue(data["createIssue"]["issue"], repo_api_url(call)),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IssueTargets"],
    lookup_variables=lambda call: _targets(call, None),
)


def number(call: Call) -> int:
    return path_id(call.path["index"], "Issue")


def issue_path(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "number": number(call)}


def looked_up_issue(call: Call) -> dict[str, Any]:
    repo = require(call.lookup.get("repository"), "Repository")
    found: dict[str, Any] = require(repo["issue"], "Issue")
    return found


def _get_shape(data: dict[str, Any], call: Call) -> Any:
    repo = require(data["repository"], "Repository")
    return shapes.issue(require(repo["issue"], "Issue"), repo_api_url(call))


get_issue = Spec(OPS["GetIssue"], _get_shape, issue_path)


def _edit_variables(call: Call) -> dict[str, Any]:
    current = looked_up_issue(call)
    changes: dict[str, Any] = {"id": current["id"], **b.texts(call.body, "title", "body")}
    state = b.choice(call.body, "state", ("open", "closed"))
    # "open" leaves an open issue as it is, triaged or not: Gogs has no triage.
    if state == "closed" and current["state"] != "CLOSED":
        changes["state"] = "CLOSED"
    elif state == "open" and current["state"] == "CLOSED":
        changes["state"] = "OPEN"
    assignees = _assignee_ids(call)
    if assignees is not None:
        changes["assigneeIds"] = assignees
    if _milestone_in_body(call) is not None:
        changes["milestoneId"] = _milestone_id(call)
    return {"input": changes}


edit_issue = Spec(
    OPS["UpdateIssue"],
    lambda data, call: shapes.issue(data["updateIssue"]["issue"], repo_api_url(call)),
    _edit_variables,
    reads_body=True,
    lookup=OPS["IssueTargets"],
    lookup_variables=lambda call: _targets(call, number(call)),
)


def _assigned_shape(data: dict[str, Any], call: Call) -> Any:
    if data["viewer"] is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to list your issues.")

    def convert(node: dict[str, Any]) -> dict[str, Any]:
        api = f"{call.base_url}/api/v1/repos/{node['repository']['nameWithOwner']}"
        return shapes.issue(node, api)

    return paged(data["viewer"]["assignedIssues"], call, convert)


viewer_assigned_issues = Spec(OPS["ViewerAssignedIssues"], _assigned_shape, _states)
