"""Real pushes refresh pull requests; protected branches take merges from admins only."""

from __future__ import annotations

from pathlib import Path

from app.models import BranchProtectionRule, Mergeable, PullRequest
from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.pulls.builder import MERGE, code_of, fresh_pr, new_project
from tests.pulls.inprocess import run_in_forge


def _row(forge: Forge, pr_id: int) -> PullRequest:
    async def work() -> PullRequest:
        return await PullRequest.get(id=pr_id)

    return run_in_forge(forge, work)


def test_a_push_to_the_base_updates_mergeability_at_once(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    git = Git(tmp_path / "home")
    work = tmp_path / "work"
    git.run("clone", url(forge, project.repo["nameWithOwner"], user.token), str(work))
    new_tip = git.commit(work, "a.txt", "one\nzwei\nthree\n", "Translate two")
    git.run("push", "origin", "main", cwd=work)
    # Read straight from the database: the push hook stored it, no query recomputed it.
    row = _row(forge, pr["databaseId"])
    assert (row.mergeable, row.base_oid) == (Mergeable.CONFLICTING, new_tip)


def test_pushing_the_head_into_the_base_merges_it_by_the_pusher(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    git = Git(tmp_path / "home")
    work = tmp_path / "work"
    git.run("clone", url(forge, project.repo["nameWithOwner"], user.token), str(work))
    git.run("push", "origin", "origin/feature:refs/heads/main", cwd=work)
    row = _row(forge, pr["databaseId"])
    assert row.state == "MERGED" and row.merge_commit_oid == project.builder.tip("feature")
    merged_by = forge.gql(
        """query($id: ID!) { node(id: $id) { ... on PullRequest { mergedBy { login } } } }""",
        {"id": pr["id"]},
    )
    assert merged_by == {"node": {"mergedBy": {"login": user.login}}}


def test_only_admins_merge_into_a_protected_branch(
    forge: Forge,
    org_project: tuple,
) -> None:
    project, actors = org_project
    owner_token, member_token = actors["org owner"], actors["org member"]

    async def protect() -> None:
        await BranchProtectionRule.create(repository_id=project.repo["databaseId"], pattern="ma*")

    run_in_forge(forge, protect)
    pr = fresh_pr(project, member_token)
    viewer = "query($id: ID!) { node(id: $id) { ... on PullRequest { viewerCanMerge } } }"
    assert (
        forge.gql(viewer, {"id": pr["id"]}, token=member_token)["node"]["viewerCanMerge"] is False
    )
    assert forge.gql(viewer, {"id": pr["id"]}, token=owner_token)["node"]["viewerCanMerge"] is True
    before = project.builder.tip("main")
    assert code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, member_token) == "FORBIDDEN"
    assert project.builder.tip("main") == before
    assert code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, owner_token) == "OK"
    assert project.get(pr["number"])["state"] == "MERGED"
