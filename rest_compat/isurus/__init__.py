"""The Isurus REST API (``seeds/isurus-api.txt``), mounted at ``/isurus/api/v1``.

Also served at ``/api/v1`` for the routes Gogs does not define there (and
for all of them with ``INGOT_API_V1=isurus``; see ``rest_compat/mount.py``).
The table follows the seed document's order; each ``name`` is the heading
of the route there. ``docs/rest/isurus.md`` lists what is not served yet.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from rest_compat.isurus import (
    ci_agent,
    contents,
    issues,
    pipelines,
    pulls,
    releases,
    repositories,
    users,
)
from rest_compat.isurus.dialect import ISURUS
from rest_compat.route import router

_r = router(ISURUS)

PIPELINES = "/repos/{org}/{repo}/pipelines"


ROUTES: list[BaseRoute] = [
    # User
    _r("/user", users.get_user, "GET", "Get Current User"),
    # API Tokens
    _r("/user/tokens", users.list_tokens, "GET", "List Tokens"),
    _r("/user/tokens", users.create_token, "POST", "Create Token"),
    _r("/user/tokens/{id}", users.revoke_token, "DELETE", "Revoke Token"),
    # Organizations
    _r("/orgs/{org}", users.get_organization, "GET", "Get Organization"),
    _r(
        "/orgs/{org}/repos",
        users.organization_repositories,
        "GET",
        "List Organization Repositories",
    ),
    _r("/orgs/{org}/members", users.organization_members, "GET", "List Organization Members"),
    # Repositories
    _r("/repos/{org}/{repo}", repositories.get_repository, "GET", "Get Repository"),
    _r("/orgs/{org}/repos", repositories.create_repository, "POST", "Create Repository"),
    _r("/repos/{org}/{repo}", repositories.update_repository, "PATCH", "Update Repository"),
    _r("/repos/{org}/{repo}", repositories.delete_repository, "DELETE", "Delete Repository"),
    # Repository Contents
    _r("/repos/{org}/{repo}/tree", contents.list_directory, "GET", "List Directory"),
    _r("/repos/{org}/{repo}/tree/{path:path}", contents.list_directory, "GET", "List Directory"),
    _r("/repos/{org}/{repo}/blob/{path:path}", contents.get_file, "GET", "Get File Contents"),
    _r("/repos/{org}/{repo}/log", contents.get_log, "GET", "Get Commit Log"),
    _r("/repos/{org}/{repo}/changeset/{rev}", contents.get_changeset, "GET", "Get Changeset"),
    # Issues
    _r("/repos/{org}/{repo}/issues", issues.list_issues, "GET", "List Issues"),
    _r("/repos/{org}/{repo}/issues/{number}", issues.get_issue, "GET", "Get Issue"),
    _r("/repos/{org}/{repo}/issues", issues.create_issue, "POST", "Create Issue"),
    _r("/repos/{org}/{repo}/issues/{number}", issues.update_issue, "PATCH", "Update Issue"),
    _r(
        "/repos/{org}/{repo}/issues/{number}/comments",
        issues.add_comment,
        "POST",
        "Comment on Issue",
    ),
    # Pull Requests
    _r("/repos/{org}/{repo}/pulls", pulls.list_pull_requests, "GET", "List Pull Requests"),
    _r(
        "/repos/{org}/{repo}/pulls/{number}",
        pulls.get_pull_request,
        "GET",
        "Get Pull Request",
    ),
    _r("/repos/{org}/{repo}/pulls", pulls.create_pull_request, "POST", "Create Pull Request"),
    _r(
        "/repos/{org}/{repo}/pulls/{number}",
        pulls.update_pull_request,
        "PATCH",
        "Update Pull Request",
    ),
    _r(
        "/repos/{org}/{repo}/pulls/{number}/merge",
        pulls.merge_pull_request,
        "POST",
        "Merge Pull Request",
    ),
    _r(
        "/repos/{org}/{repo}/pulls/{number}/comments",
        pulls.add_comment,
        "POST",
        "Comment on Pull Request",
    ),
    # CI/CD Pipelines (the agent API, /ci/*, is the runner's)
    _r(PIPELINES, pipelines.list_pipelines, "GET", "List Pipelines"),
    _r(f"{PIPELINES}/{{number}}", pipelines.get_pipeline, "GET", "Get Pipeline"),
    _r(f"{PIPELINES}/{{number}}/cancel", pipelines.cancel_pipeline, "POST", "Cancel Pipeline"),
    _r(f"{PIPELINES}/{{number}}/rerun", pipelines.rerun_pipeline, "POST", "Re-run Pipeline"),
    # CI Agent API (runner tokens only; also at /api/v1/ci whoever owns /api/v1)
    *ci_agent.ROUTES,
    # Releases
    _r("/repos/{org}/{repo}/releases", releases.list_releases, "GET", "List Releases"),
    _r("/repos/{org}/{repo}/releases/{id}", releases.get_release, "GET", "Get Release"),
    _r(
        "/repos/{org}/{repo}/releases/tags/{tag:path}",
        releases.get_release_by_tag,
        "GET",
        "Get Release by Tag",
    ),
    _r("/repos/{org}/{repo}/releases", releases.create_release, "POST", "Create Release"),
    _r(
        "/repos/{org}/{repo}/releases/{id}",
        releases.update_release,
        "PATCH",
        "Update Release",
    ),
    _r(
        "/repos/{org}/{repo}/releases/{id}",
        releases.delete_release,
        "DELETE",
        "Delete Release",
    ),
    _r(
        "/repos/{org}/{repo}/releases/{id}/assets",
        releases.list_assets,
        "GET",
        "List Release Assets",
    ),
    _r(
        "/repos/{org}/{repo}/releases/{id}/assets",
        releases.upload_asset,
        "POST",
        "Upload Release Asset",
    ),
    _r(
        "/repos/{org}/{repo}/releases/{id}/assets/{asset_id}",
        releases.delete_asset,
        "DELETE",
        "Delete Release Asset",
    ),
]

AGENT_ROUTES = ci_agent.ROUTES

__all__ = ["AGENT_ROUTES", "ISURUS", "ROUTES"]
