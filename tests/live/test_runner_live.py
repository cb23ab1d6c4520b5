"""A real ``ingot runner`` runs a step that prints, then waits for the test: the line
reaches a subscriber while the step is still running. On PostgreSQL the subscriber
is on a second server process sharing the database, so the line crosses processes
(the runner appends through the first server; LISTEN/NOTIFY brings it to the second).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backends import database, sql
from tests.ci.runners import database_id, push, running_runner, wait_pipeline
from tests.conftest import start_server
from tests.forge import Forge
from tests.git.gitcli import Git
from tests.live.pipelines import LOG
from tests.live.ws import Live, live

# The step prints, then waits until the test creates the file it names.
WAITING = """[step:wait]
run:
  echo first line
  while [ ! -f {env.GO} ]; do sleep 0.05; done
  echo second line
"""


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def forges(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Forge, Forge]]:
    """The server the runner talks to, and the one subscribers use (the same on SQLite,
    where one process serves; a second process on the same database on PostgreSQL)."""
    with database(request.param) as url:
        tmp = tmp_path_factory.mktemp(f"live-{request.param}")
        first = start_server(tmp / "a", url)
        first.backend = request.param
        second = first if url is None else start_server(tmp / "b", url)
        try:
            yield first, second
        finally:
            if second is not first:
                second.stop()
            first.stop()


def _workflow(go: Path) -> str:
    return WAITING.replace("{env.GO}", str(go))


def _lines(client: Live, operation: str, until: str) -> str:
    got = ""
    while until not in got:
        message = client.next(timeout=60)
        assert message["type"] == "next" and message["id"] == operation, message
        got += message["payload"]["data"]["pipelineLog"]["text"]
    return got


def _follow(forges: tuple[Forge, Forge], tmp: Path) -> tuple[str, dict[str, Any], Any]:
    runner_side = forges[0]
    user = runner_side.new_user()
    repo = runner_side.new_repo(user)
    go = tmp / "go"
    push(
        runner_side,
        Git(tmp / "home"),
        tmp / "work",
        user,
        repo["nameWithOwner"],
        {".kod/workflows/wait.toml": _workflow(go)},
    )
    return user.token, repo, go


def test_a_line_printed_by_a_running_step_reaches_a_subscriber(
    forges: tuple[Forge, Forge], tmp_path: Path
) -> None:
    runner_side, subscriber_side = forges
    token, repo, go = _follow(forges, tmp_path)
    with running_runner(runner_side):
        found = wait_pipeline(runner_side, token, repo["nameWithOwner"], 1, {"RUNNING"})
        with live(subscriber_side.url, token=token) as client:
            client.subscribe("log", LOG, {"id": found["id"]})
            assert "first line\n" in _lines(client, "log", "first line\n")
            # The step is still waiting for us: the line came while it ran.
            running = wait_pipeline(runner_side, token, repo["nameWithOwner"], 1, {"RUNNING"})
            assert running["steps"]["nodes"][0]["status"] == "RUNNING"
            go.touch()
            assert "second line\n" in _lines(client, "log", "second line\n")
            while (message := client.next(timeout=60))["type"] == "next":
                pass
            assert message == {"type": "complete", "id": "log"}
        done = wait_pipeline(runner_side, token, repo["nameWithOwner"], 1)
        assert done["status"] == "SUCCESS"
        assert database_id(done["id"]) > 0


def test_subscribers_survive_a_dropped_listen_connection(
    forges: tuple[Forge, Forge], tmp_path: Path
) -> None:
    runner_side, subscriber_side = forges
    if runner_side.backend != "postgres":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    token, repo, go = _follow(forges, tmp_path)
    with running_runner(runner_side):
        found = wait_pipeline(runner_side, token, repo["nameWithOwner"], 1, {"RUNNING"})
        with live(subscriber_side.url, token=token) as client:
            client.subscribe("log", LOG, {"id": found["id"]})
            _lines(client, "log", "first line\n")
            # Every server's LISTEN connection is cut; they reconnect and resync.
            killed = sql(
                subscriber_side,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                "application_name = 'ingot-pipeline-events' AND datname = current_database()",
            )
            assert int(killed[0][0]) >= 1, killed
            time.sleep(0.5)
            go.touch()
            assert "second line\n" in _lines(client, "log", "second line\n")
        assert wait_pipeline(runner_side, token, repo["nameWithOwner"], 1)["status"] == "SUCCESS"
