"""Issue 14, class 9 (assignees): an assignee reads the repository by their own standing.

The Gogs/Gitea rule: the owner, an organization member, a collaborator or a site
admin may be assigned; someone who could read a public repository only because it
is public may not (the attack: a writer assigning, and so notifying, any user of the
forge). Refused as BAD_USER_INPUT on GraphQL and 422 on Gogs, on create and edit.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.collaboration.issues_api import issue
from tests.collaboration.people import add_collaborator, add_member, new_org
from tests.forge import Forge, User

CREATE = """mutation($i: CreateIssueInput!) { createIssue(input: $i) {
  issue { number assignees { nodes { login } } } } }"""
UPDATE = """mutation($i: UpdateIssueInput!) { updateIssue(input: $i) {
  issue { assignees { nodes { login } } } } }"""
ASSIGN = """mutation($i: ID!, $l: [String!]) {
  addAssigneesToAssignable(input: {assignableId: $i, assigneeLogins: $l}) {
  assignable { assignees { nodes { login } } } } }"""
ASSIGNEES = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  issues(first: 20) { nodes { assignees { nodes { login } } } } } }"""

TRANSPORTS = {
    "token": lambda t: {"headers": {"Authorization": f"token {t}"}},
    "bearer": lambda t: {"headers": {"Authorization": f"Bearer {t}"}},
    "query": lambda t: {"params": {"token": t}},
    "basic": lambda t: {"auth": ("git", t)},
}


def _assigned(forge: Forge, owner: User, repo: dict[str, Any]) -> list[str]:
    owner_login, name = repo["nameWithOwner"].split("/")
    nodes = forge.gql(ASSIGNEES, {"o": owner_login, "n": name}, token=owner.token)
    return [
        a["login"] for n in nodes["repository"]["issues"]["nodes"] for a in n["assignees"]["nodes"]
    ]


def _refused(error: Any) -> None:
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "assigneeIds"


def test_public_repository_does_not_make_anyone_assignable(forge: Forge) -> None:
    owner, stranger, writer = forge.new_user("aso"), forge.new_user("ass"), forge.new_user("asw")
    repo = forge.new_repo(owner)
    add_collaborator(forge, owner, repo, writer, "WRITE")
    issue_id = issue(forge, owner, repo, "t")
    for token in (owner.token, writer.token):
        _refused(forge.gql_error(ASSIGN, {"i": issue_id, "l": [stranger.login]}, token=token))
        made = {"repositoryId": repo["id"], "title": "x", "assigneeIds": [stranger.id]}
        _refused(forge.gql_error(CREATE, {"i": made}, token=token))
        edit = {"id": issue_id, "assigneeIds": [stranger.id]}
        _refused(forge.gql_error(UPDATE, {"i": edit}, token=token))
        # One bad assignee refuses the whole list.
        mixed = {"id": issue_id, "assigneeIds": [owner.id, stranger.id]}
        _refused(forge.gql_error(UPDATE, {"i": mixed}, token=token))
    assert _assigned(forge, owner, repo) == []


def test_people_with_their_own_standing_are_assignable(forge: Forge) -> None:
    owner, reader = forge.new_user("aso"), forge.new_user("asr")
    member = forge.new_user("asm")
    org = new_org(forge, owner)
    add_member(forge, owner, org, member, "MEMBER")
    repo = forge.new_repo(owner, owner_id=org["id"])
    add_collaborator(forge, owner, repo, reader, "READ")
    issue_id = issue(forge, owner, repo, "t")
    logins = [owner.login, member.login, reader.login, "admin"]
    done = forge.gql(ASSIGN, {"i": issue_id, "l": logins}, token=owner.token)
    assigned = done["addAssigneesToAssignable"]["assignable"]["assignees"]["nodes"]
    assert sorted(a["login"] for a in assigned) == sorted(logins)


def test_private_repository_assignees_still_need_read(forge: Forge) -> None:
    owner, stranger = forge.new_user("aso"), forge.new_user("ass")
    repo = forge.new_repo(owner, private=True)
    issue_id = issue(forge, owner, repo, "t")
    _refused(forge.gql_error(ASSIGN, {"i": issue_id, "l": [stranger.login]}, token=owner.token))


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_gogs_refuses_an_assignee_without_standing(forge: Forge, transport: str) -> None:
    owner, stranger, reader = forge.new_user("aso"), forge.new_user("ass"), forge.new_user("asr")
    repo = forge.new_repo(owner)
    add_collaborator(forge, owner, repo, reader, "READ")
    send = TRANSPORTS[transport](forge.token_for(owner, ["repo:read", "repo:write"]))
    issues = f"{forge.url}/api/v1/repos/{repo['nameWithOwner']}/issues"
    created = forge.client.post(issues, json={"title": "t", "assignee": stranger.login}, **send)
    assert created.status_code == 422, created.text
    assert created.json()["field"] == "assignee"
    made = forge.client.post(issues, json={"title": "t"}, **send)
    assert made.status_code == 201
    number = made.json()["number"]
    edited = forge.client.patch(f"{issues}/{number}", json={"assignee": stranger.login}, **send)
    assert edited.status_code == 422 and edited.json()["field"] == "assignee"
    fine = forge.client.patch(f"{issues}/{number}", json={"assignee": reader.login}, **send)
    assert fine.status_code == 201 or fine.status_code == 200
    assert fine.json()["assignee"]["username"] == reader.login
    assert _assigned(forge, owner, repo) == [reader.login]
