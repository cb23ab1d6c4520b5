"""Isurus' CI/CD pipelines: list, get, cancel, re-run (the agent API is the runner's).

These routes answer bare objects, as Isurus documents them (its other routes
wrap ``{"data"}``): the list is ``{total, page, per_page, pipelines}``
(``per_page`` 20 by default, at most 50; ``status`` filters by ``pending``,
``running``, ``success``, ``failure``, ``cancelled`` or ``error``), a
pipeline carries its ``steps``. Cancel answers the pipeline as it now is (a
running one stays ``running`` until its runner has stopped); re-run answers
the new pipeline. Both need ``write`` and write access to the repository.
"""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import Unwrapped, path_id
from rest_compat.errors import ApiError, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.isurus.repositories import repo_path
from rest_compat.route import Call, Spec

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50
STATUSES = ("pending", "running", "success", "failure", "cancelled", "error")


def _per_page(call: Call) -> int:
    return min(call.per_page, MAX_PER_PAGE) if call.query.get("per_page") else DEFAULT_PER_PAGE


def _list_variables(call: Call) -> dict[str, Any]:
    status = call.query.get("status") or None
    if status is not None and status not in STATUSES:
        raise ApiError(
            "BAD_USER_INPUT", f"'status' must be one of: {', '.join(STATUSES)}.", field="status"
        )
    return {
        **repo_path(call),
        "first": _per_page(call),
        "page": call.page,
        "status": status.upper() if status else None,
    }


def _listed(data: dict[str, Any], call: Call) -> Unwrapped:
    found = require(data["repository"], "Repository")["pipelines"]
    return Unwrapped(
        {
            "total": found["totalCount"],
            "page": call.page,
            "per_page": _per_page(call),
            "pipelines": [shapes.pipeline(node) for node in found["nodes"]],
        }
    )


list_pipelines = Spec(OPS["IsurusPipelines"], _listed, _list_variables)


def _number_path(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "number": path_id(call.path["number"], "Pipeline")}


def _one(data: dict[str, Any], call: Call) -> Unwrapped:
    repo = require(data["repository"], "Repository")
    return Unwrapped(shapes.pipeline(require(repo["pipeline"], "Pipeline"), steps=True))


get_pipeline = Spec(OPS["IsurusPipeline"], _one, _number_path)


def _pipeline_input(call: Call) -> dict[str, Any]:
    repo = require(call.lookup["repository"], "Repository")
    return {"input": {"pipelineId": require(repo["pipeline"], "Pipeline")["id"]}}


cancel_pipeline = Spec(
    OPS["IsurusCancelPipeline"],
    lambda data, call: Unwrapped(shapes.pipeline(data["cancelPipeline"]["pipeline"], steps=True)),
    _pipeline_input,
    lookup=OPS["IsurusPipelineId"],
    lookup_variables=_number_path,
)

rerun_pipeline = Spec(
    OPS["IsurusRerunPipeline"],
    lambda data, call: Unwrapped(shapes.pipeline(data["rerunPipeline"]["pipeline"], steps=True)),
    _pipeline_input,
    status=201,
    lookup=OPS["IsurusPipelineId"],
    lookup_variables=_number_path,
)
