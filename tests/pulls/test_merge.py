"""Merging through GraphQL, checked with the real git: parents, refs, fsck."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forge import Forge
from tests.pulls.builder import MERGE, log, new_project


@pytest.mark.parametrize("method", ["MERGE", "SQUASH"])
def test_owner_merges_with_a_commit(forge: Forge, tmp_path: Path, method: str) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token, title="Add b")
    project.builder.commit("main", {"c.txt": "sea\n"}, "Add c on main")
    base, head = project.builder.tip("main"), project.builder.tip("feature")
    merged = forge.gql(
        MERGE, {"i": {"pullRequestId": pr["id"], "mergeMethod": method}}, token=user.token
    )["mergePullRequest"]["pullRequest"]
    assert merged["state"] == "MERGED" and merged["merged"] is True and merged["mergedAt"]
    assert merged["mergedBy"] == {"login": user.login}
    rows = log(project.builder.path, tmp_path, "main")
    oid, parents, subject = rows[0]
    assert oid == merged["mergeCommitOid"] == project.builder.tip("main")
    if method == "MERGE":
        assert parents == [base, head]
        assert subject == f"Merge pull request #{pr['number']} from feature"
    else:
        assert parents == [base]
        assert subject == f"Add b (#{pr['number']})"
        assert head not in {r[0] for r in rows}
    # The merged pull request keeps its commits and diff.
    detail = forge.gql(
        """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
          pullRequest(number: $num) { commits { totalCount } changedFiles headRefOid } } }""",
        {"o": project.owner, "n": project.name, "num": pr["number"]},
    )["repository"]["pullRequest"]
    assert detail == {"commits": {"totalCount": 2}, "changedFiles": 2, "headRefOid": head}


def test_fast_forward_moves_the_ref_or_is_refused(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    head = project.builder.tip("feature")
    forward = {"i": {"pullRequestId": pr["id"], "mergeMethod": "FAST_FORWARD"}}
    merged = forge.gql(MERGE, forward, token=user.token)["mergePullRequest"]["pullRequest"]
    assert merged["mergeCommitOid"] == head == project.builder.tip("main")
    assert log(project.builder.path, tmp_path, "main")[0][0] == head
    project.builder.branch("later", "main")
    project.builder.commit("later", {"d.txt": "d\n"}, "Add d")
    project.builder.commit("main", {"e.txt": "e\n"}, "Add e on main")
    diverged = project.open(user.token, head="later")
    refused = forge.gql_error(
        MERGE,
        {"i": {"pullRequestId": diverged["id"], "mergeMethod": "FAST_FORWARD"}},
        token=user.token,
    )
    assert refused.codes == ["CONFLICT"]
    assert project.get(diverged["number"])["state"] == "OPEN"


def test_merge_is_refused_when_conflicting_closed_or_merged(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    project.builder.commit("main", {"a.txt": "one\nzwei\nthree\n"}, "Translate two")
    assert project.get(pr["number"])["mergeable"] == "CONFLICTING"
    before = project.builder.tip("main")
    conflicting = forge.gql_error(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    assert conflicting.codes == ["CONFLICT"]
    assert project.builder.tip("main") == before
    # Resolve on the branch: mergeable again, then close: refused; reopen and merge twice.
    project.builder.commit("feature", {"a.txt": "one\nzwei\nthree\n"}, "Take main's line")
    assert project.get(pr["number"])["mergeable"] == "MERGEABLE"
    close = "mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
    forge.gql(close, {"i": pr["id"]}, token=user.token)
    closed = forge.gql_error(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    assert closed.codes == ["CONFLICT"]
    reopen = "mutation($i: ID!) { reopenPullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
    forge.gql(reopen, {"i": pr["id"]}, token=user.token)
    forge.gql(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    again = forge.gql_error(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    assert again.codes == ["CONFLICT"]
    assert forge.gql_error(close, {"i": pr["id"]}, token=user.token).codes == ["CONFLICT"]


def test_expected_head_oid_guards_against_a_moved_head(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    seen = pr["headRefOid"]
    project.builder.commit("feature", {"late.txt": "unreviewed\n"}, "Sneak in")
    base = project.builder.tip("main")
    moved = forge.gql_error(
        MERGE, {"i": {"pullRequestId": pr["id"], "expectedHeadOid": seen}}, token=user.token
    )
    assert moved.codes == ["CONFLICT"]
    assert moved.errors[0]["extensions"]["field"] == "expectedHeadOid"
    assert project.builder.tip("main") == base
    merged = forge.gql(
        MERGE,
        {"i": {"pullRequestId": pr["id"], "expectedHeadOid": project.builder.tip("feature")}},
        token=user.token,
    )["mergePullRequest"]["pullRequest"]
    assert merged["headRefOid"] == project.builder.tip("feature")


def test_custom_commit_message(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    forge.gql(
        MERGE,
        {
            "i": {
                "pullRequestId": pr["id"],
                "mergeMethod": "SQUASH",
                "commitHeadline": "Land feature",
                "commitBody": "Long story.",
            }
        },
        token=user.token,
    )
    assert log(project.builder.path, tmp_path, "main")[0][2] == "Land feature"
