"""The CI agent API (seed: "CI Agent API"): what ``ingot runner`` and Isurus agents call.

Served at ``/isurus/api/v1/ci/*`` and at ``/api/v1/ci/*`` whoever owns
``/api/v1`` (Gogs has no ``/ci`` paths). Runner tokens only
(``Authorization: Bearer``); a user token is 401. Answers are the seed's bare
JSON (no ``{"data"}`` envelope, as the seed's CI section shows them); errors are
Isurus' ``{"error": {...}}``: 404 for a pipeline or step the runner does not
hold, 409 for a move the status rules refuse (or a pipeline that was cancelled
or lost: the runner stops), 422 for an unknown status, 413 for a log append
over 1 MB. Log appends are raw text, not JSON.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute

from rest_compat import body as b
from rest_compat.dialect import Unwrapped, path_id
from rest_compat.errors import ApiError
from rest_compat.isurus.dialect import ISURUS
from rest_compat.isurus.operations import OPS
from rest_compat.route import Call, Spec, router

MAX_LOG_BYTES = 1024 * 1024
_STEP_STATUSES = ("pending", "running", "success", "failure", "skipped", "cancelled")
_PIPELINE_STATUSES = ("pending", "running", "success", "failure", "cancelled", "error")


_STEP_FIELDS = (("id", "databaseId"), ("number", "number"), ("name", "name"), ("status", "status"))


def _pairs(values: list[dict[str, Any]]) -> dict[str, str]:
    return {v["name"]: v["value"] for v in values}


def job_shape(data: dict[str, Any], call: Call) -> Any:
    """The seed's poll answer, plus what Ingot's runner needs (``timeout``, ``job_token``,
    ``secrets`` and each step's ``if``, ``working_dir``, ``continue_on_error``)."""
    job = data["claimPipeline"]["job"]
    if job is None:
        return Response(status_code=204)
    return Unwrapped(
        {
            "pipeline_id": job["pipelineDatabaseId"],
            "number": job["number"],
            "commit_node": job["commitOid"],
            "branch": job["branch"],
            "event": job["event"],
            "clone_url": job["cloneUrl"],
            "org": job["owner"],
            "repo": job["repositoryName"],
            "steps": [
                {
                    "id": step["databaseId"],
                    "number": step["number"],
                    "name": step["name"],
                    "image": step["image"],
                    "commands": step["commands"],
                    "environment": _pairs(step["environment"]),
                    "status": step["status"],
                    "if": step["condition"],
                    "working_dir": step["workingDir"],
                    "continue_on_error": step["continueOnError"],
                }
                for step in job["steps"]
            ],
            "ci_env": _pairs(job["ciEnv"]),
            "timeout": job["timeout"],
            "job_token": job["jobToken"],
            "secrets": _pairs(job["secrets"]),
        }
    )


def _integer(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not -(2**31) <= value < 2**31:
        raise ApiError(
            "BAD_USER_INPUT", f"'{name}' must be an integer.", field=name, constraint="type"
        )
    return value


def _poll_variables(call: Call) -> dict[str, Any]:
    capacity = _integer(call.body, "capacity")
    return {"input": {"capacity": capacity} if capacity is not None else {}}


def _heartbeat_variables(call: Call) -> dict[str, Any]:
    held = b.integers(call.body, "pipelines") or []
    return {"input": {"capacity": _integer(call.body, "capacity"), "pipelineIds": held[:256]}}


def _status(call: Call, allowed: tuple[str, ...]) -> str:
    value = b.choice(call.body, "status", allowed)
    if value is None:
        raise ApiError("BAD_USER_INPUT", "'status' is required.", field="status")
    # The seed's started_at / finished_at are accepted and checked; the forge's clock rules.
    b.moment(call.body, "started_at")
    b.moment(call.body, "finished_at")
    return value


def _step_variables(call: Call) -> dict[str, Any]:
    status = _status(call, _STEP_STATUSES)
    step_id = path_id(call.path["id"], "Step")
    return {
        "input": {"stepId": step_id, "status": status, "exitCode": _integer(call.body, "exit_code")}
    }


def _pipeline_variables(call: Call) -> dict[str, Any]:
    status = _status(call, _PIPELINE_STATUSES)
    pipeline_id = path_id(call.path["id"], "Pipeline")
    return {
        "input": {
            "pipelineId": pipeline_id,
            "status": status,
            "message": b.text(call.body, "message"),
        }
    }


def _log_variables(call: Call) -> dict[str, Any]:
    return {
        "input": {
            "stepId": path_id(call.path["id"], "Step"),
            "text": str(call.body.get("text") or ""),
        }
    }


poll = Spec(OPS["IsurusAgentPoll"], job_shape, _poll_variables, reads_body=True, agent=True)
heartbeat = Spec(
    OPS["IsurusAgentHeartbeat"],
    lambda data, call: Unwrapped(
        {"status": "ok", "stop": data["runnerHeartbeat"]["stopPipelineIds"]}
    ),
    _heartbeat_variables,
    reads_body=True,
    agent=True,
)
step_status = Spec(
    OPS["IsurusAgentStepStatus"],
    lambda data, call: Unwrapped(
        {key: data["updateStepStatus"]["step"][name] for key, name in _STEP_FIELDS}
    ),
    _step_variables,
    reads_body=True,
    agent=True,
    fields={"exitCode": "exit_code"},
)
pipeline_status = Spec(
    OPS["IsurusAgentPipelineStatus"],
    lambda data, call: Unwrapped(
        {
            "id": data["updatePipelineStatus"]["pipelineDatabaseId"],
            "status": data["updatePipelineStatus"]["status"],
        }
    ),
    _pipeline_variables,
    reads_body=True,
    agent=True,
)
append_log = Spec(
    OPS["IsurusAgentAppendLog"],
    lambda data, call: Unwrapped({"bytes_stored": data["appendStepLog"]["bytesStored"]}),
    _log_variables,
    agent=True,
    raw_body=MAX_LOG_BYTES,
)

_r = router(ISURUS)

# Mounted under both /isurus/api/v1 and /api/v1 (rest_compat/mount.py).
ROUTES: list[BaseRoute] = [
    _r("/ci/poll", poll, "POST", "Poll for Job"),
    _r("/ci/heartbeat", heartbeat, "POST", "Heartbeat"),
    _r("/ci/steps/{id}/status", step_status, "PUT", "Update Step Status"),
    _r("/ci/pipelines/{id}/status", pipeline_status, "PUT", "Update Pipeline Status"),
    _r("/ci/steps/{id}/log", append_log, "POST", "Append Step Log"),
]
