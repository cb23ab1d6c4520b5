"""Private means invisible: the same answer as for a repository that does not exist."""

from __future__ import annotations

import pytest

from tests.forge import Forge, User

REPO = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  name issues(first: 5) { totalCount nodes { title } } } }"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
CREATE_ISSUE = """mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "hi"}) {
  issue { number id } } }"""
COMMENT = (
    """mutation($s: ID!) { addComment(input: {subjectId: $s, body: "x"}) { comment { id } } }"""
)


@pytest.fixture
def private_repo(forge: Forge) -> tuple[User, dict]:
    owner = forge.new_user("owner")
    repo = forge.new_repo(owner, private=True)
    issue = forge.gql(CREATE_ISSUE, {"r": repo["id"]}, token=owner.token)["createIssue"]["issue"]
    repo["issue_id"] = issue["id"]
    return owner, repo


def _strangers(forge: Forge, owner: User) -> dict[str, str | None]:
    other = forge.new_user("other")
    return {
        "anonymous": None,
        "other user": other.token,
        "token without repo:read": forge.token_for(owner, []),
    }


def test_strangers_cannot_see_a_private_repository(forge: Forge, private_repo: tuple) -> None:
    owner, repo = private_repo
    missing = {"o": owner.login, "n": "does-not-exist"}
    for who, token in _strangers(forge, owner).items():
        variables = {"o": owner.login, "n": repo["name"]}
        assert forge.gql(REPO, variables, token=token) == {"repository": None}, who
        assert forge.gql(REPO, missing, token=token) == {"repository": None}, who
        assert forge.gql(NODE, {"id": repo["id"]}, token=token) == {"node": None}, who
        assert forge.gql(NODE, {"id": repo["issue_id"]}, token=token) == {"node": None}, who
        listed = forge.gql(
            "query($l: String!) { user(login: $l) { repositories(first: 50) { totalCount nodes { name } } } }",
            {"l": owner.login},
            token=token,
        )["user"]["repositories"]
        assert listed == {"totalCount": 0, "nodes": []}, who


def test_strangers_get_not_found_when_writing_to_a_private_repository(
    forge: Forge, private_repo: tuple
) -> None:
    owner, repo = private_repo
    for who, token in _strangers(forge, owner).items():
        if token is None:
            continue
        assert forge.gql_error(CREATE_ISSUE, {"r": repo["id"]}, token=token).codes == [
            "NOT_FOUND"
        ], who
        assert forge.gql_error(COMMENT, {"s": repo["issue_id"]}, token=token).codes == [
            "NOT_FOUND"
        ], who
        update = 'mutation($r: ID!) { updateRepository(input: {repositoryId: $r, description: "x"}) { repository { name } } }'
        assert forge.gql_error(update, {"r": repo["id"]}, token=token).codes == ["NOT_FOUND"], who


def test_owner_and_readers_see_the_private_repository(forge: Forge, private_repo: tuple) -> None:
    owner, repo = private_repo
    for token in [owner.token, forge.token_for(owner, ["repo:read"]), forge.admin.token]:
        data = forge.gql(REPO, {"o": owner.login, "n": repo["name"]}, token=token)
        assert data["repository"]["name"] == repo["name"]
        assert data["repository"]["issues"]["totalCount"] == 1


def test_organization_members_see_private_org_repositories(forge: Forge) -> None:
    owner = forge.new_user("orgowner")
    member, outsider = forge.new_user("member"), forge.new_user("outsider")
    org = forge.gql(
        "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id login } } }",
        {"l": f"org-{owner.login}"},
        token=owner.token,
    )["createOrganization"]["organization"]
    forge.gql(
        "mutation($o: ID!, $l: String!) { addOrganizationMember(input: {organizationId: $o, login: $l}) { role } }",
        {"o": org["id"], "l": member.login},
        token=owner.token,
    )
    repo = forge.new_repo(owner, private=True, owner_id=org["id"])
    variables = {"o": org["login"], "n": repo["name"]}
    query = (
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { viewerPermission } }"
    )
    assert forge.gql(query, variables, token=owner.token)["repository"] == {
        "viewerPermission": "ADMIN"
    }
    assert forge.gql(query, variables, token=member.token)["repository"] == {
        "viewerPermission": "WRITE"
    }
    assert forge.gql(query, variables, token=outsider.token) == {"repository": None}
    assert forge.gql(query, variables) == {"repository": None}
    members = forge.gql(
        "query($l: String!) { organization(login: $l) { membersWithRole(first: 10) { nodes { role user { login } } } } }",
        {"l": org["login"]},
        token=outsider.token,
    )
    assert members["organization"]["membersWithRole"]["nodes"] == []
