"""Jobs are rows: queued, claimed by one worker, run, and picked up again after a crash."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

from tests.backends import commit_files, database, sql, timestamp, wait_for
from tests.conftest import start_server
from tests.forge import Forge
from tests.gitsource import Source
from tests.importing.flow import bare_path, finished, start_import


def _jobs(forge: Forge, repository_id: int) -> list[tuple[str, str, int]]:
    rows = sql(
        forge,
        f"SELECT kind, state, attempts FROM job WHERE repository_id = {repository_id} ORDER BY id",  # noqa: S608
    )
    return [(kind, state, int(attempts)) for kind, state, attempts in rows]


def _insert_job(forge: Forge, kind: str, repository_id: int, **columns: object) -> None:
    values = {
        "kind": kind,
        "payload": "{}",
        "state": "queued",
        "attempts": 0,
        "max_attempts": 3,
        "run_after": timestamp(-timedelta(seconds=1)),
        "last_error": "",
        "repository_id": repository_id,
        "created_at": timestamp(),
        "updated_at": timestamp(),
        **columns,
    }
    literals = [str(v) if isinstance(v, int) else "'" + str(v) + "'" for v in values.values()]
    sql(forge, f"INSERT INTO job ({', '.join(values)}) VALUES ({', '.join(literals)})")  # noqa: S608


def _repository_with_history(forge: Forge) -> tuple[int, Path]:
    repo = forge.new_repo(forge.admin)
    path = bare_path(forge, "admin", repo["name"])
    commit_files(path, "main", 5)
    return repo["databaseId"], path


def test_an_import_enqueues_jobs_that_run_and_record_their_state(
    tmp_path: Path, database_url: str | None, source: Source
) -> None:
    forge = start_server(
        tmp_path, database_url, {"INGOT_ALLOW_PRIVATE_IMPORTS": "1", "INGOT_MAINTENANCE_DELAY": "0"}
    )
    try:
        user = forge.admin
        repo = start_import(forge, user, "imported", source.url)
        assert finished(forge, user, "admin", "imported")["importStatus"]["state"] == "SUCCEEDED"
        done = [("import", "succeeded", 1), ("maintain", "succeeded", 1)]
        wait_for(lambda: _jobs(forge, repo["databaseId"]) == done, what="both jobs")
        assert list((bare_path(forge, "admin", "imported") / "objects/pack").glob("*.bitmap"))
    finally:
        forge.stop()


def test_a_job_whose_worker_died_is_claimed_again_after_a_restart_and_old_ones_pruned(
    tmp_path: Path, database_url: str | None
) -> None:
    forge = start_server(tmp_path, database_url)
    repository_id, path = _repository_with_history(forge)
    forge.stop()
    # What a process killed mid-job leaves behind: running, its lease long passed.
    _insert_job(
        forge,
        "maintain",
        repository_id,
        state="running",
        attempts=1,
        locked_until=timestamp(-timedelta(minutes=5)),
    )
    # And one finished long ago, which the worker prunes.
    _insert_job(
        forge,
        "maintain",
        repository_id,
        state="succeeded",
        attempts=1,
        updated_at=timestamp(-timedelta(days=8)),
    )
    assert _jobs(forge, repository_id) == [("maintain", "running", 1), ("maintain", "succeeded", 1)]
    forge = start_server(tmp_path, database_url)
    try:
        wait_for(
            lambda: _jobs(forge, repository_id) == [("maintain", "succeeded", 2)],
            what="the abandoned job to run again",
        )
        assert (path / "objects" / "info" / "commit-graph").is_file()
        assert list((path / "objects" / "pack").glob("*.bitmap"))
    finally:
        forge.stop()


def test_an_import_checks_its_url_again_when_it_runs(
    tmp_path: Path, database_url: str | None, source: Source
) -> None:
    # Queued while private addresses were allowed (simulated), run by a server that refuses them.
    forge = start_server(tmp_path, database_url)
    try:
        repo = forge.new_repo(forge.admin)
        sql(
            forge,
            "INSERT INTO repository_import (repository_id, state, source_url, progress, error, "  # noqa: S608
            f"created_at) VALUES ({repo['databaseId']}, 'queued', '{source.url}', '', '', "
            f"'{timestamp()}')",
        )
        payload = json.dumps({"url": source.url, "credentials": False})
        _insert_job(forge, "import", repo["databaseId"], payload=payload)
        status = finished(forge, forge.admin, "admin", repo["name"])["importStatus"]
        assert status["state"] == "FAILED" and "private" in status["error"]
        assert _jobs(forge, repo["databaseId"]) == [("import", "failed", 1)]
    finally:
        forge.stop()


def test_two_servers_on_one_postgres_database_never_run_a_job_twice(tmp_path: Path) -> None:
    with database("postgres") as url:
        shared = tmp_path / "shared"
        first = start_server(tmp_path / "a", url, {"INGOT_DATA_DIR": str(shared)})
        second = start_server(tmp_path / "b", url, {"INGOT_DATA_DIR": str(shared)})
        first.data_dir = second.data_dir = shared
        try:
            ids = [_repository_with_history(first)[0] for _ in range(16)]
            rows = ", ".join(
                f"('maintain', '{{}}', 'queued', 0, 3, now(), '', {i}, now(), now())" for i in ids
            )
            sql(
                first,
                "INSERT INTO job (kind, payload, state, attempts, max_attempts, run_after, "  # noqa: S608
                f"last_error, repository_id, created_at, updated_at) VALUES {rows}",
            )
            wait_for(
                lambda: all(_jobs(first, i) == [("maintain", "succeeded", 1)] for i in ids),
                what="every job to succeed once",
            )
        finally:
            first.stop()
            second.stop()
        started = Counter(
            int(job_id)
            for forge in (first, second)
            for job_id in re.findall(r"job (\d+) \(maintain\) started", forge.log_path.read_text())
        )
        assert len(started) == len(ids) and set(started.values()) == {1}


class _HangsOnce(http.server.BaseHTTPRequestHandler):
    """Holds the first request for each path open until released, then answers 404."""

    release = threading.Event()
    calls: list[str] = []

    def do_GET(self) -> None:
        path = self.path.split("/info/refs")[0]
        _HangsOnce.calls.append(path)
        if _HangsOnce.calls.count(path) == 1:
            _HangsOnce.release.wait(30)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_stopping_the_server_hands_running_imports_back_to_the_queue(
    tmp_path: Path, database_url: str | None
) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HangsOnce)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _HangsOnce.calls.clear()
    _HangsOnce.release.clear()
    settings = {"INGOT_ALLOW_PRIVATE_IMPORTS": "1"}
    host = f"127.0.0.1:{server.server_address[1]}"
    forge = start_server(tmp_path, database_url, settings)
    try:
        plain = start_import(forge, forge.admin, "plain", f"http://{host}/plain.git")
        secret = start_import(forge, forge.admin, "secret", f"http://u:pw@{host}/secret.git")
        wait_for(lambda: len(_HangsOnce.calls) == 2, what="both clones to connect")
        forge.stop()
        assert "Application shutdown complete" in forge.log_path.read_text()
        for repo in (plain, secret):
            assert _jobs(forge, repo["databaseId"]) == [("import", "queued", 0)]
            query = (
                f"SELECT state FROM repository_import WHERE repository_id = {repo['databaseId']}"  # noqa: S608
            )
            assert sql(forge, query) == [("queued",)]
        assert list((forge.data_dir / "repositories").rglob("*.git")) == []
        _HangsOnce.release.set()
        forge = start_server(tmp_path, database_url, settings)
        status = finished(forge, forge.admin, "admin", "plain")["importStatus"]
        assert status["state"] == "FAILED" and _HangsOnce.calls.count("/plain.git") == 2
        # The credentials lived only in the stopped process: the import says so.
        status = finished(forge, forge.admin, "admin", "secret")["importStatus"]
        assert status["state"] == "FAILED" and "start the import again" in status["error"]
        assert _HangsOnce.calls.count("/secret.git") == 1
    finally:
        _HangsOnce.release.set()
        forge.stop()
        server.shutdown()
        server.server_close()
