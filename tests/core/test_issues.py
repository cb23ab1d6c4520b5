"""Issues: numbering under concurrency, state changes, comments, labels, paging."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.forge import Forge

CREATE = """mutation($r: ID!, $t: String!, $b: String) {
  createIssue(input: {repositoryId: $r, title: $t, body: $b}) { issue { id number state isTriaged title body } } }"""
UPDATE = """mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue { number state isTriaged closed closedAt title } } }"""
LIST = """query($o: String!, $n: String!, $s: [IssueState!], $first: Int, $after: String, $page: Int) {
  repository(owner: $o, name: $n) { issues(first: $first, after: $after, states: $s, page: $page) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    nodes { number state } edges { cursor node { number } } } } }"""


def test_fifty_concurrent_issues_get_numbers_one_to_fifty(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)

    def create(i: int) -> int:
        with httpx.Client(timeout=120) as client:
            response = client.post(
                f"{forge.url}/graphql",
                json={"query": CREATE, "variables": {"r": repo["id"], "t": f"issue {i}"}},
                headers={"Authorization": f"Bearer {user.token}"},
            )
        body = response.json()
        assert "errors" not in body, body
        number: int = body["data"]["createIssue"]["issue"]["number"]
        return number

    with ThreadPoolExecutor(max_workers=50) as pool:
        numbers = list(pool.map(create, range(50)))
    assert sorted(numbers) == list(range(1, 51))
    owner, name = repo["nameWithOwner"].split("/")
    data = forge.gql(LIST, {"o": owner, "n": name, "first": 100}, token=user.token)
    assert data["repository"]["issues"]["totalCount"] == 50


def test_issue_lifecycle_untriaged_triaged_closed_reopened(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    issue = forge.gql(CREATE, {"r": repo["id"], "t": "  Bug  ", "b": "steps"}, token=user.token)[
        "createIssue"
    ]["issue"]
    assert (issue["number"], issue["state"], issue["isTriaged"]) == (1, "OPEN", False)
    assert issue["title"] == "Bug"
    # OPEN on an open issue changes nothing, as on GitHub; triage is its own field.
    same = forge.gql(UPDATE, {"i": {"id": issue["id"], "state": "OPEN"}}, token=user.token)
    assert (same["updateIssue"]["issue"]["state"], same["updateIssue"]["issue"]["isTriaged"]) == (
        "OPEN",
        False,
    )
    # The deprecated NEW is accepted while the issue is untriaged (it changes nothing).
    still = forge.gql(UPDATE, {"i": {"id": issue["id"], "state": "NEW"}}, token=user.token)
    assert still["updateIssue"]["issue"]["isTriaged"] is False
    triage = "mutation($i: ID!) { markIssueAsTriaged(input: {issueId: $i}) { issue { state isTriaged } } }"
    assert forge.gql(triage, {"i": issue["id"]}, token=user.token)["markIssueAsTriaged"][
        "issue"
    ] == {"state": "OPEN", "isTriaged": True}
    closed = forge.gql(UPDATE, {"i": {"id": issue["id"], "state": "CLOSED"}}, token=user.token)
    assert closed["updateIssue"]["issue"]["closed"] is True
    assert closed["updateIssue"]["issue"]["closedAt"] is not None
    reopen = "mutation($i: ID!) { reopenIssue(input: {issueId: $i}) { issue { state closedAt } } }"
    assert forge.gql(reopen, {"i": issue["id"]}, token=user.token)["reopenIssue"]["issue"] == {
        "state": "OPEN",
        "closedAt": None,
    }
    back = forge.gql_error(UPDATE, {"i": {"id": issue["id"], "state": "NEW"}}, token=user.token)
    assert back.codes == ["BAD_USER_INPUT"]


def test_states_filter_and_pagination(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    ids = [
        forge.gql(CREATE, {"r": repo["id"], "t": f"i{i}"}, token=user.token)["createIssue"][
            "issue"
        ]["id"]
        for i in range(7)
    ]
    for issue_id in ids[:3]:
        forge.gql(UPDATE, {"i": {"id": issue_id, "state": "CLOSED"}}, token=user.token)
    owner, name = repo["nameWithOwner"].split("/")
    base = {"o": owner, "n": name}
    closed = forge.gql(LIST, {**base, "s": ["CLOSED"], "first": 10})["repository"]["issues"]
    assert [n["number"] for n in closed["nodes"]] == [1, 2, 3]
    # OPEN includes untriaged issues; the deprecated NEW still filters open, untriaged ones.
    opened = forge.gql(LIST, {**base, "s": ["OPEN"], "first": 10})["repository"]["issues"]
    assert opened["totalCount"] == 4 and {n["state"] for n in opened["nodes"]} == {"OPEN"}
    forge.gql(
        "mutation($i: ID!) { markIssueAsTriaged(input: {issueId: $i}) { issue { id } } }",
        {"i": ids[3]},
        token=user.token,
    )
    new = forge.gql(LIST, {**base, "s": ["NEW"], "first": 10})["repository"]["issues"]
    assert new["totalCount"] == 3 and [n["number"] for n in new["nodes"]] == [5, 6, 7]
    seen: list[int] = []
    after = None
    while True:
        page = forge.gql(LIST, {**base, "first": 3, "after": after})["repository"]["issues"]
        seen += [n["number"] for n in page["nodes"]]
        assert [e["node"]["number"] for e in page["edges"]] == [n["number"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(range(1, 8))
    third = forge.gql(LIST, {**base, "first": 3, "page": 3})["repository"]["issues"]
    assert [n["number"] for n in third["nodes"]] == [7]
    assert third["pageInfo"]["hasPreviousPage"] is True
    past = forge.gql(LIST, {**base, "first": 3, "page": 9})["repository"]["issues"]
    assert past["nodes"] == [] and past["totalCount"] == 7


def test_other_user_can_comment_but_not_close(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    issue = forge.gql(CREATE, {"r": repo["id"], "t": "x"}, token=owner.token)["createIssue"][
        "issue"
    ]
    comment = """mutation($s: ID!, $b: String!) { addComment(input: {subjectId: $s, body: $b}) {
      comment { body author { login } } subject { comments(first: 5) { totalCount } } } }"""
    added = forge.gql(comment, {"s": issue["id"], "b": "me too"}, token=other.token)["addComment"]
    assert added["comment"] == {"body": "me too", "author": {"login": other.login}}
    assert added["subject"]["comments"]["totalCount"] == 1
    denied = forge.gql_error(
        UPDATE, {"i": {"id": issue["id"], "state": "CLOSED"}}, token=other.token
    )
    assert denied.codes == ["FORBIDDEN"]
    assert forge.gql_error(comment, {"s": issue["id"], "b": "  "}, token=other.token).codes == [
        "BAD_USER_INPUT"
    ]
    own = forge.gql(CREATE, {"r": repo["id"], "t": "mine"}, token=other.token)["createIssue"][
        "issue"
    ]
    closed = forge.gql(UPDATE, {"i": {"id": own["id"], "state": "CLOSED"}}, token=other.token)
    assert closed["updateIssue"]["issue"]["state"] == "CLOSED"


def test_owner_can_label_issues(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    label = forge.gql(
        """mutation($r: ID!) { createLabel(input: {repositoryId: $r, name: "bug", color: "dc2626"}) {
          label { id name color } } }""",
        {"r": repo["id"]},
        token=user.token,
    )["createLabel"]["label"]
    assert label["color"] == "#DC2626"
    issue = forge.gql(CREATE, {"r": repo["id"], "t": "x"}, token=user.token)["createIssue"]["issue"]
    labelled = forge.gql(
        """mutation($i: ID!, $l: [ID!]!) { addLabelsToLabelable(input: {labelableId: $i, labelIds: $l}) {
          labelable { labels { nodes { name color } } } } }""",
        {"i": issue["id"], "l": [label["id"]]},
        token=user.token,
    )
    assert labelled["addLabelsToLabelable"]["labelable"]["labels"]["nodes"] == [
        {"name": "bug", "color": "#DC2626"}
    ]
    bad = forge.gql_error(
        """mutation($r: ID!) { createLabel(input: {repositoryId: $r, name: "x", color: "red"}) { label { id } } }""",
        {"r": repo["id"]},
        token=user.token,
    )
    assert bad.codes == ["BAD_USER_INPUT"]


COUNTS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  openIssueCount open: issues(states: [OPEN]) { totalCount }
  closed: issues(states: [CLOSED]) { totalCount } } }"""


