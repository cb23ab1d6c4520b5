"""Milestones: Gogs addresses them by their database id, Ingot numbers them per repository."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import ApiError, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import (
    node_here,
    page_variables,
    paged,
    path_number,
    repo_path,
    repository_id,
)
from rest_compat.route import Call, Spec
from schema import global_id

# Gogs lists every milestone; ``?state=`` narrows the list as Gitea's does.
STATES: dict[str, list[str] | None] = {"open": ["OPEN"], "closed": ["CLOSED"], "all": None}


def _list_variables(call: Call) -> dict[str, Any]:
    state = call.query.get("state") or "all"
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
    return paged(repo["milestones"], call, shapes.milestone)


list_milestones = Spec(OPS["ListMilestones"], _list_shape, _list_variables)


def _milestone_path(call: Call) -> dict[str, Any]:
    number = path_number(call, "id", "Milestone")
    return {**repo_path(call), "milestoneId": global_id("Milestone", number)}


def _milestone_id(call: Call) -> str:
    return global_id("Milestone", node_here(call.lookup, "Milestone")["databaseId"])


get_milestone = Spec(
    OPS["MilestoneInRepository"],
    lambda data, call: shapes.milestone(node_here(data, "Milestone")),
    _milestone_path,
)


def _create_variables(call: Call) -> dict[str, Any]:
    return {
        "input": {
            "repositoryId": repository_id(call),
            "title": b.text(call.body, "title", required=True),
            "description": b.text(call.body, "description") or "",
            "dueOn": b.moment(call.body, "due_on"),
        }
    }


create_milestone = Spec(
    OPS["CreateMilestone"],
    lambda data, call: shapes.milestone(data["createMilestone"]["milestone"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["RepositoryId"],
    lookup_variables=repo_path,
)


def _edit_variables(call: Call) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "id": _milestone_id(call),
        **b.texts(call.body, "title", "description"),
    }
    # Like Gogs, a missing or null due_on keeps the date.
    due_on = b.moment(call.body, "due_on")
    if due_on is not None:
        changes["dueOn"] = due_on
    state = b.choice(call.body, "state", ("open", "closed"))
    if state is not None:
        changes["state"] = state.upper()
    return {"input": changes}


edit_milestone = Spec(
    OPS["UpdateMilestone"],
    lambda data, call: shapes.milestone(data["updateMilestone"]["milestone"]),
    _edit_variables,
    reads_body=True,
    lookup=OPS["MilestoneInRepository"],
    lookup_variables=_milestone_path,
)
delete_milestone = Spec(
    OPS["DeleteMilestone"],
    lambda data, call: None,
    lambda call: {"input": {"id": _milestone_id(call)}},
    status=204,
    lookup=OPS["MilestoneInRepository"],
    lookup_variables=_milestone_path,
)
