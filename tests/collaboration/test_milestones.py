"""Milestones: numbering, states, issue counts, and who may manage them."""

from __future__ import annotations

from tests.collaboration.issues_api import CREATE_MILESTONE, issue, milestone, owner_name
from tests.forge import Forge

UPDATE = """mutation($i: UpdateMilestoneInput!) { updateMilestone(input: $i) {
  milestone { title description dueOn state closed closedAt } } }"""
CLOSE = "mutation($i: ID!) { closeMilestone(input: {id: $i}) { milestone { state closedAt } } }"
DELETE = "mutation($i: ID!) { deleteMilestone(input: {id: $i}) { deletedMilestoneId } }"
SET = """mutation($i: ID!, $m: ID) { updateIssue(input: {id: $i, milestoneId: $m}) {
  issue { milestone { number title } } } }"""
LIST = """query($o: String!, $n: String!, $s: [MilestoneState!]) { repository(owner: $o, name: $n) {
  milestones(first: 10, states: $s) { totalCount nodes { number title state
    openIssueCount closedIssueCount progressPercentage
    issues(first: 10, states: [CLOSED]) { totalCount nodes { number } } } }
  milestone(number: 1) { title } } }"""


def test_writers_manage_milestones_and_issues_count_per_state(forge: Forge) -> None:
    owner, reporter = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    first = milestone(forge, owner, repo, "1.0")
    second = milestone(forge, owner, repo, "2.0")
    assert (first["number"], second["number"], first["state"]) == (1, 2, "OPEN")
    issues = [issue(forge, reporter, repo, f"i{n}") for n in range(3)]
    for issue_id in issues:
        data = forge.gql(SET, {"i": issue_id, "m": first["id"]}, token=owner.token)
        assert data["updateIssue"]["issue"]["milestone"] == {"number": 1, "title": "1.0"}
    forge.gql(
        "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
        {"i": issues[0]},
        token=owner.token,
    )
    cleared = forge.gql(SET, {"i": issues[2], "m": None}, token=owner.token)
    assert cleared["updateIssue"]["issue"]["milestone"] is None
    # The reporter may edit their issue but not file it under a milestone.
    refused = forge.gql_error(SET, {"i": issues[1], "m": second["id"]}, token=reporter.token)
    assert refused.codes == ["FORBIDDEN"]
    listed = forge.gql(LIST, owner_name(repo))["repository"]
    assert listed["milestones"]["nodes"][0] == {
        "number": 1,
        "title": "1.0",
        "state": "OPEN",
        "openIssueCount": 1,
        "closedIssueCount": 1,
        "progressPercentage": 50.0,
        "issues": {"totalCount": 1, "nodes": [{"number": 1}]},
    }
    assert listed["milestone"] == {"title": "1.0"}
    changed = forge.gql(
        UPDATE,
        {"i": {"id": second["id"], "title": "2.0 final", "dueOn": "2030-01-02T00:00:00+00:00"}},
        token=owner.token,
    )["updateMilestone"]["milestone"]
    assert changed["title"] == "2.0 final" and changed["dueOn"].startswith("2030-01-02")
    no_due = forge.gql(UPDATE, {"i": {"id": second["id"], "dueOn": None}}, token=owner.token)
    assert no_due["updateMilestone"]["milestone"]["dueOn"] is None
    closed = forge.gql(CLOSE, {"i": second["id"]}, token=owner.token)["closeMilestone"]
    assert closed["milestone"]["state"] == "CLOSED" and closed["milestone"]["closedAt"]
    only_closed = forge.gql(LIST, {**owner_name(repo), "s": ["CLOSED"]})["repository"]
    assert [m["number"] for m in only_closed["milestones"]["nodes"]] == [2]
    assert only_closed["milestones"]["nodes"][0]["issues"]["totalCount"] == 0
    forge.gql(DELETE, {"i": first["id"]}, token=owner.token)
    after = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { issue(number: 2) { milestone { number } } } }",
        owner_name(repo),
    )
    assert after["repository"]["issue"]["milestone"] is None


def test_milestone_permissions(forge: Forge) -> None:
    owner, stranger = forge.new_user(), forge.new_user()
    public, private = forge.new_repo(owner), forge.new_repo(owner, private=True)
    create = {"i": {"repositoryId": public["id"], "title": "x"}}
    read_only = forge.token_for(owner, ["repo:read"])
    cases = [(stranger.token, "FORBIDDEN"), (None, "UNAUTHENTICATED"), (read_only, "FORBIDDEN")]
    for token, code in cases:
        assert forge.gql_error(CREATE_MILESTONE, create, token=token).codes == [code]
    hidden = milestone(forge, owner, private, "secret")
    for token in (stranger.token, None, forge.token_for(owner, [])):
        assert forge.gql_error(CLOSE, {"i": hidden["id"]}, token=token).codes == ["NOT_FOUND"]
        node = forge.gql("query($i: ID!) { node(id: $i) { id } }", {"i": hidden["id"]}, token=token)
        assert node["node"] is None
    empty = forge.gql_error(
        CREATE_MILESTONE, {"i": {"repositoryId": public["id"], "title": " "}}, token=owner.token
    )
    assert empty.codes == ["BAD_USER_INPUT"]
