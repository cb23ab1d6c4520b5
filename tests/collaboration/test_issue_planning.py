"""Planning an issue in GraphQL: assignees and a milestone at creation and on edit, all or nothing;
issues assigned to a user; one collaborator by login; a milestone's repository."""

from __future__ import annotations

from tests.collaboration.issues_api import CREATE_MILESTONE, label, owner_name
from tests.collaboration.people import add_collaborator
from tests.forge import Forge

CREATE = """mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue {
  number assignees { nodes { login } } milestone { title repository { nameWithOwner } } labels { nodes { name } } } } }"""
UPDATE = """mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue {
  title assignees { nodes { login } } milestone { title } } } }"""
COUNT = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  issues(first: 1) { totalCount } } }"""
ASSIGNED = """query($l: String!, $s: [IssueState!]) { user(login: $l) {
  assignedIssues(states: $s, first: 10) { totalCount nodes { title repository { name } } } } }"""
ONE_COLLABORATOR = """query($o: String!, $n: String!, $l: String!) { repository(owner: $o, name: $n) {
  collaborators(login: $l, first: 5) { totalCount edges { permission node { login } } } } }"""


def test_an_issue_is_created_planned_or_not_at_all(forge: Forge) -> None:
    owner, helper, reader = forge.new_user(), forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    # Assignees read the repository by their own standing, not because it is public (issue 14).
    add_collaborator(forge, owner, repo, helper, "READ")
    milestone = forge.gql(
        CREATE_MILESTONE, {"i": {"repositoryId": repo["id"], "title": "v1"}}, token=owner.token
    )["createMilestone"]["milestone"]
    bug = label(forge, owner, repo, "bug")
    planned = {
        "repositoryId": repo["id"],
        "title": "planned",
        "assigneeIds": [helper.id, owner.id],
        "milestoneId": milestone["id"],
        "labelIds": [bug],
    }
    made = forge.gql(CREATE, {"i": planned}, token=owner.token)["createIssue"]["issue"]
    assert sorted(a["login"] for a in made["assignees"]["nodes"]) == sorted(
        [helper.login, owner.login]
    )
    assert made["milestone"] == {
        "title": "v1",
        "repository": {"nameWithOwner": repo["nameWithOwner"]},
    }
    assert made["labels"]["nodes"] == [{"name": "bug"}]
    # A reader may open issues, but not plan them; nothing is written when refused.
    refused = forge.gql_error(CREATE, {"i": {**planned, "title": "no"}}, token=reader.token)
    assert refused.codes == ["FORBIDDEN"]
    other = forge.new_repo(owner)
    foreign = forge.gql(
        CREATE_MILESTONE, {"i": {"repositoryId": other["id"], "title": "x"}}, token=owner.token
    )["createMilestone"]["milestone"]
    hidden = forge.new_repo(owner, private=True)
    for bad, code in (
        ({"milestoneId": foreign["id"]}, "NOT_FOUND"),
        ({"assigneeIds": [repo["id"]]}, "NOT_FOUND"),
    ):
        error = forge.gql_error(CREATE, {"i": {**planned, **bad}}, token=owner.token)
        assert error.codes == [code], bad
    blind = {"repositoryId": hidden["id"], "title": "t", "assigneeIds": [helper.id]}
    assert forge.gql_error(CREATE, {"i": blind}, token=owner.token).codes == ["BAD_USER_INPUT"]
    assert forge.gql(COUNT, owner_name(repo))["repository"]["issues"]["totalCount"] == 1
    assert forge.gql(COUNT, owner_name(hidden), token=owner.token)["repository"]["issues"] == {
        "totalCount": 0
    }


def test_update_issue_replaces_the_assignees(forge: Forge) -> None:
    owner, helper = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    add_collaborator(forge, owner, repo, helper, "READ")  # an assignee reads it (issue 14)
    made = forge.gql(
        CREATE,
        {"i": {"repositoryId": repo["id"], "title": "t", "assigneeIds": [owner.id]}},
        token=owner.token,
    )["createIssue"]["issue"]
    issue_id = forge.gql(
        "query($o: String!, $n: String!, $x: Int!) { repository(owner: $o, name: $n) { issue(number: $x) { id } } }",
        {**owner_name(repo), "x": made["number"]},
    )["repository"]["issue"]["id"]
    swapped = forge.gql(
        UPDATE, {"i": {"id": issue_id, "assigneeIds": [helper.id]}}, token=owner.token
    )
    assert swapped["updateIssue"]["issue"]["assignees"]["nodes"] == [{"login": helper.login}]
    # An unknown assignee changes nothing, the title included.
    error = forge.gql_error(
        UPDATE,
        {"i": {"id": issue_id, "title": "renamed", "assigneeIds": [repo["id"]]}},
        token=owner.token,
    )
    assert error.codes == ["NOT_FOUND"]
    kept = forge.gql(UPDATE, {"i": {"id": issue_id}}, token=owner.token)["updateIssue"]["issue"]
    assert (kept["title"], kept["assignees"]["nodes"]) == ("t", [{"login": helper.login}])
    cleared = forge.gql(UPDATE, {"i": {"id": issue_id, "assigneeIds": []}}, token=owner.token)
    assert cleared["updateIssue"]["issue"]["assignees"]["nodes"] == []


def test_assigned_issues_are_those_the_viewer_can_read(forge: Forge) -> None:
    owner, helper, stranger = forge.new_user(), forge.new_user(), forge.new_user()
    public, private = forge.new_repo(owner), forge.new_repo(owner, private=True)
    add_collaborator(forge, owner, private, helper, "READ")
    add_collaborator(forge, owner, public, helper, "READ")  # an assignee reads it (issue 14)
    for repo, title in ((public, "open one"), (private, "secret one")):
        forge.gql(
            CREATE,
            {"i": {"repositoryId": repo["id"], "title": title, "assigneeIds": [helper.id]}},
            token=owner.token,
        )
    mine = forge.gql(ASSIGNED, {"l": helper.login}, token=helper.token)["user"]["assignedIssues"]
    assert mine["totalCount"] == 2
    assert [n["title"] for n in mine["nodes"]] == ["secret one", "open one"]
    theirs = forge.gql(ASSIGNED, {"l": helper.login}, token=stranger.token)["user"]
    assert [n["title"] for n in theirs["assignedIssues"]["nodes"]] == ["open one"]
    closed = forge.gql(ASSIGNED, {"l": helper.login, "s": ["CLOSED"]}, token=helper.token)
    assert closed["user"]["assignedIssues"]["totalCount"] == 0


def test_one_collaborator_is_found_by_login(forge: Forge) -> None:
    owner, helper, other = forge.new_user(), forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    add_collaborator(forge, owner, repo, helper, "WRITE")
    add_collaborator(forge, owner, repo, other, "READ")
    found = forge.gql(
        ONE_COLLABORATOR, {**owner_name(repo), "l": helper.login.upper()}, token=owner.token
    )["repository"]["collaborators"]
    assert found == {
        "totalCount": 1,
        "edges": [{"permission": "WRITE", "node": {"login": helper.login}}],
    }
    none = forge.gql(ONE_COLLABORATOR, {**owner_name(repo), "l": owner.login}, token=owner.token)
    assert none["repository"]["collaborators"] == {"totalCount": 0, "edges": []}
