"""Each repository's counts by state follow every change: an unfiltered list's
``totalCount`` (from the counters) equals the rows a filtered list walks."""

from __future__ import annotations

from typing import Any

from tests.forge import Forge
from tests.pulls.builder import MERGE, fresh_pr, new_project

COUNTS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  openIssueCount
  new: issues(states: [NEW]) { totalCount isTotalCountExact }
  open: issues(states: [OPEN]) { totalCount }
  closed: issues(states: [CLOSED]) { totalCount }
  live: issues(states: [NEW, OPEN]) { totalCount }
  all: issues { totalCount }
  walked: issues(first: 100, search: "") { nodes { state isTriaged } }
  prOpen: pullRequests(states: [OPEN]) { totalCount isTotalCountExact }
  prClosed: pullRequests(states: [CLOSED]) { totalCount }
  prMerged: pullRequests(states: [MERGED]) { totalCount }
  prAll: pullRequests { totalCount }
  prWalked: pullRequests(first: 100, baseRefName: "main") { nodes { state } }
} }"""


def _counts(forge: Forge, owner: str, name: str) -> dict[str, Any]:
    repo = forge.gql(COUNTS, {"o": owner, "n": name})["repository"]
    walked = repo["walked"]["nodes"]
    untriaged = sum(n["state"] == "OPEN" and not n["isTriaged"] for n in walked)
    issues = [n["state"] for n in walked]
    pulls = [n["state"] for n in repo["prWalked"]["nodes"]]
    assert repo["new"]["isTotalCountExact"] and repo["prOpen"]["isTotalCountExact"]
    assert repo["openIssueCount"] == repo["live"]["totalCount"]
    assert repo["all"]["totalCount"] == len(issues)
    assert repo["prAll"]["totalCount"] == len(pulls)
    # NEW (deprecated) is open and untriaged, within OPEN.
    assert repo["new"]["totalCount"] == untriaged
    for key, state in (("open", "OPEN"), ("closed", "CLOSED")):
        assert repo[key]["totalCount"] == issues.count(state), key
    for key, state in (("prOpen", "OPEN"), ("prClosed", "CLOSED"), ("prMerged", "MERGED")):
        assert repo[key]["totalCount"] == pulls.count(state), key
    return {
        "issues": [repo[k]["totalCount"] for k in ("new", "open", "closed")],
        "pulls": [repo[k]["totalCount"] for k in ("prOpen", "prClosed", "prMerged")],
    }


def test_counts_follow_issue_and_pull_request_changes(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    owner, name, token = project.owner, project.name, user.token
    ids = [
        forge.gql(
            "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { id } } }",
            {"i": {"repositoryId": project.repo["id"], "title": f"Issue {n}"}},
            token=token,
        )["createIssue"]["issue"]["id"]
        for n in range(4)
    ]
    assert _counts(forge, owner, name)["issues"] == [4, 4, 0]
    forge.gql(
        "mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue { state } } }",
        {"i": {"id": ids[0], "isTriaged": True}},
        token=token,
    )
    for issue in ids[1:3]:
        forge.gql(
            "mutation($i: CloseIssueInput!) { closeIssue(input: $i) { issue { state } } }",
            {"i": {"issueId": issue}},
            token=token,
        )
    assert _counts(forge, owner, name)["issues"] == [1, 2, 2]
    forge.gql(
        "mutation($i: ReopenIssueInput!) { reopenIssue(input: $i) { issue { state } } }",
        {"i": {"issueId": ids[1]}},
        token=token,
    )
    assert _counts(forge, owner, name)["issues"] == [1, 3, 1]

    prs = [project.open(token), fresh_pr(project, token), fresh_pr(project, token)]
    assert _counts(forge, owner, name)["pulls"] == [3, 0, 0]
    close = "mutation($i: PullRequestIdInput!) { closePullRequest(input: $i) { pullRequest { state } } }"
    forge.gql(close, {"i": {"pullRequestId": prs[1]["id"]}}, token=token)
    forge.gql(close, {"i": {"pullRequestId": prs[2]["id"]}}, token=token)
    assert _counts(forge, owner, name)["pulls"] == [1, 2, 0]
    forge.gql(
        "mutation($i: PullRequestIdInput!) { reopenPullRequest(input: $i) { pullRequest { state } } }",
        {"i": {"pullRequestId": prs[2]["id"]}},
        token=token,
    )
    forge.gql(MERGE, {"i": {"pullRequestId": prs[0]["id"], "mergeMethod": "MERGE"}}, token=token)
    assert _counts(forge, owner, name)["pulls"] == [1, 1, 1]
