"""GitHub's PullRequest.mergeStateStatus (DRAFT, DIRTY, BLOCKED, CLEAN) as each viewer
sees it, and reviewDecision (null: Ingot has no reviews)."""

from __future__ import annotations

from typing import Any

from tests.collaboration.people import add_collaborator
from tests.forge import Forge
from tests.pulls.builder import new_project

STATUS = """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
  pullRequest(number: $num) { mergeStateStatus reviewDecision viewerCanMerge mergeable } } }"""
PROTECT = """mutation($r: ID!) { createBranchProtectionRule(input: {repositoryId: $r,
  pattern: "main"}) { branchProtectionRule { id } } }"""
TO_DRAFT = """mutation($i: ID!) { convertPullRequestToDraft(input: {pullRequestId: $i}) {
  pullRequest { isDraft } } }"""
READY = """mutation($i: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $i}) {
  pullRequest { isDraft } } }"""
CLOSE = """mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) {
  pullRequest { state } } }"""


def test_merge_state_status_per_viewer(forge: Forge) -> None:
    owner, writer = forge.new_user(), forge.new_user()
    project = new_project(forge, owner)
    add_collaborator(forge, owner, project.repo, writer, "WRITE")
    pr = project.open(owner.token)
    variables = {"o": project.owner, "n": project.name, "num": pr["number"]}

    def status(token: str) -> Any:
        return forge.gql(STATUS, variables, token=token)["repository"]["pullRequest"]

    assert status(writer.token) == {
        "mergeStateStatus": "CLEAN",
        "reviewDecision": None,
        "viewerCanMerge": True,
        "mergeable": "MERGEABLE",
    }
    # A protected base: only its admins may merge, the others see BLOCKED.
    forge.gql(PROTECT, {"r": project.repo["id"]}, token=owner.token)
    assert status(writer.token)["mergeStateStatus"] == "BLOCKED"
    assert status(writer.token)["viewerCanMerge"] is False
    assert status(owner.token)["mergeStateStatus"] == "CLEAN"
    # A draft is DRAFT to everyone.
    forge.gql(TO_DRAFT, {"i": pr["id"]}, token=owner.token)
    assert status(writer.token)["mergeStateStatus"] == "DRAFT"
    forge.gql(READY, {"i": pr["id"]}, token=owner.token)
    # Conflicts come before protection: DIRTY to everyone.
    project.builder.commit("main", {"a.txt": "one\nzwei\nthree\n"}, "Translate two")
    assert status(writer.token)["mergeStateStatus"] == "DIRTY"
    assert status(owner.token)["mergeStateStatus"] == "DIRTY"
    project.builder.commit("feature", {"a.txt": "one\nzwei\nthree\n"}, "Resolve")
    assert status(writer.token)["mergeStateStatus"] == "BLOCKED"
    # A closed pull request is not blocked: it reports its mergeability (not computed).
    forge.gql(CLOSE, {"i": pr["id"]}, token=owner.token)
    closed = status(writer.token)
    assert (closed["mergeStateStatus"], closed["mergeable"]) == ("UNKNOWN", "UNKNOWN")
