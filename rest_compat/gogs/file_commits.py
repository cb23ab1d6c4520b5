"""``putContents``: create or update one file as a commit on a branch (GraphQL's
``createCommitOnBranch``).

Without ``sha`` the file must not exist yet (422 if it does, as Gitea answers an
existing file); with it, ``sha`` must be the file's current blob (409 otherwise,
like GitHub's contents API). ``branch`` defaults to the default branch; in an
empty repository the commit creates it. The author and committer are the
token's user; the commit is a push in every respect (protected branches,
mirrors, webhooks, CI).
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import ApiError, require
from rest_compat.gogs.contents import _content
from rest_compat.gogs.git import commit
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import repo_api_url, repo_path
from rest_compat.route import Call, Spec

ABSENT = "0" * 40


def _path(call: Call) -> str:
    return call.path.get("path", "")


def _variables(call: Call) -> dict[str, Any]:
    repository = require(call.lookup.get("repository"), "Repository")
    message = b.text(call.body, "message", required=True) or ""
    content = b.text(call.body, "content")  # "" is an empty file
    if content is None:
        raise ApiError(
            "BAD_USER_INPUT", "'content' is required.", field="content", constraint="required"
        )
    branch = b.text(call.body, "branch") or repository["defaultBranch"]
    sha = b.text(call.body, "sha")
    headline, _, rest = message.replace("\r\n", "\n").partition("\n")
    path = _path(call)
    owner, name = call.path["owner"], call.path["repo"]
    return {
        "path": path,
        "input": {
            "branch": {"repositoryNameWithOwner": f"{owner}/{name}", "branchName": branch},
            "message": {"headline": headline, "body": rest},
            "fileChanges": {
                "additions": [{"path": path, "contents": content, "expectedBlobOid": sha or ABSENT}]
            },
        },
    }


def _shape(data: dict[str, Any], call: Call) -> dict[str, Any]:
    repository = require(call.lookup.get("repository"), "Repository")
    made = data["createCommitOnBranch"]["commit"]
    branch = b.text(call.body, "branch") or repository["defaultBranch"]
    entry = require(made["file"], "File")
    content = _content(entry, repository, call, branch)
    content.update(encoding="base64", content=call.body["content"])
    return {"content": content, "commit": commit(made, repository["url"], repo_api_url(call))}


put_contents = Spec(
    OPS["GogsPutContents"],
    _shape,
    _variables,
    status=201,
    reads_body=True,
    lookup=OPS["GogsCommitTarget"],
    lookup_variables=repo_path,
    fields={
        "message.headline": "message",
        "message.body": "message",
        "fileChanges.additions.0.contents": "content",
        "fileChanges.additions.0.path": "path",
        "expectedBlobOid": "sha",
    },
)
