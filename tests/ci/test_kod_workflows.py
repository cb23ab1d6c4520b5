"""Kod's workflow routes: trigger, runs, a run's record, the status of every run."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from tests.ci.ci_helpers import BUILD, CANCEL
from tests.forge import Forge, User
from tests.git.gitcli import Git
from tests.rest.test_kod_conformance import check_types, kod, refused
from tests.rest.test_kod_git import kod_url

KOD_TOKEN = ["repo:read", "repo:write", "workflow:trigger", "workflow:read"]
RECORD = {
    "id": str,
    "repoName": str,
    "branch": str,
    "status": str,
    "startedAt": (int, type(None)),
    "completedAt": (int, type(None)),
    "result": (dict, type(None)),
}


def _kod_repo(forge: Forge, tmp_path: Path, files: dict[str, str]) -> tuple[User, str, str]:
    """A Kod repository whose main holds ``files``, pushed over Kod's git URL."""
    user = forge.new_user("kw")
    token = forge.token_for(user, KOD_TOKEN)
    name = f"k{uuid.uuid4().hex[:8]}"
    with kod(forge, token) as api:
        assert api.post("/repos", json={"name": name}).status_code == 201
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    for path, content in files.items():
        git.commit(work, path, content)
    git.run("push", "-q", kod_url(forge, name, token), "main", cwd=work)
    return user, token, name


def test_a_push_is_one_run_and_a_trigger_queues_another(forge: Forge, tmp_path: Path) -> None:
    _user, token, name = _kod_repo(
        forge,
        tmp_path,
        {".kod/workflows/build.toml": BUILD, ".kod/workflows/test.toml": "[step:t]\nrun: true\n"},
    )
    with kod(forge, token) as api:
        runs = api.get(f"/repos/{name}/workflows")
        assert runs.status_code == 200, runs.text
        assert runs.headers["X-Total-Count"] == "1"
        (run,) = runs.json()
        check_types(run, RECORD)
        assert run["repoName"] == name and run["branch"] == "main"
        assert run["status"] == "queued"
        assert run["startedAt"] is None and run["completedAt"] is None and run["result"] is None
        queued = api.post(f"/repos/{name}/workflows", json={"branch": "main"})
        assert queued.status_code == 202, queued.text
        assert queued.json() == {"id": queued.json()["id"], "status": "queued"}
        assert queued.json()["id"].isdigit() and queued.json()["id"] != run["id"]
        chosen = api.post(
            f"/repos/{name}/workflows",
            json={"branch": "main", "files": [".kod/workflows/test.toml"]},
        )
        assert chosen.status_code == 202, chosen.text
        record = api.get(f"/repos/{name}/workflows/{chosen.json()['id']}")
        assert record.status_code == 200
        assert record.json()["id"] == chosen.json()["id"]
        for outside in (["build.toml"], ["../x.toml"], [".kod/workflows/a/b.toml"], ["/x.toml"]):
            bad = api.post(f"/repos/{name}/workflows", json={"branch": "main", "files": outside})
            refused(bad, 400)
        refused(api.post(f"/repos/{name}/workflows", json={}), 400)
        refused(api.post(f"/repos/{name}/workflows", json={"branch": "nope"}), 404)
        refused(api.get(f"/repos/{name}/workflows/999999999"), 404)
        refused(api.get(f"/repos/{name}/workflows/abc"), 404)
        listed = api.get(f"/repos/{name}/workflows").json()
        assert [r["id"] for r in listed] == [chosen.json()["id"], queued.json()["id"], run["id"]]
        status = api.get("/workflows/status")
        assert status.status_code == 200
        assert {r["id"] for r in status.json()} == {r["id"] for r in listed}


def test_a_finished_run_has_its_result(forge: Forge, tmp_path: Path) -> None:
    _user, token, name = _kod_repo(
        forge, tmp_path, {".kod/workflows/bad.toml": "[step:a]\nrun: x\nretries: 3\n"}
    )
    with kod(forge, token) as api:
        (run,) = api.get(f"/repos/{name}/workflows").json()
        check_types(run, RECORD)
        assert run["status"] == "failed"
        result = run["result"]
        assert set(result) == {"success", "duration", "steps"}
        assert result["success"] is False and isinstance(result["duration"], int)
        (step,) = result["steps"]
        assert set(step) == {"name", "success", "output", "duration"}
        assert step["success"] is False
        assert (
            step["output"]
            == ".kod/workflows/bad.toml:3: unknown step property 'retries' (known: run, if, working_dir, continue_on_error, image)\n"
        )
        triggered = api.post(f"/repos/{name}/workflows", json={"branch": "main"})
        assert triggered.status_code == 202
        assert triggered.json()["status"] == "failed"


def test_a_cancelled_run_is_failed(forge: Forge, tmp_path: Path) -> None:
    user, token, name = _kod_repo(forge, tmp_path, {".kod/workflows/a.toml": "[step:a]\nrun: x\n"})
    with kod(forge, token) as api:
        (run,) = api.get(f"/repos/{name}/workflows").json()
    global_id = _pipeline_id(forge, user, run["id"])
    forge.gql(CANCEL, {"id": global_id}, user.token)
    with kod(forge, token) as api:
        record = api.get(f"/repos/{name}/workflows/{run['id']}").json()
    assert record["status"] == "failed"
    assert record["completedAt"] is not None
    assert record["result"]["success"] is False


def _pipeline_id(forge: Forge, user: User, database_id: str) -> Any:
    data = forge.gql("{ pipelines(first: 50) { nodes { id databaseId } } }", token=user.token)
    return next(n["id"] for n in data["pipelines"]["nodes"] if str(n["databaseId"]) == database_id)


def test_who_can_use_the_workflow_routes(forge: Forge, tmp_path: Path) -> None:
    user, _token, name = _kod_repo(forge, tmp_path, {".kod/workflows/a.toml": "[step:a]\nrun: x\n"})
    with kod(forge) as anonymous:
        refused(anonymous.get(f"/repos/{name}/workflows"), 401)
        refused(anonymous.post(f"/repos/{name}/workflows", json={"branch": "main"}), 401)
        refused(anonymous.get("/workflows/status"), 401)
    reader = forge.token_for(user, ["repo:read", "workflow:read"])
    with kod(forge, reader) as api:
        assert api.get(f"/repos/{name}/workflows").status_code == 200
        refused(api.post(f"/repos/{name}/workflows", json={"branch": "main"}), 403)
    plain = forge.token_for(user, ["repo:read", "repo:write"])
    with kod(forge, plain) as api:
        refused(api.get(f"/repos/{name}/workflows"), 403)
        refused(api.get("/workflows/status"), 403)
        refused(api.post(f"/repos/{name}/workflows", json={"branch": "main"}), 403)
    outsider = forge.new_user("kwo")
    with kod(forge, forge.token_for(outsider, KOD_TOKEN)) as api:
        refused(api.get(f"/repos/{name}/workflows"), 404)
        refused(api.post(f"/repos/{name}/workflows", json={"branch": "main"}), 404)
        assert api.get("/workflows/status").json() == []
