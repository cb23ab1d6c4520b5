"""Mergeability follows the branches; a head pushed into the base marks the pull request merged."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.pulls.builder import git, new_project

UPDATE = """mutation($i: UpdatePullRequestInput!) { updatePullRequest(input: $i) {
  pullRequest { title body baseRefName baseRefOid mergeable state } } }"""


def test_mergeability_is_recomputed_when_either_branch_moves(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    assert pr["mergeable"] == "MERGEABLE"
    # The base moves: a conflicting edit of the same line.
    project.builder.commit("main", {"a.txt": "one\nzwei\nthree\n"}, "Translate two")
    now = project.get(pr["number"])
    assert now["mergeable"] == "CONFLICTING"
    assert now["baseRefOid"] == project.builder.tip("main")
    # The head moves: the conflict is resolved on the branch.
    project.builder.commit("feature", {"a.txt": "one\nzwei\nthree\n"}, "Resolve")
    now = project.get(pr["number"])
    assert now["mergeable"] == "MERGEABLE"
    assert now["headRefOid"] == project.builder.tip("feature")


def test_changing_the_base_recomputes_mergeability(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    project.builder.branch("release", "main")
    project.builder.commit("release", {"a.txt": "one\ndeux\nthree\n"}, "French two")
    pr = project.open(user.token)
    changed = forge.gql(
        UPDATE,
        {
            "i": {
                "pullRequestId": pr["id"],
                "baseRefName": "release",
                "title": "Retarget",
                "body": "b",
            }
        },
        token=user.token,
    )["updatePullRequest"]["pullRequest"]
    assert changed == {
        "title": "Retarget",
        "body": "b",
        "baseRefName": "release",
        "baseRefOid": project.builder.tip("release"),
        "mergeable": "CONFLICTING",
        "state": "OPEN",
    }
    missing = forge.gql_error(
        UPDATE, {"i": {"pullRequestId": pr["id"], "baseRefName": "gone"}}, token=user.token
    )
    assert missing.codes == ["NOT_FOUND"]
    second = project.open(user.token)  # feature into main is free again
    duplicate = forge.gql_error(
        UPDATE, {"i": {"pullRequestId": second["id"], "baseRefName": "release"}}, token=user.token
    )
    assert duplicate.codes == ["CONFLICT"]
    merged_state = forge.gql_error(
        UPDATE, {"i": {"pullRequestId": pr["id"], "state": "MERGED"}}, token=user.token
    )
    assert merged_state.codes == ["BAD_USER_INPUT"]


def test_a_head_pushed_into_the_base_marks_the_pull_request_merged(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    head = project.builder.tip("feature")
    project.builder.set("main", head)  # a plain fast-forward push of the branch
    now = project.get(pr["number"])
    assert now["state"] == "MERGED" and now["merged"] is True
    assert now["mergeCommitOid"] == head


def test_a_deleted_head_branch_leaves_the_state_unknown_and_blocks_reopening(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    head = project.builder.tip("feature")
    project.builder.repo.references.delete("refs/heads/feature")
    now = project.get(pr["number"])
    assert now["state"] == "OPEN" and now["mergeable"] == "UNKNOWN" and now["headRefOid"] == head
    close = "mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
    forge.gql(close, {"i": pr["id"]}, token=user.token)
    reopen = "mutation($i: ID!) { reopenPullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
    assert forge.gql_error(reopen, {"i": pr["id"]}, token=user.token).codes == ["NOT_FOUND"]
    # Once the branch's commits are pruned, the pull request still answers (with nothing).
    git(
        tmp_path,
        "--git-dir",
        str(project.builder.path),
        "reflog",
        "expire",
        "--expire=now",
        "--all",
    )
    git(tmp_path, "--git-dir", str(project.builder.path), "gc", "--quiet", "--prune=now")
    detail = forge.gql(
        """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
          pullRequest(number: $num) { state commits { totalCount } changedFiles } } }""",
        {"o": project.owner, "n": project.name, "num": pr["number"]},
    )["repository"]["pullRequest"]
    assert detail == {"state": "CLOSED", "commits": {"totalCount": 0}, "changedFiles": 0}