def test_open_issue_count_stays_exact_under_racing_closes_and_reopens(forge: Forge) -> None:
    """The count is a column changed with each state change: racing writers must not skew it."""
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    ids = [
        forge.gql(CREATE, {"r": repo["id"], "t": f"race {i}"}, token=user.token)["createIssue"][
            "issue"
        ]["id"]
        for i in range(6)
    ]
    first = forge.gql(COUNTS, {"o": owner, "n": name}, token=user.token)["repository"]
    assert first["openIssueCount"] == first["open"]["totalCount"] == 6

    def change(job: tuple[str, str]) -> None:
        issue_id, state = job
        with httpx.Client(timeout=120) as client:
            response = client.post(
                f"{forge.url}/graphql",
                json={"query": UPDATE, "variables": {"i": {"id": issue_id, "state": state}}},
                headers={"Authorization": f"Bearer {user.token}"},
            )
        assert "errors" not in response.json(), response.text

    # Every issue is closed four times and reopened twice, all at once.
    jobs = [(i, s) for i in ids for s in ("CLOSED", "OPEN", "CLOSED", "CLOSED", "OPEN", "CLOSED")]
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(change, jobs))
    after = forge.gql(COUNTS, {"o": owner, "n": name}, token=user.token)["repository"]
    assert after["openIssueCount"] == after["open"]["totalCount"]
    assert after["open"]["totalCount"] + after["closed"]["totalCount"] == 6
    # Closing what is closed and reopening what is open change nothing.
    for issue_id in ids:
        forge.gql(UPDATE, {"i": {"id": issue_id, "state": "CLOSED"}}, token=user.token)
        forge.gql(UPDATE, {"i": {"id": issue_id, "state": "CLOSED"}}, token=user.token)
    closed = forge.gql(COUNTS, {"o": owner, "n": name}, token=user.token)["repository"]
    assert closed["openIssueCount"] == closed["open"]["totalCount"] == 0
    forge.gql(UPDATE, {"i": {"id": ids[0], "state": "OPEN"}}, token=user.token)
    forge.gql(UPDATE, {"i": {"id": ids[0], "state": "OPEN"}}, token=user.token)
    one = forge.gql(COUNTS, {"o": owner, "n": name}, token=user.token)["repository"]
    assert one["openIssueCount"] == one["open"]["totalCount"] == 1
