"""Isurus' pipelines: list (bare, paginated, filtered), get with steps, cancel, rerun."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.ci.ci_helpers import add_collaborator, seeded, trigger
from tests.forge import Forge

PIPELINE_FIELDS = {
    "id",
    "number",
    "commit_node",
    "branch",
    "event",
    "status",
    "trigger_by",
    "trigger_user",
    "created_at",
    "started_at",
    "finished_at",
}
# Isurus' "read" and "write" scopes in canonical names (app/auth/scopes.py).
READ = ["repo:read", "collaborator:read", "workflow:read", "webhook:read"]
WRITE = [*READ, "repo:write", "collaborator:write", "webhook:write", "workflow:trigger"]
STEP_FIELDS = {"id", "number", "name", "image", "status", "exit_code", "started_at", "finished_at"}


def isurus(forge: Forge, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}/isurus/api/v1", headers=headers, timeout=60)


def _path(repo: dict[str, Any]) -> str:
    return f"/repos/{repo['nameWithOwner']}/pipelines"


def test_list_is_bare_paginated_and_filtered(forge: Forge, tmp_path: Path) -> None:
    user, repo = seeded(forge, tmp_path)
    for _ in range(22):
        trigger(forge, user.token, repo)
    with isurus(forge) as api:
        first = api.get(_path(repo))
        assert first.status_code == 200, first.text
        body = first.json()
        assert set(body) == {"total", "page", "per_page", "pipelines"}
        assert (body["total"], body["page"], body["per_page"]) == (23, 1, 20)
        assert [p["number"] for p in body["pipelines"]] == list(range(23, 3, -1))
        newest = body["pipelines"][0]
        assert set(newest) == PIPELINE_FIELDS
        assert newest["event"] == "manual" and newest["status"] == "pending"
        assert newest["branch"] == "main" and len(newest["commit_node"]) == 40
        assert newest["trigger_user"]["username"] == user.login
        assert newest["trigger_by"] == newest["trigger_user"]["id"]
        assert newest["created_at"].endswith("Z") and newest["started_at"] is None
        second = api.get(_path(repo), params={"page": 2}).json()
        assert [p["number"] for p in second["pipelines"]] == [3, 2, 1]
        assert second["pipelines"][-1]["event"] == "push"
        capped = api.get(_path(repo), params={"per_page": 100}).json()
        assert capped["per_page"] == 50 and len(capped["pipelines"]) == 23
        small = api.get(_path(repo), params={"per_page": 5, "page": 5}).json()
        assert (small["page"], small["per_page"]) == (5, 5)
        assert [p["number"] for p in small["pipelines"]] == [3, 2, 1]
        assert api.get(_path(repo), params={"page": 9}).json()["pipelines"] == []
        filtered = api.get(_path(repo), params={"status": "success"}).json()
        assert filtered["total"] == 0 and filtered["pipelines"] == []
        assert api.get(_path(repo), params={"status": "pending"}).json()["total"] == 23
        bad = api.get(_path(repo), params={"status": "done"})
        assert bad.status_code == 422
        assert bad.json()["error"]["field"] == "status"


def test_get_cancel_and_rerun(forge: Forge, tmp_path: Path) -> None:
    user, repo = seeded(forge, tmp_path)
    with isurus(forge, forge.token_for(user, WRITE)) as api:
        got = api.get(f"{_path(repo)}/1")
        assert got.status_code == 200, got.text
        pipeline = got.json()
        assert set(pipeline) == PIPELINE_FIELDS | {"steps"}
        assert pipeline["number"] == 1 and pipeline["event"] == "push"
        assert [s["name"] for s in pipeline["steps"]] == ["install", "setup", "deploy", "lint"]
        step = pipeline["steps"][2]
        assert set(step) == STEP_FIELDS
        assert step["number"] == 3 and step["image"] == "alpine:3"
        assert step["status"] == "pending" and step["exit_code"] is None
        assert api.get(f"{_path(repo)}/2").status_code == 404
        assert api.get(f"{_path(repo)}/abc").status_code == 404
        cancelled = api.post(f"{_path(repo)}/1/cancel")
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        assert {s["status"] for s in cancelled.json()["steps"]} == {"cancelled"}
        assert cancelled.json()["finished_at"] is not None
        rerun = api.post(f"{_path(repo)}/1/rerun")
        assert rerun.status_code == 201, rerun.text
        fresh = rerun.json()
        assert set(fresh) == PIPELINE_FIELDS | {"steps"}
        assert fresh["number"] == 2 and fresh["event"] == "rerun"
        assert fresh["status"] == "pending"
        assert fresh["commit_node"] == pipeline["commit_node"]
        assert api.post(f"{_path(repo)}/7/cancel").status_code == 404


def test_who_can_cancel_and_rerun(forge: Forge, tmp_path: Path) -> None:
    owner, repo = seeded(forge, tmp_path)
    reader = forge.new_user("ird")
    add_collaborator(forge, owner, repo, reader.login, "READ")
    with isurus(forge) as anonymous:
        assert anonymous.get(f"{_path(repo)}/1").status_code == 200
        assert anonymous.post(f"{_path(repo)}/1/cancel").status_code == 401
    with isurus(forge, forge.token_for(reader, WRITE)) as api:
        assert api.get(f"{_path(repo)}/1").status_code == 200
        assert api.post(f"{_path(repo)}/1/cancel").status_code == 403
        assert api.post(f"{_path(repo)}/1/rerun").status_code == 403
    with isurus(forge, forge.token_for(owner, READ)) as api:
        assert api.post(f"{_path(repo)}/1/rerun").status_code == 403


def test_a_private_repositorys_pipelines_are_404(forge: Forge, tmp_path: Path) -> None:
    owner, repo = seeded(forge, tmp_path, private=True)
    outsider = forge.new_user("iout")
    for token in (None, forge.token_for(outsider, WRITE)):
        with isurus(forge, token) as api:
            assert api.get(_path(repo)).status_code == 404
            assert api.get(f"{_path(repo)}/1").status_code == 404
            assert api.post(f"{_path(repo)}/1/cancel").status_code == 404
            assert api.post(f"{_path(repo)}/1/rerun").status_code == 404
    with isurus(forge, forge.token_for(owner, READ)) as api:
        assert api.get(_path(repo)).json()["total"] == 1
