"""OpenCodeHub's pull requests: ``GET`` and ``POST /api/repos/:owner/:repo/pulls``.

The list takes OpenCodeHub's filters ``state`` (``open`` by default,
``closed``, ``merged``, ``all``), ``head`` and ``base`` (branch names), and
``page``/``per_page``; it is newest first and its place goes in ``meta``.
Creating takes ``title``, ``head``, ``base`` (all required) and ``body``.
Ids are ``pr-<databaseId>``, like the other kind-prefixed ids.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, rfc3339
from rest_compat.errors import require
from rest_compat.opencodehub.operations import OPS
from rest_compat.route import Call, Spec

STATES = {
    "open": ["OPEN"],
    "closed": ["CLOSED"],
    "merged": ["MERGED"],
    "all": None,
}


def pull_request(node: dict[str, Any]) -> dict[str, Any]:
    author = node["author"]
    return {
        "id": f"pr-{node['databaseId']}",
        "number": node["number"],
        "title": node["title"],
        "body": node["body"],
        "state": node["state"].lower(),
        "merged": node["merged"],
        "mergeable": node["mergeable"].lower(),
        "head": node["headRefName"],
        "base": node["baseRefName"],
        "head_sha": node["headRefOid"],
        "base_sha": node["baseRefOid"],
        "author": None
        if author is None
        else {"username": author["login"], "id": f"user-{author['databaseId']}"},
        "html_url": node["url"],
        "created_at": rfc3339(node["createdAt"]),
        "updated_at": rfc3339(node["updatedAt"]),
        "merged_at": rfc3339(node["mergedAt"]),
        "closed_at": rfc3339(node["closedAt"]),
    }


def _repository(call: Call) -> dict[str, Any]:
    return {"owner": call.path["owner"], "name": call.path["repo"]}


def _list_variables(call: Call) -> dict[str, Any]:
    query = dict(call.query)
    state = b.choice(query, "state", tuple(STATES)) or "open"
    return {
        **_repository(call),
        "first": call.per_page,
        "page": call.page,
        "states": STATES[state],
        "head": query.get("head") or None,
        "base": query.get("base") or None,
    }


def _listed(data: dict[str, Any], call: Call) -> Page:
    found = require(data["repository"], "Repository")["pullRequests"]
    items = [pull_request(node) for node in found["nodes"]]
    return Page(items, found["totalCount"], call.page, call.per_page)


list_pull_requests = Spec(OPS["ListPullRequests"], _listed, _list_variables)


def _create_variables(call: Call) -> dict[str, Any]:
    repo = require(call.lookup["repository"], "Repository")
    title = b.text(call.body, "title", required=True)
    head = b.text(call.body, "head", required=True)
    base = b.text(call.body, "base", required=True)
    text = b.text(call.body, "body") or ""
    return {
        "input": {
            "repositoryId": repo["id"],
            "title": title,
            "headRefName": head,
            "baseRefName": base,
            "body": text,
        }
    }


create_pull_request = Spec(
    OPS["CreatePullRequest"],
    lambda data, call: pull_request(data["createPullRequest"]["pullRequest"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["PullRequestRepository"],
    lookup_variables=_repository,
)
