"""GitHub's Repository.assignableUsers and mentionableUsers: who can write (owner, the
organization's members, write collaborators and teams), the repository's participants,
private repositories' readers only, keyset pages, and ``query:`` as a login/name prefix."""

from __future__ import annotations

from typing import Any

from tests.collaboration.people import add_collaborator, add_member, new_org
from tests.forge import Forge

USERS = """query($o: String!, $n: String!, $q: String, $f: Int, $a: String) {
  repository(owner: $o, name: $n) {
    assignableUsers(first: $f, after: $a, query: $q) {
      totalCount nodes { login id } pageInfo { hasNextPage endCursor } }
    mentionableUsers(first: $f, after: $a, query: $q) {
      totalCount nodes { login } pageInfo { hasNextPage endCursor } } } }"""
ISSUE = """mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "T"}) {
  issue { id } } }"""
COMMENT = """mutation($s: ID!) { addComment(input: {subjectId: $s, body: "c"}) {
  comment { id } } }"""
CREATE_TEAM = """mutation($o: ID!, $n: String!, $p: RepositoryPermission!) {
  createTeam(input: {organizationId: $o, name: $n, permission: $p}) { team { id } } }"""
TEAM_MEMBER = """mutation($t: ID!, $l: String!) { addTeamMember(input: {teamId: $t, login: $l}) {
  __typename } }"""
TEAM_REPOSITORY = """mutation($t: ID!, $r: ID!) { addTeamRepository(input: {teamId: $t,
  repositoryId: $r}) { __typename } }"""
REMOVE = """mutation($r: ID!, $l: String!) { removeCollaborator(input: {repositoryId: $r,
  login: $l}) { __typename } }"""


def _users(forge: Forge, token: str, repo: dict[str, Any], **variables: Any) -> Any:
    owner, name = repo["nameWithOwner"].split("/")
    found = forge.gql(USERS, {"o": owner, "n": name, **variables}, token=token)
    return found["repository"]


def _logins(connection: dict[str, Any]) -> list[str]:
    return [node["login"] for node in connection["nodes"]]


def test_assignable_and_mentionable_users_of_a_users_repository(forge: Forge) -> None:
    owner = forge.new_user("ao")
    writer = forge.new_user("aw")
    reader = forge.new_user("ar")
    outsider = forge.new_user("ax")
    commenter = forge.new_user("ac")
    repo = forge.new_repo(owner)
    add_collaborator(forge, owner, repo, writer, "WRITE")
    add_collaborator(forge, owner, repo, reader, "READ")
    issue = forge.gql(ISSUE, {"r": repo["id"]}, token=outsider.token)["createIssue"]["issue"]
    forge.gql(COMMENT, {"s": issue["id"]}, token=commenter.token)

    found = _users(forge, outsider.token, repo)
    assignable = found["assignableUsers"]
    assert _logins(assignable) == [owner.login, writer.login]
    assert [n["id"] for n in assignable["nodes"]] == [owner.id, writer.id]
    assert assignable["totalCount"] == 2 and not assignable["pageInfo"]["hasNextPage"]
    mentionable = found["mentionableUsers"]
    assert _logins(mentionable) == [owner.login, writer.login, outsider.login, commenter.login]
    assert mentionable["totalCount"] == 4

    # Keyset pages: one user a page, resumed after the cursor.
    first = _users(forge, owner.token, repo, f=1)["mentionableUsers"]
    assert _logins(first) == [owner.login] and first["pageInfo"]["hasNextPage"]
    assert first["totalCount"] == 4
    rest = _users(forge, owner.token, repo, f=3, a=first["pageInfo"]["endCursor"])
    assert _logins(rest["mentionableUsers"]) == [writer.login, outsider.login, commenter.login]
    assert not rest["mentionableUsers"]["pageInfo"]["hasNextPage"]

    # query: a prefix of the login, whatever the case; a contained text is no prefix.
    prefixed = _users(forge, owner.token, repo, q=writer.login[:4].upper())
    assert _logins(prefixed["assignableUsers"]) == [writer.login]
    assert _logins(prefixed["mentionableUsers"]) == [writer.login]
    inner = _users(forge, owner.token, repo, q=writer.login[2:])
    assert inner["assignableUsers"]["totalCount"] == 0
    wild = _users(forge, owner.token, repo, q="a%")
    assert wild["mentionableUsers"]["nodes"] == []


def test_organization_and_private_repositories(forge: Forge) -> None:
    admin = forge.new_user("po")
    member = forge.new_user("pm")
    reader = forge.new_user("pr")
    outsider = forge.new_user("px")
    team_writer = forge.new_user("pw")
    team_reader = forge.new_user("pt")
    org = new_org(forge, admin)
    add_member(forge, admin, org, member, "MEMBER")
    repo = forge.new_repo(admin, private=True, owner_id=org["id"])
    add_collaborator(forge, admin, repo, reader, "READ")
    for login, permission in ((team_writer.login, "WRITE"), (team_reader.login, "READ")):
        team = forge.gql(
            CREATE_TEAM, {"o": org["id"], "n": f"t{permission}", "p": permission}, token=admin.token
        )["createTeam"]["team"]["id"]
        forge.gql(TEAM_MEMBER, {"t": team, "l": login}, token=admin.token)
        forge.gql(TEAM_REPOSITORY, {"t": team, "r": repo["id"]}, token=admin.token)
    forge.gql(ISSUE, {"r": repo["id"]}, token=reader.token)
    forge.gql(ISSUE, {"r": repo["id"]}, token=team_reader.token)

    found = _users(forge, member.token, repo)
    # The organization itself is no user; its members write every repository of it, a
    # team's members those of the team with WRITE or ADMIN.
    writers = [admin.login, member.login, team_writer.login]
    assert _logins(found["assignableUsers"]) == writers
    assert _logins(found["mentionableUsers"]) == [
        admin.login,
        member.login,
        reader.login,
        team_writer.login,
        team_reader.login,
    ]
    # A reader sees them too; an outsider sees no repository at all.
    assert _users(forge, reader.token, repo)["assignableUsers"]["totalCount"] == 3
    assert _users(forge, outsider.token, repo) is None
    # A participant who can no longer read the private repository is not mentionable.
    forge.gql(REMOVE, {"r": repo["id"], "l": reader.login}, token=admin.token)
    after = _users(forge, admin.token, repo)["mentionableUsers"]
    assert _logins(after) == [*writers, team_reader.login]
