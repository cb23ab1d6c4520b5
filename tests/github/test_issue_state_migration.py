"""Migration 0018: Ingot's third issue state NEW becomes OPEN with ``isTriaged: false``.

Issues are made on a migrated server, the database is taken back to 0013 (where
the untriaged issue is ``NEW`` again) and forward once more by ``serve``: the
states, the triage, the open-issue counter and Isurus' REST view are unchanged.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from tests.conftest import PG_HOST, PG_PORT, migrate_to, start_server
from tests.forge import Forge
from tests.rest.isurus import api as isurus_api
from tests.rest.isurus import data

CREATE = """mutation($r: ID!, $t: String!) {
  createIssue(input: {repositoryId: $r, title: $t}) { issue { id number } } }"""
TRIAGE = "mutation($i: ID!) { markIssueAsTriaged(input: {issueId: $i}) { issue { id } } }"
CLOSE = "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }"
VIEW = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  openIssueCount
  open: issues(states: [OPEN]) { totalCount }
  closed: issues(states: [CLOSED]) { totalCount }
  untriaged: issues(states: [NEW]) { totalCount }
  all: issues(first: 10) { nodes { number state isTriaged } } } }"""


def _stored_states(forge: Forge, url: str | None) -> list[tuple[int, str]]:
    query = "SELECT number, state FROM issue ORDER BY number"
    if url is None:
        with sqlite3.connect(Path(forge.env["INGOT_DATA_DIR"]) / "ingot.db") as db:
            return [(int(n), str(s)) for n, s in db.execute(query)]
    out = subprocess.run(
        ["psql", url.replace("postgres://", "postgresql://"), "-qAt", "-F", " ", "-c", query],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"PGHOST": PG_HOST, "PGPORT": str(PG_PORT), "PATH": "/usr/bin:/bin"},
    ).stdout
    return [(int(n), s) for n, s in (line.split() for line in out.splitlines())]


def _view(forge: Forge, token: str, full_name: str) -> dict[str, object]:
    owner, name = full_name.split("/")
    seen: dict[str, object] = forge.gql(VIEW, {"o": owner, "n": name}, token=token)["repository"]
    with isurus_api(forge, token) as isurus:
        listed = {
            state: [
                i["number"] for i in data(isurus.get(f"/repos/{full_name}/issues?state={state}"))
            ]
            for state in ("new", "open", "closed")
        }
    seen["isurus"] = listed
    return seen


def test_untriaged_issues_survive_the_state_migration(
    tmp_path: Path, database_url: str | None
) -> None:
    forge = start_server(tmp_path, database_url)
    try:
        user = forge.new_user()
        repo = forge.new_repo(user)
        ids = [
            forge.gql(CREATE, {"r": repo["id"], "t": f"i{n}"}, token=user.token)["createIssue"][
                "issue"
            ]["id"]
            for n in range(4)
        ]
        forge.gql(TRIAGE, {"i": ids[1]}, token=user.token)
        forge.gql(CLOSE, {"i": ids[2]}, token=user.token)
        before = _view(forge, user.token, repo["nameWithOwner"])
    finally:
        forge.stop()
    assert before == {
        "openIssueCount": 3,
        "open": {"totalCount": 3},
        "closed": {"totalCount": 1},
        "untriaged": {"totalCount": 2},
        "all": {
            "nodes": [
                {"number": 1, "state": "OPEN", "isTriaged": False},
                {"number": 2, "state": "OPEN", "isTriaged": True},
                {"number": 3, "state": "CLOSED", "isTriaged": False},
                {"number": 4, "state": "OPEN", "isTriaged": False},
            ]
        },
        "isurus": {"new": [1, 4], "open": [2], "closed": [3]},
    }
    migrate_to(forge.env, "ingot.0013_ci_runners")
    assert _stored_states(forge, database_url) == [
        (1, "NEW"),
        (2, "OPEN"),
        (3, "CLOSED"),
        (4, "NEW"),
    ]
    forge = start_server(tmp_path, database_url)  # ``serve`` migrates forward
    try:
        token = forge.sign_in(user.login, user.password)
        after = _view(forge, token, repo["nameWithOwner"])
    finally:
        forge.stop()
    # Closed issue 3 comes back triaged: before 0018 a closed issue did not say.
    expected = dict(before)
    expected["all"] = {
        "nodes": [
            {"number": 1, "state": "OPEN", "isTriaged": False},
            {"number": 2, "state": "OPEN", "isTriaged": True},
            {"number": 3, "state": "CLOSED", "isTriaged": True},
            {"number": 4, "state": "OPEN", "isTriaged": False},
        ]
    }
    assert after == expected
    assert _stored_states(forge, database_url) == [
        (1, "OPEN"),
        (2, "OPEN"),
        (3, "CLOSED"),
        (4, "OPEN"),
    ]
