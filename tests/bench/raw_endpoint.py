"""``python -m tests.bench.raw_endpoint serve ...``: Ingot plus hand-written comparison endpoints.

Hand-written Starlette + Tortoise endpoints, mounted only for the REST overhead
benchmark (they are test code: the production app never has them).

Both answer with the same JSON as the Gogs ``getRepo`` route gives an anonymous
caller, from the same database, so ``tests/bench/rest_overhead.py`` can
measure what the GraphQL path costs:

- ``/bench/raw/repos/{owner}/{repo}`` is what the benchmark's target is set
  against: the lookup and the open-issue count as plain Tortoise querysets.
- ``/bench/raw-same-queries/repos/{owner}/{repo}`` reads the database the way
  Ingot does (its compiled repository lookup, the open-issue counter column),
  so the difference to the REST route is the GraphQL and REST machinery alone.
- ``/bench/raw-same-queries/repos/{owner}/{repo}/issues?page=&limit=`` is Gogs'
  ``listIssues`` (open issues, newest first) with the same reads Ingot makes:
  the compiled repository lookup, the page through ``app.services.pagination``
  with the total from the repository's counters (deep pages seek the same way),
  then one query per relation (authors, labels, assignees, comment counts; the
  benchmark's issues have no milestone), the idiomatic prefetch. Same JSON, ``X-Total-Count`` and ``Link``.
"""

from __future__ import annotations

import sys

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from tortoise.functions import Count

from app.models import Account, Comment, Issue, IssueState, Repository
from app.services import counters, pagination
from app.services import repository as repositories
from rest_compat.dialect import Page as RestPage
from rest_compat.gogs.dialect import link_header
from server.cli import main

_OPEN = [IssueState.NEW, IssueState.OPEN]


def _time(value: object) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[attr-defined]


async def raw_repository(request: Request) -> Response:
    owner, name = request.path_params["owner"], request.path_params["repo"]
    repo = await Repository.get_or_none(
        owner__login_lower=owner.lower(), name_lower=name.lower()
    ).select_related("owner")
    if repo is None or repo.is_private:
        return _not_found(request)
    open_issues = await Issue.filter(repository_id=repo.id, state=IssueState.OPEN).count()
    return JSONResponse(_shape(request, repo, open_issues))


async def same_queries_repository(request: Request) -> Response:
    repo = await repositories.find(request.path_params["owner"], request.path_params["repo"])
    if repo is None or repo.is_private:
        return _not_found(request)
    return JSONResponse(_shape(request, repo, repo.open_issue_count))


def _user(account: Account) -> dict[str, object]:
    # An anonymous caller never sees addresses, as in the GraphQL path.
    return {
        "id": account.id,
        "username": account.login,
        "login": account.login,
        "full_name": account.display_name,
        "email": "",
        "avatar_url": account.avatar_url,
    }


async def same_queries_issues(request: Request) -> Response:
    owner, name = request.path_params["owner"], request.path_params["repo"]
    repo = await repositories.find(owner, name)
    if repo is None or repo.is_private:
        return _not_found(request)
    number = int(request.query_params.get("page") or 1)
    size = min(int(request.query_params.get("limit") or 30), 100)
    total = counters.issue_total(repo, _OPEN)
    query = Issue.filter(repository_id=repo.id, state__in=_OPEN)
    page = await pagination.paginate(query, first=size, page=number, descending=True, total=total)
    rows = page.items
    ids = [row.id for row in rows]
    await Issue.fetch_for_list(rows, "labels", "assignees")
    author_ids = {row.author_id for row in rows if row.author_id is not None}
    authors = {a.id: a for a in await Account.filter(id__in=author_ids)} if author_ids else {}
    comment_counts = (
        {
            row["issue_id"]: row["n"]
            for row in await Comment.filter(issue_id__in=ids)
            .annotate(n=Count("id"))
            .group_by("issue_id")
            .values("issue_id", "n")
        }
        if ids
        else {}
    )
    base = request.app.state.settings.base_url
    api = f"{base}/api/v1/repos/{repo.owner.login}/{repo.name}"
    html = f"{base}/{repo.owner.login}/{repo.name}"
    body = []
    for row in rows:
        author = authors.get(row.author_id) if row.author_id else None
        assignees = sorted(row.assignees, key=lambda a: a.id)
        labels = sorted(row.labels, key=lambda label: label.id)
        if row.milestone_id is not None:
            raise NotImplementedError("the benchmark's issues have no milestone")
        body.append(
            {
                "id": row.id,
                "number": row.number,
                "state": "closed" if row.state == IssueState.CLOSED else "open",
                "title": row.title,
                "body": row.body,
                "user": _user(author) if author else None,
                "labels": [
                    {
                        "id": label.id,
                        "name": label.name,
                        "color": label.color.lstrip("#"),
                        "url": f"{api}/labels/{label.id}",
                    }
                    for label in labels
                ],
                "assignee": _user(assignees[0]) if assignees else None,
                "milestone": None,
                "comments": comment_counts.get(row.id, 0),
                "pull_request": None,
                "html_url": f"{html}/issues/{row.number}",
                "created_at": _time(row.created_at),
                "updated_at": _time(row.updated_at),
                "closed_at": _time(row.closed_at) if row.closed_at else None,
            }
        )
    _, headers = link_header(request, body, RestPage(body, total, number, size))
    return JSONResponse(body, headers=headers)


def _not_found(request: Request) -> Response:
    return JSONResponse({"message": "Not Found", "url": request.url.path}, status_code=404)


def _shape(request: Request, repo: Repository, open_issues: int) -> dict[str, object]:
    account = repo.owner
    base = request.app.state.settings.base_url
    full_name = f"{account.login}/{repo.name}"
    return {
        "id": repo.id,
        "owner": {
            "id": account.id,
            "username": account.login,
            "login": account.login,
            "full_name": account.display_name,
            "email": "",
            "avatar_url": account.avatar_url,
        },
        "name": repo.name,
        "full_name": full_name,
        "description": repo.description,
        "private": repo.is_private,
        "fork": False,
        "parent": None,
        "empty": repo.pushed_at is None,
        "mirror": False,
        "size": 0,
        "html_url": f"{base}/{full_name}",
        "ssh_url": "",
        "clone_url": f"{base}/{full_name}.git",
        "website": "",
        "stars_count": 0,
        "forks_count": 0,
        "watchers_count": 0,
        "open_issues_count": open_issues,
        "default_branch": repo.default_branch,
        "created_at": _time(repo.created_at),
        "updated_at": _time(repo.updated_at),
        "permissions": {"admin": False, "push": False, "pull": True},
    }


def routes() -> list[Route]:
    return [
        Route("/bench/raw/repos/{owner}/{repo}", raw_repository, methods=["GET"]),
        Route(
            "/bench/raw-same-queries/repos/{owner}/{repo}",
            same_queries_repository,
            methods=["GET"],
        ),
        Route(
            "/bench/raw-same-queries/repos/{owner}/{repo}/issues",
            same_queries_issues,
            methods=["GET"],
        ),
    ]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], extra_routes=routes))
