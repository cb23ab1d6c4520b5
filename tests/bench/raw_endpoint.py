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
"""

from __future__ import annotations

import sys

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.models import Issue, IssueState, Repository
from app.services import repository as repositories
from server.cli import main


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
    ]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], extra_routes=routes()))
