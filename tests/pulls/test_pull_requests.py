"""Opening, listing and reading pull requests: numbers, paging, commits and diff."""

from __future__ import annotations

from tests.forge import Forge
from tests.pulls.builder import new_project

LIST = """query($o: String!, $n: String!, $s: [PullRequestState!], $first: Int, $after: String, $page: Int) {
  repository(owner: $o, name: $n) { pullRequests(states: $s, first: $first, after: $after, page: $page) {
    totalCount pageInfo { hasNextPage endCursor } nodes { number title state } } } }"""
DETAIL = """query($o: String!, $n: String!, $num: Int!, $after: String) { repository(owner: $o, name: $n) {
  pullRequest(number: $num) {
    commits(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { url commit { oid messageHeadline author { name email date } parentOids
        abbreviatedOid tree { oid } parents { nodes { oid } } } } }
    diff { additions deletions changedFiles truncated isTruncated
      files { path oldPath previousPath status additions deletions patch isTruncated } }
    additions deletions changedFiles } } }"""
ISSUE = """mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "bug"}) { issue { number } } }"""


def test_pull_requests_share_numbers_with_issues(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    assert (
        forge.gql(ISSUE, {"r": project.repo["id"]}, token=user.token)["createIssue"]["issue"][
            "number"
        ]
        == 1
    )
    pr = project.open(user.token, title="  Add b  ")
    assert pr["number"] == 2 and pr["title"] == "Add b"
    assert pr["state"] == "OPEN" and pr["mergeable"] == "MERGEABLE"
    assert (pr["headRefName"], pr["baseRefName"]) == ("feature", "main")
    assert pr["headRefOid"] == project.builder.tip("feature")
    assert pr["baseRefOid"] == project.builder.tip("main")
    assert pr["author"] == {"login": user.login}
    assert pr["url"].endswith(f"/{project.repo['nameWithOwner']}/pull/2")
    assert (
        forge.gql(ISSUE, {"r": project.repo["id"]}, token=user.token)["createIssue"]["issue"][
            "number"
        ]
        == 3
    )
    assert project.get(2)["id"] == pr["id"]
    either = """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
      issueOrPullRequest(number: $num) { __typename ... on PullRequest { headRefName } } } }"""
    found = [
        forge.gql(either, {"o": project.owner, "n": project.name, "num": n})["repository"][
            "issueOrPullRequest"
        ]
        for n in (1, 2, 4)
    ]
    assert found == [
        {"__typename": "Issue"},
        {"__typename": "PullRequest", "headRefName": "feature"},
        None,
    ]
    node = forge.gql(
        "query($id: ID!) { node(id: $id) { ... on PullRequest { number } } }", {"id": pr["id"]}
    )
    assert node == {"node": {"number": 2}}


def test_commits_and_diff_between_merge_base_and_head(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    # A commit on main after branching does not enter the pull request's diff.
    project.builder.commit("main", {"c.txt": "sea\n"}, "Add c on main")
    variables = {"o": project.owner, "n": project.name, "num": pr["number"]}
    data = forge.gql(DETAIL, variables)["repository"]["pullRequest"]
    commits = data["commits"]
    assert commits["totalCount"] == 2 and commits["pageInfo"]["hasNextPage"] is True
    first = commits["nodes"][0]
    assert first["commit"]["messageHeadline"] == "Shout two"
    assert first["commit"]["author"]["email"] == "tess@example.com"
    assert first["url"] == f"{pr['url']}/commits/{first['commit']['oid']}"
    second = forge.gql(DETAIL, {**variables, "after": commits["pageInfo"]["endCursor"]})
    assert [
        n["commit"]["messageHeadline"]
        for n in second["repository"]["pullRequest"]["commits"]["nodes"]
    ] == ["Add b"]
    diff = data["diff"]
    assert (diff["additions"], diff["deletions"], diff["changedFiles"]) == (2, 1, 2)
    assert (data["additions"], data["deletions"], data["changedFiles"]) == (2, 1, 2)
    assert [(f["path"], f["status"], f["additions"], f["deletions"]) for f in diff["files"]] == [
        ("a.txt", "MODIFIED", 1, 1),
        ("b.txt", "ADDED", 1, 0),
    ]
    assert "-two\n+TWO" in diff["files"][0]["patch"]
    # The shared Diff type: hunks only, the same as a commit's diff.
    assert diff["files"][0]["patch"].startswith("@@ -1,3 +1,3 @@")
    assert diff["truncated"] is diff["isTruncated"] is False
    assert [(f["oldPath"], f["previousPath"], f["isTruncated"]) for f in diff["files"]] == [
        ("a.txt", None, False),
        ("b.txt", None, False),
    ]
    # The shared Commit type: a pull request's commits reach their trees and parents.
    head = commits["nodes"][0]["commit"]
    assert (
        head["oid"] == project.builder.tip("feature") and head["abbreviatedOid"] == head["oid"][:7]
    )
    assert head["parents"]["nodes"] == [{"oid": oid} for oid in head["parentOids"]]
    assert len(head["tree"]["oid"]) == 40
    commit_diff = """query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) {
      object(expression: $e) { ... on Commit { diff { files { path patch } } } } } }"""
    via_commit = forge.gql(commit_diff, {"o": project.owner, "n": project.name, "e": head["oid"]})
    assert via_commit["repository"]["object"]["diff"]["files"] == [
        {"path": "a.txt", "patch": diff["files"][0]["patch"]}
    ]


def test_listing_filters_by_state_and_pages(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    for i in range(5):
        project.builder.branch(f"topic{i}", "main")
        project.builder.commit(f"topic{i}", {f"t{i}.txt": "x\n"}, f"Topic {i}")
        project.open(user.token, head=f"topic{i}", title=f"topic {i}")
    first = forge.gql(LIST, {"o": project.owner, "n": project.name, "first": 2})
    listed = first["repository"]["pullRequests"]
    assert listed["totalCount"] == 5 and [n["number"] for n in listed["nodes"]] == [1, 2]
    after = forge.gql(
        LIST,
        {
            "o": project.owner,
            "n": project.name,
            "first": 2,
            "after": listed["pageInfo"]["endCursor"],
        },
    )["repository"]["pullRequests"]
    assert [n["number"] for n in after["nodes"]] == [3, 4]
    third = forge.gql(LIST, {"o": project.owner, "n": project.name, "first": 2, "page": 3})
    assert [n["number"] for n in third["repository"]["pullRequests"]["nodes"]] == [5]
    close = "mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) { pullRequest { state closed closedAt } } }"
    pr_id = project.get(2)["id"]
    closed = forge.gql(close, {"i": pr_id}, token=user.token)["closePullRequest"]["pullRequest"]
    assert closed["state"] == "CLOSED" and closed["closed"] is True and closed["closedAt"]
    only_closed = forge.gql(LIST, {"o": project.owner, "n": project.name, "s": ["CLOSED"]})
    assert [n["number"] for n in only_closed["repository"]["pullRequests"]["nodes"]] == [2]
    reopen = "mutation($i: ID!) { reopenPullRequest(input: {pullRequestId: $i}) { pullRequest { state closedAt } } }"
    assert forge.gql(reopen, {"i": pr_id}, token=user.token)["reopenPullRequest"][
        "pullRequest"
    ] == {
        "state": "OPEN",
        "closedAt": None,
    }


def test_bad_branches_are_refused_with_the_field(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    cases = {
        ("missing", "main"): ("NOT_FOUND", "headRefName"),
        ("feature", "nope"): ("NOT_FOUND", "baseRefName"),
        ("main", "main"): ("BAD_USER_INPUT", "baseRefName"),
        ("-x", "main"): ("BAD_USER_INPUT", "headRefName"),
        ("feature", "--upload-pack=x"): ("BAD_USER_INPUT", "baseRefName"),
        ("main", "feature"): ("BAD_USER_INPUT", "headRefName"),  # nothing to merge
    }
    for (head, base), (code, field) in cases.items():
        error = forge.gql_error(
            """mutation($r: ID!, $h: String!, $b: String!) { createPullRequest(input:
              {repositoryId: $r, title: "t", headRefName: $h, baseRefName: $b}) { pullRequest { id } } }""",
            {"r": project.repo["id"], "h": head, "b": base},
            token=user.token,
        )
        assert error.codes == [code], (head, base, error.errors)
        assert error.errors[0]["extensions"]["field"] == field, (head, base)
    project.open(user.token)
    duplicate = forge.gql_error(
        """mutation($r: ID!) { createPullRequest(input: {repositoryId: $r, title: "t",
          headRefName: "feature", baseRefName: "main"}) { pullRequest { id } } }""",
        {"r": project.repo["id"]},
        token=user.token,
    )
    assert duplicate.codes == ["CONFLICT"]


def test_diffs_are_capped_per_request(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    project.open(user.token)
    fields = " ".join(f"p{i}: pullRequest(number: 1) {{ changedFiles }}" for i in range(26))
    query = f"query($o: String!, $n: String!) {{ repository(owner: $o, name: $n) {{ {fields} }} }}"
    error = forge.gql_error(query, {"o": project.owner, "n": project.name})
    assert error.codes == ["BAD_USER_INPUT"]
    allowed = query.replace("p25: pullRequest(number: 1) { changedFiles }", "")
    data = forge.gql(allowed, {"o": project.owner, "n": project.name})["repository"]
    assert {v["changedFiles"] for v in data.values()} == {2}


def test_open_pull_request_count_follows_closing_and_merging(forge: Forge) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    count = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      openPullRequestCount openIssueCount pullRequests(states: [OPEN]) { totalCount } } }"""
    names = {"o": project.owner, "n": project.name}

    def counts() -> tuple[int, int, int]:
        repo = forge.gql(count, names, token=user.token)["repository"]
        return (
            repo["openPullRequestCount"],
            repo["pullRequests"]["totalCount"],
            repo["openIssueCount"],
        )

    assert counts() == (0, 0, 0)
    for i in range(3):
        project.builder.branch(f"topic{i}", "main")
        project.builder.commit(f"topic{i}", {f"t{i}.txt": "x\n"}, f"Topic {i}")
        project.open(user.token, head=f"topic{i}", title=f"topic {i}")
    forge.gql(ISSUE, {"r": project.repo["id"]}, token=user.token)
    assert counts() == (3, 3, 1)
    close = "mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
    forge.gql(close, {"i": project.get(1)["id"]}, token=user.token)
    merge = "mutation($i: ID!) { mergePullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
    merged = forge.gql(merge, {"i": project.get(2)["id"]}, token=user.token)
    assert merged["mergePullRequest"]["pullRequest"]["state"] == "MERGED"
    assert counts() == (1, 1, 1)
    # Batched: a list of repositories asks once, whatever its length.
    listing = """query($o: String!) { user(login: $o) { repositories(first: 10) {
      nodes { name openPullRequestCount } } } }"""
    nodes = forge.gql(listing, {"o": project.owner}, token=user.token)["user"]["repositories"]
    assert {"name": project.name, "openPullRequestCount": 1} in nodes["nodes"]


def test_issue_mutations_refuse_a_pull_request_id(forge: Forge) -> None:
    """Pull requests share issue numbers, not issue comments: addComment wants an issue."""
    owner = forge.new_user()
    project = new_project(forge, owner, private=True)
    pr = project.open(owner.token)
    add = """mutation($s: ID!) { addComment(input: {subjectId: $s, body: "hi"}) {
      comment { id } } }"""
    refused = forge.gql_error(add, {"s": pr["id"]}, token=owner.token)
    assert refused.codes == ["BAD_USER_INPUT"]
    assert refused.errors[0]["extensions"]["field"] == "subjectId"
    assert "addPullRequestComment" in refused.errors[0]["message"]
    close = "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }"
    assert forge.gql_error(close, {"i": pr["id"]}, token=owner.token).codes == ["BAD_USER_INPUT"]
    # Someone who cannot read the repository learns nothing: the id does not exist.
    stranger = forge.new_user()
    assert forge.gql_error(add, {"s": pr["id"]}, token=stranger.token).codes == ["NOT_FOUND"]
    assert forge.gql_error(add, {"s": pr["id"]}).codes == ["NOT_FOUND"]
    comments = """query($i: ID!) { node(id: $i) { ... on PullRequest {
      comments { totalCount } state } } }"""
    assert forge.gql(comments, {"i": pr["id"]}, token=owner.token)["node"] == {
        "comments": {"totalCount": 0},
        "state": "OPEN",
    }
