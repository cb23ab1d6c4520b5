"""GitHub's ``orderBy``/``filterBy`` arguments, paged by keyset cursors that name the order."""

from __future__ import annotations

from typing import Any

from tests.forge import Forge

CREATE = """mutation($r: ID!, $t: String!) { createIssue(input: {repositoryId: $r, title: $t})
  { issue { id number } } }"""
COMMENT = (
    """mutation($s: ID!) { addComment(input: {subjectId: $s, body: "x"}) { comment { id } } }"""
)
ISSUES = """query($o: String!, $n: String!, $order: IssueOrder, $filter: IssueFilters,
  $first: Int, $after: String) { repository(owner: $o, name: $n) {
  issues(orderBy: $order, filterBy: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { number } } } }"""
REPOS = """query($l: String!, $order: RepositoryOrder, $own: [RepositoryAffiliation!],
  $first: Int, $after: String) { user(login: $l) {
  repositories(orderBy: $order, ownerAffiliations: $own, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { name } } } }"""


def _walk(
    forge: Forge, query: str, variables: dict[str, Any], path: list[str], key: str
) -> list[Any]:
    seen: list[Any] = []
    after = None
    while True:
        data: Any = forge.gql(query, {**variables, "first": 2, "after": after})
        for step in path:
            data = data[step]
        seen += [n[key] for n in data["nodes"]]
        if not data["pageInfo"]["hasNextPage"]:
            return seen
        after = data["pageInfo"]["endCursor"]


def test_issues_order_by_updated_and_comments(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    ids = [
        forge.gql(CREATE, {"r": repo["id"], "t": f"i{n}"}, token=user.token)["createIssue"][
            "issue"
        ]["id"]
        for n in range(5)
    ]
    # Comments touch updatedAt: issue 2 twice, issue 4 once.
    for index in (1, 3, 1):
        forge.gql(COMMENT, {"s": ids[index]}, token=user.token)
    base = {"o": owner, "n": name}
    path = ["repository", "issues"]
    updated = {"field": "UPDATED_AT", "direction": "DESC"}
    assert _walk(forge, ISSUES, {**base, "order": updated}, path, "number") == [2, 4, 5, 3, 1]
    comments = {"field": "COMMENTS", "direction": "DESC"}
    assert _walk(forge, ISSUES, {**base, "order": comments}, path, "number") == [2, 4, 5, 3, 1]
    created = {"field": "CREATED_AT", "direction": "DESC"}
    assert _walk(forge, ISSUES, {**base, "order": created}, path, "number") == [5, 4, 3, 2, 1]
    # A cursor made for one order is refused by another.
    first = forge.gql(ISSUES, {**base, "order": updated, "first": 1})["repository"]["issues"]
    refused = forge.gql_error(
        ISSUES, {**base, "order": created, "first": 1, "after": first["pageInfo"]["endCursor"]}
    )
    assert refused.codes == ["BAD_USER_INPUT"]
    # filterBy: states and since.
    forge.gql(
        "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
        {"i": ids[0]},
        token=user.token,
    )
    open_only = forge.gql(ISSUES, {**base, "filter": {"states": ["OPEN"]}, "first": 10})
    assert open_only["repository"]["issues"]["totalCount"] == 4
    future = forge.gql(ISSUES, {**base, "filter": {"since": "2999-01-01T00:00:00Z"}, "first": 10})
    assert future["repository"]["issues"]["totalCount"] == 0


def test_repositories_order_by_name_and_owner_affiliations(forge: Forge) -> None:
    user = forge.new_user()
    for name in ("b-repo", "a-repo", "C-repo"):
        forge.new_repo(user, name=f"{name}-{user.login}")
    order = {"field": "NAME", "direction": "ASC"}
    names = _walk(forge, REPOS, {"l": user.login, "order": order}, ["user", "repositories"], "name")
    assert [n.split("-")[0] for n in names] == ["a", "b", "C"]
    pushed = {"field": "PUSHED_AT", "direction": "DESC"}
    assert (
        len(
            _walk(
                forge, REPOS, {"l": user.login, "order": pushed}, ["user", "repositories"], "name"
            )
        )
        == 3
    )
    owned = forge.gql(REPOS, {"l": user.login, "own": ["OWNER"], "first": 10})
    assert len(owned["user"]["repositories"]["nodes"]) == 3
    collaborating = forge.gql(REPOS, {"l": user.login, "own": ["COLLABORATOR"], "first": 10})
    assert collaborating["user"]["repositories"]["nodes"] == []
