"""Kod's workflow runs and secrets: one Ingot pipeline is one Kod run.

A run's ``id`` is the pipeline's ``databaseId`` (as a string, like Kod's ids);
its record is ``{id, repoName, branch, status, startedAt, completedAt,
result}`` (``shapes.run``). Lists are newest first, 30 runs a page
(``?page=``; the whole count in ``X-Total-Count``). ``GET /workflows/status``
lists the runs of every repository Kod lists for the token (its own and those
it collaborates on). Triggering answers 202 ``{id, status}`` (``queued``, or
``failed`` at once when a workflow file does not parse).

Secrets need ``secrets:read`` / ``secrets:write`` (``admin`` implies both) and
the repository's admin role; values go in and never come out.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, path_id
from rest_compat.errors import not_found, require
from rest_compat.kod import shapes
from rest_compat.kod.operations import OPS
from rest_compat.kod.permission import caller
from rest_compat.kod.repositories import found, resolved
from rest_compat.route import Call, Spec
from schema import global_id

RUN_PAGE = 30


def _name(call: Call) -> dict[str, Any]:
    return {"name": call.path["name"]}


def _runs(data: dict[str, Any], call: Call) -> Page:
    caller(data, "workflow:read")
    repo = require(resolved(data, call), "Repository")
    runs = repo["pipelines"]
    return Page(
        [shapes.run(node) for node in runs["nodes"]], runs["totalCount"], call.page, RUN_PAGE
    )


list_workflows = Spec(
    OPS["KodWorkflows"],
    _runs,
    lambda call: {**_name(call), "page": call.page},
)


def _run(data: dict[str, Any], call: Call) -> dict[str, Any]:
    caller(data, "workflow:read")
    repo = require(resolved(data, call), "Repository")
    run = data["node"] or {}
    if (run.get("repository") or {}).get("id") != repo["id"]:
        raise not_found("Workflow run not found.")
    return shapes.run(run)


get_workflow = Spec(
    OPS["KodWorkflow"],
    _run,
    lambda call: {
        **_name(call),
        "id": global_id("Pipeline", path_id(call.path["id"], "Workflow run")),
    },
)


def _status(data: dict[str, Any], call: Call) -> Page:
    caller(data, "workflow:read")
    runs = data["pipelines"]
    return Page(
        [shapes.run(node) for node in runs["nodes"]], runs["totalCount"], call.page, RUN_PAGE
    )


workflow_status = Spec(OPS["KodWorkflowStatus"], _status, lambda call: {"page": call.page})


def _trigger_variables(call: Call) -> dict[str, Any]:
    repo = found(call.lookup, "workflow:trigger", call)
    branch = b.text(call.body, "branch", required=True)
    files = b.strings(call.body, "files")
    return {"input": {"repositoryId": repo["id"], "branch": branch, "files": files}}


def _triggered(data: dict[str, Any], call: Call) -> dict[str, Any]:
    pipeline = data["triggerPipeline"]["pipeline"]
    return {"id": str(pipeline["databaseId"]), "status": shapes.run_status(pipeline["status"])}


trigger_workflow = Spec(
    OPS["KodTriggerWorkflow"],
    _triggered,
    _trigger_variables,
    status=202,
    reads_body=True,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)


def secret_caller(data: dict[str, Any], permission: str) -> None:
    """Kod: ``admin`` implies both secrets permissions."""
    token = data.get("currentAccessToken")
    if token is not None and "admin" in token["scopes"]:
        return
    caller(data, permission)


def _secrets(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    secret_caller(data, "secrets:read")
    repo = require(resolved(data, call), "Repository")
    return [shapes.secret(node, repo["name"]) for node in repo["secrets"]]


list_secrets = Spec(OPS["KodSecrets"], _secrets, _name)


def _target(call: Call) -> dict[str, Any]:
    secret_caller(call.lookup, "secrets:write")
    return dict(require(resolved(call.lookup, call), "Repository"))


def _set_variables(call: Call) -> dict[str, Any]:
    repo = _target(call)
    value = b.text(call.body, "value", required=True)
    return {"input": {"repositoryId": repo["id"], "name": call.path["secretName"], "value": value}}


def _saved(data: dict[str, Any], call: Call) -> dict[str, Any]:
    return {
        "name": data["setRepositorySecret"]["name"],
        "repoName": require(resolved(call.lookup, call), "Repository")["name"],
        "message": "Secret saved",
    }


set_secret = Spec(
    OPS["KodSetSecret"],
    _saved,
    _set_variables,
    reads_body=True,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)


def _delete_variables(call: Call) -> dict[str, Any]:
    repo = _target(call)
    return {"input": {"repositoryId": repo["id"], "name": call.path["secretName"]}}


delete_secret = Spec(
    OPS["KodDeleteSecret"],
    lambda data, call: None,
    _delete_variables,
    status=204,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)
