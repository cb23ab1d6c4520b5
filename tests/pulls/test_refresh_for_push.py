"""``refresh_for_push``, the hook push code calls, run in-process on the live forge's database."""

from __future__ import annotations

import pytest

from app.models import Account, Mergeable, PullRequest, PullRequestState, Repository
from app.services import pull_request as pulls
from tests.forge import Forge
from tests.pulls.builder import new_project
from tests.pulls.inprocess import run_in_forge, runtime_for


def _refresh(forge: Forge, repo_id: int, refs: list[str], pusher: str | None) -> list[PullRequest]:
    async def work() -> list[PullRequest]:
        repo = await Repository.get(id=repo_id)
        account = await Account.get(login=pusher) if pusher else None
        return await pulls.refresh_for_push(runtime_for(forge).storage, repo, refs, account)

    return run_in_forge(forge, work)


def test_a_push_to_the_base_stores_the_new_mergeable_state(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    project.builder.commit("main", {"a.txt": "one\nzwei\nthree\n"}, "Translate two")
    assert _refresh(forge, project.repo["databaseId"], ["refs/tags/v1"], None) == []
    [refreshed] = _refresh(forge, project.repo["databaseId"], ["refs/heads/main"], None)
    assert refreshed.number == pr["number"]
    assert refreshed.mergeable == Mergeable.CONFLICTING
    assert refreshed.base_oid == project.builder.tip("main")


def test_a_push_of_the_head_into_the_base_merges_by_the_pusher(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    project.builder.set("main", project.builder.tip("feature"))
    [refreshed] = _refresh(forge, project.repo["databaseId"], ["refs/heads/main"], user.login)
    assert refreshed.state == PullRequestState.MERGED
    now = forge.gql(
        """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
          pullRequest(number: $num) { state mergedBy { login } mergeCommitOid } } }""",
        {"o": project.owner, "n": project.name, "num": pr["number"]},
    )["repository"]["pullRequest"]
    assert now == {
        "state": "MERGED",
        "mergedBy": {"login": user.login},
        "mergeCommitOid": project.builder.tip("main"),
    }


def test_beyond_the_eager_limit_pull_requests_are_computed_when_read(
    forge: Forge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pulls, "EAGER_REFRESH_LIMIT", 2)
    user = forge.new_user()
    project = new_project(forge, user)
    for i in range(3):
        project.builder.branch(f"topic{i}", "main")
        project.builder.commit(f"topic{i}", {f"t{i}.txt": "x\n"}, f"Topic {i}")
        project.open(user.token, head=f"topic{i}")
    project.builder.commit("main", {"m.txt": "m\n"}, "Move main")
    refreshed = _refresh(forge, project.repo["databaseId"], ["refs/heads/main"], None)
    assert [pr.number for pr in refreshed] == [3, 2]

    async def states() -> list[str]:
        rows = await PullRequest.filter(repository_id=project.repo["databaseId"]).order_by("id")
        return [str(row.mergeable) for row in rows]

    assert run_in_forge(forge, states) == ["UNKNOWN", "MERGEABLE", "MERGEABLE"]
    assert project.get(1)["mergeable"] == "MERGEABLE"
    assert project.get(1)["baseRefOid"] == project.builder.tip("main")
