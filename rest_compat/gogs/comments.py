"""Issue comments: variables in, Gogs JSON out."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import path_id
from rest_compat.errors import ApiError, require
from rest_compat.gogs import shapes
from rest_compat.gogs.issues import issue_path, looked_up_issue
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged, repo_path
from rest_compat.route import Call, Spec
from schema import global_id


def _list_shape(data: dict[str, Any], call: Call) -> Any:
    issue = require(require(data["repository"], "Repository")["issue"], "Issue")
    return paged(issue["comments"], call, lambda node: shapes.comment(node, issue["url"]))


list_comments = Spec(
    OPS["ListComments"], _list_shape, lambda call: {**issue_path(call), **page_variables(call)}
)

create_comment = Spec(
    OPS["AddComment"],
    lambda data, call: shapes.comment(data["addComment"]["comment"], looked_up_issue(call)["url"]),
    lambda call: {
        "input": {
            "subjectId": looked_up_issue(call)["id"],
            "body": b.text(call.body, "body", required=True),
        }
    },
    status=201,
    reads_body=True,
    lookup=OPS["IssueId"],
    lookup_variables=issue_path,
)


def _comment_path(call: Call) -> dict[str, Any]:
    comment = path_id(call.path["id"], "Comment")
    return {**issue_path(call), "commentId": global_id("IssueComment", comment)}


def comment_id(call: Call) -> str:
    """The comment's global id, if it is a comment of the issue in the path."""
    issue = looked_up_issue(call)
    comment = call.lookup.get("node") or {}
    if (comment.get("issue") or {}).get("id") != issue["id"]:
        raise ApiError("NOT_FOUND", "Comment not found.")
    return global_id("IssueComment", comment["databaseId"])


edit_comment = Spec(
    OPS["UpdateComment"],
    lambda data, call: shapes.comment(
        data["updateIssueComment"]["issueComment"], looked_up_issue(call)["url"]
    ),
    lambda call: {
        "input": {"id": comment_id(call), "body": b.text(call.body, "body", required=True)}
    },
    reads_body=True,
    lookup=OPS["CommentInIssue"],
    lookup_variables=_comment_path,
)
delete_comment = Spec(
    OPS["DeleteComment"],
    lambda data, call: None,
    lambda call: {"input": {"id": comment_id(call)}},
    status=204,
    lookup=OPS["CommentInIssue"],
    lookup_variables=_comment_path,
)


def _repository_comments(data: dict[str, Any], call: Call) -> Any:
    repo = require(data["repository"], "Repository")
    return paged(
        repo["issueComments"], call, lambda node: shapes.comment(node, node["issue"]["url"])
    )


list_repository_comments = Spec(
    OPS["ListRepositoryComments"],
    _repository_comments,
    lambda call: {**repo_path(call), **page_variables(call)},
)
