"""The Kod REST API (``seeds/kod-api.txt``), mounted at ``/kod``.

The table follows the seed document's order; each ``name`` is Kod's own
description of the route. Permissions are the canonical scope names. Flat
Kod names live under the token owner's account (``repositories.py``).
``docs/rest/kod.md`` lists what is not served yet.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from rest_compat.kod import collaborators, protections, repositories, tokens, workflows
from rest_compat.kod.dialect import KOD
from rest_compat.route import router


async def health(request: Request) -> Response:
    """No authentication, no database: the process answers."""
    return JSONResponse({"status": "ok"})


PROTECTIONS = "/repos/{name}/protections/branches"
COLLABORATORS = "/repos/{name}/collaborators"
WORKFLOWS = "/repos/{name}/workflows"
SECRETS = "/repos/{name}/secrets"


_r = router(KOD)


ROUTES: list[BaseRoute] = [
    Route("/health", health, methods=["GET"], name="Health check"),
    # Repositories
    _r("/repos", repositories.list_repositories, "GET", "List all repositories"),
    _r("/repos", repositories.create_repository, "POST", "Create a new repository"),
    _r("/repos/import", repositories.import_repository, "POST", "Import a Git repository"),
    _r("/repos/{name}", repositories.get_repository, "GET", "Get repository details"),
    _r("/repos/{name}", repositories.update_repository, "PATCH", "Update a repository"),
    _r("/repos/{name}", repositories.delete_repository, "DELETE", "Delete a repository"),
    # Branch protection
    _r(PROTECTIONS, protections.list_protected_branches, "GET", "List protected branches"),
    _r(f"{PROTECTIONS}/{{branch:path}}", protections.protect_branch, "PUT", "Protect a branch"),
    _r(
        f"{PROTECTIONS}/{{branch:path}}",
        protections.unprotect_branch,
        "DELETE",
        "Remove branch protection",
    ),
    # Collaborators
    _r(COLLABORATORS, collaborators.list_collaborators, "GET", "List collaborators"),
    _r(COLLABORATORS, collaborators.add_collaborator, "POST", "Add a collaborator"),
    _r(
        f"{COLLABORATORS}/{{username}}",
        collaborators.set_collaborator,
        "PUT",
        "Add a collaborator or change their permission",
    ),
    _r(
        f"{COLLABORATORS}/{{username}}",
        collaborators.remove_collaborator,
        "DELETE",
        "Remove a collaborator",
    ),
    # Workflows
    _r(WORKFLOWS, workflows.trigger_workflow, "POST", "Trigger a workflow"),
    _r(WORKFLOWS, workflows.list_workflows, "GET", "List workflow runs for a repository"),
    _r(f"{WORKFLOWS}/{{id}}", workflows.get_workflow, "GET", "Get a specific workflow run"),
    _r("/workflows/status", workflows.workflow_status, "GET", "Status of every workflow run"),
    # Secrets
    _r(SECRETS, workflows.list_secrets, "GET", "List secrets for a repository"),
    _r(f"{SECRETS}/{{secretName}}", workflows.set_secret, "PUT", "Create or update a secret"),
    _r(f"{SECRETS}/{{secretName}}", workflows.delete_secret, "DELETE", "Delete a secret"),
    # Tokens
    _r("/tokens", tokens.list_tokens, "GET", "List all API tokens"),
    _r("/tokens", tokens.create_token, "POST", "Create a new API token"),
    _r("/tokens/{id}", tokens.delete_token, "DELETE", "Delete a token"),
]

__all__ = ["KOD", "ROUTES"]
