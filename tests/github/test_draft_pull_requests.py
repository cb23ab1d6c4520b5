"""GitHub's draft pull requests and rebase merges, checked with the real git."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.pulls.builder import MERGE, log, new_project

CREATE_DRAFT = """mutation($r: ID!) { createPullRequest(input: {repositoryId: $r, title: "WIP",
  headRefName: "feature", baseRefName: "main", draft: true}) { pullRequest { id number isDraft } } }"""
TO_DRAFT = """mutation($i: ID!) { convertPullRequestToDraft(input: {pullRequestId: $i}) {
  pullRequest { isDraft } } }"""
READY = """mutation($i: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $i}) {
  pullRequest { isDraft state } } }"""


def test_a_draft_cannot_be_merged_until_marked_ready(forge: Forge, tmp_path: Path) -> None:
    user, stranger = forge.new_user(), forge.new_user()
    project = new_project(forge, user)
    pr = forge.gql(CREATE_DRAFT, {"r": project.repo["id"]}, token=user.token)["createPullRequest"][
        "pullRequest"
    ]
    assert pr["isDraft"] is True
    before = project.builder.tip("main")
    refused = forge.gql_error(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    assert refused.codes == ["CONFLICT"] and "draft" in refused.errors[0]["message"]
    assert project.builder.tip("main") == before
    # Someone who may not edit it cannot mark it ready.
    assert forge.gql_error(READY, {"i": pr["id"]}, token=stranger.token).codes == ["FORBIDDEN"]
    ready = forge.gql(READY, {"i": pr["id"]}, token=user.token)["markPullRequestReadyForReview"]
    assert ready["pullRequest"] == {"isDraft": False, "state": "OPEN"}
    again = forge.gql(TO_DRAFT, {"i": pr["id"]}, token=user.token)["convertPullRequestToDraft"]
    assert again["pullRequest"] == {"isDraft": True}
    forge.gql(READY, {"i": pr["id"]}, token=user.token)
    merged = forge.gql(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    assert merged["mergePullRequest"]["pullRequest"]["state"] == "MERGED"
    assert forge.gql_error(TO_DRAFT, {"i": pr["id"]}, token=user.token).codes == ["CONFLICT"]


def test_rebase_replays_each_head_commit_on_the_base(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    project.builder.commit("feature", {"d.txt": "d\n"}, "Add d")
    pr = project.open(user.token, title="Add b and d")
    project.builder.commit("main", {"c.txt": "sea\n"}, "Add c on main")
    base, head = project.builder.tip("main"), project.builder.tip("feature")
    merged = forge.gql(
        MERGE, {"i": {"pullRequestId": pr["id"], "mergeMethod": "REBASE"}}, token=user.token
    )["mergePullRequest"]["pullRequest"]
    assert merged["state"] == "MERGED"
    rows = log(project.builder.path, tmp_path, "main")
    assert merged["mergeCommitOid"] == rows[0][0] == project.builder.tip("main")
    # Two new commits, one parent each, on top of the base; the head's own commits stay off.
    subjects = [subject for _, _, subject in rows[:4]]
    assert subjects == ["Add d", "Shout two", "Add b", "Add c on main"]
    assert rows[0][1] == [rows[1][0]] and rows[1][1] == [rows[2][0]] and rows[2][1] == [base]
    assert head not in {oid for oid, _, _ in rows}
