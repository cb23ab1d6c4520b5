"""Repository labels and issue labels: variables in, Gogs JSON out."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import ApiError, require
from rest_compat.gogs import shapes
from rest_compat.gogs.issues import issue_path, looked_up_issue
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import (
    node_here,
    page_variables,
    paged,
    path_number,
    repo_api_url,
    repo_path,
    repository_id,
)
from rest_compat.route import Call, Spec
from schema import global_id


def _list_shape(data: dict[str, Any], call: Call) -> Any:
    repo = require(data["repository"], "Repository")
    api = repo_api_url(call)
    return paged(repo["labels"], call, lambda node: shapes.label(node, api))


list_labels = Spec(
    OPS["ListLabels"], _list_shape, lambda call: {**repo_path(call), **page_variables(call)}
)


def _label_path(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "labelId": global_id("Label", path_number(call, "id", "Label"))}


def _label_here(data: dict[str, Any]) -> dict[str, Any]:
    """The label of the lookup, if it belongs to the repository in the path."""
    return node_here(data, "Label")


get_label = Spec(
    OPS["LabelInRepository"],
    lambda data, call: shapes.label(_label_here(data), repo_api_url(call)),
    _label_path,
)


def _create_variables(call: Call) -> dict[str, Any]:
    return {
        "input": {
            "repositoryId": repository_id(call),
            "name": b.text(call.body, "name", required=True),
            "color": b.text(call.body, "color", required=True),
            "description": b.text(call.body, "description") or "",
        }
    }


create_label = Spec(
    OPS["CreateLabel"],
    lambda data, call: shapes.label(data["createLabel"]["label"], repo_api_url(call)),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["RepositoryId"],
    lookup_variables=repo_path,
)


def _edit_variables(call: Call) -> dict[str, Any]:
    label = _label_here(call.lookup)
    changes: dict[str, Any] = {
        "id": global_id("Label", label["databaseId"]),
        **b.texts(call.body, "name", "color", "description"),
    }
    return {"input": changes}


edit_label = Spec(
    OPS["UpdateLabel"],
    lambda data, call: shapes.label(data["updateLabel"]["label"], repo_api_url(call)),
    _edit_variables,
    reads_body=True,
    lookup=OPS["LabelInRepository"],
    lookup_variables=_label_path,
)
delete_label = Spec(
    OPS["DeleteLabel"],
    lambda data, call: None,
    lambda call: {"input": {"id": global_id("Label", _label_here(call.lookup)["databaseId"])}},
    status=204,
    lookup=OPS["LabelInRepository"],
    lookup_variables=_label_path,
)


# --- labels of one issue ---------------------------------------------------


def _issue_labels(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    issue = require(require(data["repository"], "Repository")["issue"], "Issue")
    api = repo_api_url(call)
    return [shapes.label(node, api) for node in issue["labels"]["nodes"]]


list_issue_labels = Spec(OPS["IssueLabels"], _issue_labels, issue_path)


def _labelable(call: Call) -> dict[str, Any]:
    ids = b.integers(call.body, "labels")
    if ids is None:
        raise ApiError(
            "BAD_USER_INPUT", "'labels' is required.", field="labels", constraint="required"
        )
    labels = [global_id("Label", n) for n in ids]
    return {"input": {"labelableId": looked_up_issue(call)["id"], "labelIds": labels}}


def _changed(mutation: str) -> Any:
    def shape(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
        api = repo_api_url(call)
        return [shapes.label(node, api) for node in data[mutation]["labelable"]["labels"]["nodes"]]

    return shape


def _issue_label_spec(operation: str, mutation: str) -> Spec:
    return Spec(
        OPS[operation],
        _changed(mutation),
        _labelable,
        reads_body=True,
        lookup=OPS["IssueId"],
        lookup_variables=issue_path,
    )


add_issue_labels = _issue_label_spec("AddIssueLabels", "addLabelsToLabelable")
replace_issue_labels = _issue_label_spec("ReplaceIssueLabels", "replaceLabelsForLabelable")


def _remove_one(call: Call) -> dict[str, Any]:
    label = global_id("Label", path_number(call, "id", "Label"))
    return {"input": {"labelableId": looked_up_issue(call)["id"], "labelIds": [label]}}


remove_issue_label = Spec(
    OPS["RemoveIssueLabels"],
    lambda data, call: None,
    _remove_one,
    status=204,
    lookup=OPS["IssueId"],
    lookup_variables=issue_path,
)
clear_issue_labels = Spec(
    OPS["ClearIssueLabels"],
    lambda data, call: None,
    lambda call: {"input": {"labelableId": looked_up_issue(call)["id"]}},
    status=204,
    lookup=OPS["IssueId"],
    lookup_variables=issue_path,
)
