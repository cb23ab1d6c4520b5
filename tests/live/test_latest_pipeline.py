"""Commit.latestPipeline: the status icon beside a branch and on commits."""

from __future__ import annotations

from pathlib import Path

from tests.ci.ci_helpers import owner_name, push_files
from tests.forge import Forge
from tests.git.gitcli import Git

HISTORY = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  object(expression: "main") { ... on Commit {
    history(first: 10) { nodes { oid latestPipeline { number status event } } } } } } }"""


def _history(forge: Forge, repo: dict, token: str | None) -> list[dict]:
    owner, name = owner_name(repo)
    data = forge.gql(HISTORY, {"o": owner, "n": name}, token=token)
    nodes: list[dict] = data["repository"]["object"]["history"]["nodes"]
    return nodes


def test_reader_sees_the_newest_pipeline_of_each_commit(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    git, work = Git(tmp_path / "home"), tmp_path / "work"
    plain = push_files(forge, git, work, user, repo, {"README": "no workflow yet\n"})
    first = push_files(
        forge, git, work, user, repo, {".kod/workflows/a.toml": "[step:a]\nrun: true\n"}
    )
    second = push_files(forge, git, work, user, repo, {"other": "x\n"})
    forge.gql(
        "mutation($i: PipelineIdInput!) { rerunPipeline(input: $i) { pipeline { number } } }",
        {"i": {"pipelineId": _pipeline_id(forge, repo, user.token, 1)}},
        token=user.token,
    )
    by_oid = {n["oid"]: n["latestPipeline"] for n in _history(forge, repo, user.token)}
    assert by_oid[plain] is None
    # The rerun (3) is newer than the push's pipeline (1) on the same commit.
    assert by_oid[first] == {"number": 3, "status": "PENDING", "event": "RERUN"}
    assert by_oid[second] == {"number": 2, "status": "PENDING", "event": "PUSH"}
    # A token that may read the code but not pipelines sees no pipeline, and no error.
    narrow = forge.token_for(user, ["repo:read"])
    assert all(n["latestPipeline"] is None for n in _history(forge, repo, narrow))


def _pipeline_id(forge: Forge, repo: dict, token: str, number: int) -> str:
    owner, name = owner_name(repo)
    data = forge.gql(
        "query($o: String!, $n: String!, $x: Int!) { repository(owner: $o, name: $n) "
        "{ pipeline(number: $x) { id } } }",
        {"o": owner, "n": name, "x": number},
        token=token,
    )
    found: str = data["repository"]["pipeline"]["id"]
    return found
