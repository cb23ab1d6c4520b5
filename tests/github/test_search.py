"""``search``: GitHub's qualifiers, and nothing the viewer may not read."""

from __future__ import annotations

from typing import Any

from tests.forge import Forge, User
from tests.pulls.builder import new_project

SEARCH = """query($q: String!, $t: SearchType!, $first: Int, $after: String) {
  search(query: $q, type: $t, first: $first, after: $after) {
    issueCount repositoryCount userCount pageInfo { hasNextPage endCursor }
    nodes { __typename ... on Issue { number title } ... on PullRequest { number title }
      ... on Repository { nameWithOwner } ... on User { login } } } }"""
ISSUE = """mutation($r: ID!, $t: String!, $b: String!, $l: [ID!]) { createIssue(input:
  {repositoryId: $r, title: $t, body: $b, labelIds: $l}) { issue { id number } } }"""
LABEL = """mutation($r: ID!) { createLabel(input: {repositoryId: $r, name: "bug", color: "#ff0000"})
  { label { id } } }"""


def _found(forge: Forge, query: str, token: str | None, kind: str = "ISSUE") -> list[Any]:
    data = forge.gql(SEARCH, {"q": query, "t": kind, "first": 50}, token=token)["search"]
    return [
        (n["__typename"], n.get("number") or n.get("nameWithOwner") or n.get("login"))
        for n in data["nodes"]
    ]


def _issue(
    forge: Forge,
    user: User,
    repo: dict[str, Any],
    title: str,
    body: str,
    labels: list[str] | None = None,
) -> int:
    made = forge.gql(
        ISSUE, {"r": repo["id"], "t": title, "b": body, "l": labels or []}, token=user.token
    )
    return int(made["createIssue"]["issue"]["number"])


def test_search_qualifiers_and_visibility(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    project = new_project(forge, owner)
    public = project.repo
    full = public["nameWithOwner"]
    secret = forge.new_repo(owner, private=True)
    bug = forge.gql(LABEL, {"r": public["id"]}, token=owner.token)["createLabel"]["label"]["id"]
    crash = _issue(forge, owner, public, "Crash on start", "segfault zebra", [bug])
    typo = _issue(forge, owner, public, "Typo zebra", "in the docs")
    hidden = _issue(forge, owner, secret, "Secret zebra crash", "private")
    pull = project.open(owner.token, title="Fix the zebra crash")
    forge.gql(
        "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
        {
            "i": forge.gql(
                "query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) { issue(number: $num) { id } } }",
                {"o": project.owner, "n": project.name, "num": typo},
            )["repository"]["issue"]["id"]
        },
        token=owner.token,
    )
    repo_q = f"repo:{full}"
    # Newest first; issues and pull requests together unless is:issue / is:pr.
    assert _found(forge, f"{repo_q} zebra", other.token) == [
        ("PullRequest", pull["number"]),
        ("Issue", typo),
        ("Issue", crash),
    ]
    assert _found(forge, f"{repo_q} zebra is:issue", other.token) == [
        ("Issue", typo),
        ("Issue", crash),
    ]
    assert _found(forge, f"{repo_q} is:pr", other.token) == [("PullRequest", pull["number"])]
    assert _found(forge, f"{repo_q} is:open is:issue", other.token) == [("Issue", crash)]
    assert _found(forge, f"{repo_q} is:closed", other.token) == [("Issue", typo)]
    assert _found(forge, f"{repo_q} label:BUG", other.token) == [("Issue", crash)]
    assert _found(forge, f"{repo_q} author:{owner.login} is:issue", other.token) == [
        ("Issue", typo),
        ("Issue", crash),
    ]
    assert _found(forge, f"{repo_q} author:{other.login}", other.token) == []
    assert _found(forge, f"{repo_q} assignee:{owner.login}", other.token) == []
    assert _found(forge, f"{repo_q} zebra in:title", other.token) == [
        ("PullRequest", pull["number"]),
        ("Issue", typo),
    ]
    assert _found(forge, f"{repo_q} zebra in:body", other.token) == [("Issue", crash)]
    # The private repository's issue: its owner finds it, nobody else does, even by name.
    assert ("Issue", hidden) in _found(forge, f"repo:{secret['nameWithOwner']} crash", owner.token)
    for token in (other.token, None):
        assert _found(forge, f"repo:{secret['nameWithOwner']} crash", token) == []
        assert _found(forge, "Secret zebra", token) == []
    counted = forge.gql(SEARCH, {"q": "Secret zebra", "t": "ISSUE"}, token=other.token)["search"]
    assert counted["issueCount"] == 0
    # Repositories and users, by the same rule.
    assert _found(forge, project.name, other.token, "REPOSITORY") == [("Repository", full)]
    assert _found(forge, secret["nameWithOwner"].split("/")[1], other.token, "REPOSITORY") == []
    assert _found(forge, secret["nameWithOwner"].split("/")[1], owner.token, "REPOSITORY") == [
        ("Repository", secret["nameWithOwner"])
    ]
    assert _found(forge, other.login, None, "USER") == [("User", other.login)]


def test_search_pages_by_cursor(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    for n in range(3):
        _issue(forge, user, repo, f"paged {n}", "x")
    seen: list[str] = []
    after = None
    while True:
        data = forge.gql(
            SEARCH,
            {"q": f"repo:{repo['nameWithOwner']} paged", "t": "ISSUE", "first": 2, "after": after},
        )["search"]
        assert data["issueCount"] == 3
        seen += [n["title"] for n in data["nodes"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == ["paged 2", "paged 1", "paged 0"]
