"""Issues, comments and labels: variables in, Gogs JSON out."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
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

# Gogs' ``state`` filter to Ingot's states: "open" covers untriaged (NEW) issues too.
STATES: dict[str, list[str] | None] = {
    "open": ["NEW", "OPEN"],
    "closed": ["CLOSED"],
    "all": None,
}


def _list_variables(call: Call) -> dict[str, Any]:
    state = call.query.get("state") or "open"
    if state not in STATES:
        raise ApiError(
            "BAD_USER_INPUT",
            "'state' must be open, closed or all.",
            field="state",
            constraint="enum",
        )
    return {**repo_path(call), **page_variables(call), "states": STATES[state]}


def _list_shape(data: dict[str, Any], call: Call) -> Any:
    repo = require(data["repository"], "Repository")
    api = repo_api_url(call)
    return paged(repo["issues"], call, lambda node: shapes.issue(node, api))


list_issues = Spec(OPS["ListIssues"], _list_shape, _list_variables)


def label_ids(call: Call) -> list[str] | None:
    numbers = b.integers(call.body, "labels")
    return None if numbers is None else [global_id("Label", n) for n in numbers]


def _create_variables(call: Call) -> dict[str, Any]:
    title = b.text(call.body, "title", required=True)
    body = b.text(call.body, "body") or ""
    return {
        "input": {
            "repositoryId": repository_id(call),
            "title": title,
            "body": body,
            "labelIds": label_ids(call),
        }
    }


create_issue = Spec(
    OPS["CreateIssue"],
    lambda data, call: shapes.issue(data["createIssue"]["issue"], repo_api_url(call)),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["RepositoryId"],
    lookup_variables=repo_path,
)


def number(call: Call) -> int:
    raw = call.path["index"]
    if not raw.isdigit() or len(raw) > 9:
        raise ApiError("NOT_FOUND", "Issue not found.")
    return int(raw)


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
    changes: dict[str, Any] = {"id": current["id"]}
    title = b.text(call.body, "title")
    if title is not None:
        changes["title"] = title
    body = b.text(call.body, "body")
    if body is not None:
        changes["body"] = body
    state = b.choice(call.body, "state", ("open", "closed"))
    # "open" leaves an untriaged (NEW) issue as it is: both are open to Gogs.
    if state == "closed" and current["state"] != "CLOSED":
        changes["state"] = "CLOSED"
    elif state == "open" and current["state"] == "CLOSED":
        changes["state"] = "OPEN"
    return {"input": changes}


edit_issue = Spec(
    OPS["UpdateIssue"],
    lambda data, call: shapes.issue(data["updateIssue"]["issue"], repo_api_url(call)),
    _edit_variables,
    reads_body=True,
    lookup=OPS["IssueId"],
    lookup_variables=issue_path,
)
