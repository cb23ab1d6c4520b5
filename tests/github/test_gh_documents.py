"""gh 2.23's documents (``gh_2_23_documents.json``) run unchanged against a seeded Ingot
on ``POST /api/graphql`` (GitHub Enterprise's path, where gh sends them), with the data
checked. Fields other branches add (``PENDING``) are taken out first; commands with
documented gaps are validated only (``tests/fast/test_gh_documents.py``)."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import parse, print_ast

from tests.fast.test_gh_documents import DOCUMENTS, GAPS, without_pending
from tests.forge import Forge
from tests.pulls.builder import new_project

LABEL = """mutation($r: ID!) { createLabel(input: {repositoryId: $r, name: "bug", color: "#ff0000"})
  { label { id } } }"""
ISSUE = """mutation($r: ID!, $l: [ID!]) { createIssue(input: {repositoryId: $r, title: "Bug",
  body: "It breaks, @someone", labelIds: $l}) { issue { id number } } }"""
COMMENT = (
    """mutation($s: ID!) { addComment(input: {subjectId: $s, body: "Seen"}) { comment { id } } }"""
)
RELEASE = """mutation($r: ID!) { createRelease(input: {repositoryId: $r, tagName: "v1", name: "One"})
  { release { id } } }"""


def _documents(command: str) -> list[dict[str, Any]]:
    return [d for d in DOCUMENTS if d["command"] == command]


def _run(forge: Forge, token: str, entry: dict[str, Any], variables: dict[str, Any]) -> Any:
    query = print_ast(without_pending(parse(entry["query"])))
    response = httpx.post(
        f"{forge.url}/api/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def test_gh_documents_run_on_api_graphql(github_forge: Forge) -> None:
    forge = github_forge
    user = forge.new_user()
    project = new_project(forge, user)
    repo = project.repo
    owner, name = project.owner, project.name
    project.builder.branch("other", "main")
    project.builder.commit("other", {"z.txt": "z\n"}, "Add z")
    label = forge.gql(LABEL, {"r": repo["id"]}, token=user.token)["createLabel"]["label"]["id"]
    issue = forge.gql(ISSUE, {"r": repo["id"], "l": [label]}, token=user.token)["createIssue"][
        "issue"
    ]
    forge.gql(COMMENT, {"s": issue["id"]}, token=user.token)
    pr = project.open(user.token, title="Add b")
    forge.gql(RELEASE, {"r": repo["id"]}, token=user.token)
    assert not {"issue list", "issue create", "pr create", "pr merge", "release list"} & set(GAPS)

    (listing,) = _documents("issue list")
    variables = {"owner": owner, "repo": name, "limit": 30, "states": ["OPEN"]}
    issues = _run(forge, user.token, listing, variables)["repository"]["issues"]
    assert issues["totalCount"] == 1
    (node,) = issues["nodes"]
    assert (node["number"], node["title"], node["state"], node["closed"]) == (
        1,
        "Bug",
        "OPEN",
        False,
    )
    assert node["author"] == {"login": user.login, "id": user.id, "name": node["author"]["name"]}
    assert node["labels"] == {
        "nodes": [{"id": label, "name": "bug", "description": "", "color": "#FF0000"}],
        "totalCount": 1,
    }
    assert node["assignees"] == {"nodes": [], "totalCount": 0}
    assert node["projectCards"] == {"nodes": [], "totalCount": 0}
    assert node["reactionGroups"] == [] and node["milestone"] is None
    (comment,) = node["comments"]["nodes"]
    assert comment["body"] == "Seen" and comment["authorAssociation"] == "OWNER"
    assert comment["url"] == f"{node['url']}#issuecomment-{comment['url'].rsplit('-', 1)[1]}"
    assert (comment["viewerDidAuthor"], comment["includesCreatedEdit"]) == (True, False)
    assert (comment["isMinimized"], comment["minimizedReason"]) == (False, None)
    # filterBy: mentioned (the '@login' in the body) and createdBy narrow the same list.
    mentioned = _run(forge, user.token, listing, {**variables, "mention": "someone"})
    assert mentioned["repository"]["issues"]["totalCount"] == 1
    nobody = _run(forge, user.token, listing, {**variables, "author": "nobody-here"})
    assert nobody["repository"]["issues"]["totalCount"] == 0

    # issue view, comment and close look the number up with issueOrPullRequest, 'state'
    # being IssueState on one side and PullRequestState on the other (GitHub merges them).
    (viewing_issue,) = _documents("issue view")
    looked = {"owner": owner, "repo": name, "number": 1}
    shown = _run(forge, user.token, viewing_issue, looked)["repository"]["issue"]
    assert (shown["__typename"], shown["number"], shown["title"]) == ("Issue", 1, "Bug")
    assert (shown["state"], shown["closed"], shown["id"]) == ("OPEN", False, issue["id"])
    assert [c["body"] for c in shown["comments"]["nodes"]] == ["Seen"]
    as_pull = {**looked, "number": pr["number"]}
    shown = _run(forge, user.token, viewing_issue, as_pull)["repository"]["issue"]
    assert (shown["__typename"], shown["number"], shown["state"]) == ("PullRequest", 2, "OPEN")
    (finding, _) = _documents("issue comment")
    found = _run(forge, user.token, finding, looked)["repository"]["issue"]
    assert found == {"__typename": "Issue", "id": issue["id"], "url": node["url"]}
    (finding,) = [d for d in _documents("issue close") if "closeIssue" not in d["query"]]
    found = _run(forge, user.token, finding, as_pull)["repository"]["issue"]
    assert (found["__typename"], found["title"], found["state"]) == ("PullRequest", "Add b", "OPEN")

    # issue create, comment, close: the lookup, then the mutations gh sends.
    lookup, created = _documents("issue create")
    found = _run(forge, user.token, lookup, {"owner": owner, "name": name})["repository"]
    assert (found["id"], found["name"], found["owner"]["login"]) == (repo["id"], name, owner)
    made = _run(
        forge,
        user.token,
        created,
        {"input": {**created["variables"]["input"], "repositoryId": repo["id"]}},
    )
    new_issue = made["createIssue"]["issue"]
    assert new_issue["url"].endswith(f"/{owner}/{name}/issues/3")
    (_, commenting) = _documents("issue comment")
    said = _run(
        forge, user.token, commenting, {"input": {"subjectId": new_issue["id"], "body": "gh"}}
    )
    assert said["addComment"]["commentEdge"]["node"]["url"].startswith(
        new_issue["url"] + "#issuecomment-"
    )
    (closing,) = [d for d in _documents("issue close") if "closeIssue" in d["query"]]
    _run(forge, user.token, closing, {"input": {"issueId": new_issue["id"]}})
    after = _run(forge, user.token, listing, variables)["repository"]["issues"]
    assert [n["number"] for n in after["nodes"]] == [1]

    # pr create, then pr merge's lookup and merge.
    lookup, creating = _documents("pr create")
    _run(forge, user.token, lookup, {"owner": owner, "name": name})
    other = _run(
        forge,
        user.token,
        creating,
        {"input": {**creating["variables"]["input"], "repositoryId": repo["id"]}},
    )
    assert other["createPullRequest"]["pullRequest"]["url"].endswith(f"/{owner}/{name}/pull/4")
    lookup, merging = _documents("pr merge")
    pull = _run(
        forge, user.token, lookup, {"owner": owner, "repo": name, "pr_number": pr["number"]}
    )
    pull = pull["repository"]["pullRequest"]
    assert (pull["state"], pull["mergeStateStatus"], pull["headRefName"]) == (
        "OPEN",
        "CLEAN",
        "feature",
    )
    assert pull["headRepositoryOwner"]["login"] == owner
    # commits(last: 1): one commit of the pull request (Ingot lists newest first).
    (last,) = pull["commits"]["nodes"]
    assert len(last["commit"]["oid"]) == 40
    merged = _run(
        forge, user.token, merging, {"input": {"pullRequestId": pull["id"], "mergeMethod": "MERGE"}}
    )
    assert merged["mergePullRequest"] == {"clientMutationId": None}
    assert project.get(pr["number"])["state"] == "MERGED"

    (releases,) = _documents("release list")
    listed = _run(
        forge,
        user.token,
        releases,
        {"owner": owner, "name": name, "perPage": 30, "endCursor": None},
    )
    (release,) = listed["repository"]["releases"]["nodes"]
    assert (release["tagName"], release["name"], release["isLatest"], release["isDraft"]) == (
        "v1",
        "One",
        True,
        False,
    )
    (viewing,) = _documents("release view")
    shown = _run(forge, user.token, viewing, {"owner": owner, "name": name, "tagName": "v1"})
    assert shown["repository"]["release"]["isDraft"] is False


def test_api_graphql_answers_exactly_like_graphql(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    (lookup, _) = _documents("issue create")
    query = print_ast(without_pending(parse(lookup["query"])))
    answers = [
        httpx.post(
            f"{forge.url}{path}",
            json={"query": query, "variables": {"owner": owner, "name": name}},
            headers={"Authorization": f"Bearer {user.token}"},
            timeout=60,
        )
        for path in ("/graphql", "/api/graphql")
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    assert answers[0].headers["content-type"] == answers[1].headers["content-type"]
