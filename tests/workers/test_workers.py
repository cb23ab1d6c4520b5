"""``ingot serve`` with two worker processes on PostgreSQL: concurrent pushes and API
writes land exactly once, the rate limit holds across the workers, one of them serves
SSH, and SIGTERM stops them all cleanly. On SQLite more than one is refused."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.backends import database, wait_for
from tests.conftest import ROOT, free_port, start_server
from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, url

ISSUE = "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }"
COUNTS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  openIssueCount issues(first: 100) { totalCount nodes { number } } pushes { totalCount } } }"""


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    with database("postgres") as database_url:
        tmp = tmp_path_factory.mktemp("workers")
        env = {
            "INGOT_WORKERS": "2",
            "INGOT_RATE_LIMIT_ANONYMOUS": "60",
            "INGOT_SSH_PORT": str(free_port()),
        }
        forge = start_server(tmp, database_url, extra_env=env)
        forge.backend = "postgres"
        # /health answers once one worker is up; the other may still be starting.
        wait_for(
            lambda: forge.log_path.read_text().count("Application startup complete.") == 2,
            what="both workers",
        )
        try:
            yield forge
        finally:
            forge.stop()


def _fresh(forge: Forge, method: str, path: str, **kwargs: object) -> httpx.Response:
    """A request on a connection of its own, so that requests spread over the workers."""
    with httpx.Client(timeout=60) as client:
        return client.request(method, f"{forge.url}{path}", **kwargs)  # type: ignore[arg-type]


def test_two_workers_start_and_one_serves_ssh(workers: Forge) -> None:
    log = workers.log_path.read_text()
    assert log.count("Application startup complete.") == 2, log
    assert log.count("  SSH:      ssh://") == 1, log
    assert "Workers:  2 processes" in log


def test_concurrent_api_writes_land_once(workers: Forge) -> None:
    user = workers.new_user("w")
    repo = workers.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    headers = {"Authorization": f"Bearer {user.token}"}

    def create(n: int) -> int:
        body = {"query": ISSUE, "variables": {"i": {"repositoryId": repo["id"], "title": f"{n}"}}}
        response = _fresh(workers, "POST", "/graphql", json=body, headers=headers)
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        number: int = response.json()["data"]["createIssue"]["issue"]["number"]
        return number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = sorted(pool.map(create, range(40)))
    assert numbers == list(range(1, 41))
    found = workers.gql(COUNTS, {"o": owner, "n": name})["repository"]
    assert found["openIssueCount"] == 40 and found["issues"]["totalCount"] == 40
    assert sorted(i["number"] for i in found["issues"]["nodes"]) == numbers


def test_concurrent_pushes_all_land(workers: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = workers.new_user("p")
    repos = [workers.new_repo(user)["nameWithOwner"] for _ in range(4)]
    works = []
    for i, full_name in enumerate(repos):
        work = git.init(tmp_path / f"w{i}")
        tip = git.commit(work, "a.txt", f"{i}\n" * 1000)
        works.append((full_name, work, tip))

    def push(item: tuple[str, Path, str]) -> int:
        full_name, work, _ = item
        return git.run("push", url(workers, full_name, user.token), "main", cwd=work).returncode

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(push, works)) == [0, 0, 0, 0]
    for full_name, _, tip in works:
        assert remote_refs(workers, full_name) == {"refs/heads/main": tip}
        owner, name = full_name.split("/")
        found = workers.gql(COUNTS, {"o": owner, "n": name})["repository"]
        assert found["pushes"]["totalCount"] == 1


def test_rate_limit_holds_across_workers(workers: Forge) -> None:
    """80 anonymous requests on fresh connections against a budget of 60 for the address:
    with a budget per worker all would pass; with the shared one at most 60 do."""
    body = {"query": "{ viewer { login } }"}
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(
            pool.map(lambda _: _fresh(workers, "POST", "/graphql", json=body), range(80))
        )
    statuses = [r.status_code for r in responses]
    assert set(statuses) == {200, 429}
    assert 0 < statuses.count(200) <= 60, statuses
    # Spent for every worker: fresh connections, whichever process takes them, are refused.
    later = [_fresh(workers, "POST", "/graphql", json=body).status_code for _ in range(6)]
    assert later == [429] * 6


def test_sigterm_stops_every_worker(workers: Forge) -> None:
    workers.client.close()
    workers.process.send_signal(signal.SIGTERM)
    assert workers.process.wait(timeout=30) == 0
    log = workers.log_path.read_text()
    assert log.count("Finished server process") == 2, log
    assert "Traceback" not in log


def test_sqlite_refuses_more_than_one_worker(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "INGOT_DATA_DIR": str(tmp_path / "d")}
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--port", "0", "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "More than one server process needs PostgreSQL" in done.stderr
