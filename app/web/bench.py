"""A hand-written Starlette + Tortoise endpoint, mounted only for the REST overhead benchmark.

It answers ``GET /bench/raw/repos/{owner}/{repo}`` with the same JSON as the
Gogs ``getRepo`` route gives an anonymous caller, from the same database, so
``tests/bench/rest_overhead.py`` can measure what the GraphQL path costs.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.models import Issue, IssueState, Repository


def _time(value: object) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[attr-defined]


async def raw_repository(request: Request) -> Response:
    owner, name = request.path_params["owner"], request.path_params["repo"]
    repo = await Repository.get_or_none(
        owner__login_lower=owner.lower(), name_lower=name.lower()
    ).select_related("owner")
    if repo is None or repo.is_private:
        return JSONResponse({"message": "Not Found", "url": request.url.path}, status_code=404)
    open_issues = await Issue.filter(
        repository_id=repo.id, state__in=[IssueState.NEW, IssueState.OPEN]
    ).count()
    account = repo.owner
    base = request.app.state.settings.base_url
    full_name = f"{account.login}/{repo.name}"
    return JSONResponse(
        {
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
    )


def routes() -> list[Route]:
    return [Route("/bench/raw/repos/{owner}/{repo}", raw_repository, methods=["GET"])]
