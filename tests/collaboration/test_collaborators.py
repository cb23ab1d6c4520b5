"""Collaborators: who may manage them, and the access they get."""

from __future__ import annotations

from tests.collaboration.issues_api import CREATE_LABEL, issue, owner_name
from tests.collaboration.people import ADD_COLLABORATOR, add_collaborator, cast, org_repo
from tests.forge import Forge

REMOVE = """mutation($r: ID!, $l: String!) { removeCollaborator(input: {repositoryId: $r, login: $l}) {
  user { login } } }"""
LIST = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  viewerPermission collaborators(first: 1) { totalCount pageInfo { hasNextPage endCursor }
  edges { permission node { login } } nodes { login } } } }"""
SEEN = (
    """query($o: String!, $n: String!) { repository(owner: $o, name: $n) { viewerPermission } }"""
)


def test_only_repository_admins_with_the_scope_manage_collaborators(forge: Forge) -> None:
    people = cast(forge)
    private = org_repo(forge, people, private=True)
    target = forge.new_user("tg")
    variables = {"r": private["id"], "l": target.login, "p": "READ"}
    denied = {
        "org member": (people.member.token, "FORBIDDEN"),
        "write collaborator": (people.writer.token, "FORBIDDEN"),
        "read collaborator": (people.reader.token, "FORBIDDEN"),
        "outsider": (people.outsider.token, "NOT_FOUND"),
        "anonymous": (None, "NOT_FOUND"),
        "owner without collaborator:write": (
            forge.token_for(people.org_owner, ["repo:read", "repo:write"]),
            "FORBIDDEN",
        ),
        "owner without repo:read": (
            forge.token_for(people.org_owner, ["collaborator:write"]),
            "NOT_FOUND",
        ),
    }
    for who, (token, code) in denied.items():
        for doc in (ADD_COLLABORATOR, REMOVE):
            assert forge.gql_error(doc, variables, token=token).codes == [code], who
    scoped = forge.token_for(people.org_owner, ["repo:read", "collaborator:write"])
    added = forge.gql(ADD_COLLABORATOR, variables, token=scoped)["addCollaborator"]
    assert added == {"user": {"login": target.login}, "permission": "READ"}
    # An ADMIN collaborator manages collaborators too.
    forge.gql(ADD_COLLABORATOR, {**variables, "p": "ADMIN"}, token=people.org_owner.token)
    forge.gql(REMOVE, {"r": private["id"], "l": people.reader.login}, token=target.token)
    public = forge.new_repo(people.outsider)
    on_public = {"r": public["id"], "l": target.login}
    assert forge.gql_error(ADD_COLLABORATOR, on_public, token=None).codes == ["UNAUTHENTICATED"]
    assert forge.gql_error(ADD_COLLABORATOR, on_public, token=target.token).codes == ["FORBIDDEN"]
    bad = forge.gql_error(
        ADD_COLLABORATOR, {**on_public, "l": people.outsider.login}, token=people.outsider.token
    )
    assert bad.codes == ["BAD_USER_INPUT"]
    missing = forge.gql_error(REMOVE, on_public, token=people.outsider.token)
    assert missing.codes == ["NOT_FOUND"]


def test_collaborators_get_their_permission_until_removed(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    where = owner_name(repo)
    assert forge.gql(SEEN, where, token=people.reader.token)["repository"] == {
        "viewerPermission": "READ"
    }
    assert forge.gql(SEEN, where, token=people.writer.token)["repository"] == {
        "viewerPermission": "WRITE"
    }
    assert forge.gql(SEEN, where, token=people.outsider.token)["repository"] is None
    label = {"r": repo["id"], "n": "triage"}
    denied = forge.gql_error(CREATE_LABEL, label, token=people.reader.token)
    assert denied.codes == ["FORBIDDEN"]
    forge.gql(CREATE_LABEL, label, token=people.writer.token)
    # The reader may open an issue; the writer may close it.
    issue_id = issue(forge, people.reader, repo, "from a reader")
    forge.gql(
        "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { state } } }",
        {"i": issue_id},
        token=people.writer.token,
    )
    # Private repositories of the organization list the collaborated one for the reader only.
    listed = forge.gql(
        "query($l: String!) { organization(login: $l) { repositories(first: 10) { nodes { name } } } }",
        {"l": people.org["login"]},
        token=people.reader.token,
    )["organization"]["repositories"]["nodes"]
    assert listed == [{"name": where["n"]}]
    forge.gql(REMOVE, {"r": repo["id"], "l": people.reader.login}, token=people.org_owner.token)
    assert forge.gql(SEEN, where, token=people.reader.token)["repository"] is None


def test_collaborators_are_listed_with_their_permission(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=False)
    where = owner_name(repo)
    first = forge.gql(LIST, where, token=people.member.token)["repository"]["collaborators"]
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"]
    assert first["edges"] == [{"permission": "READ", "node": {"login": people.reader.login}}]
    assert first["nodes"] == [{"login": people.reader.login}]
    # Upsert: adding again changes the permission, not the count.
    add_collaborator(forge, people.org_owner, repo, people.reader, "WRITE")
    again = forge.gql(LIST, where, token=people.member.token)["repository"]["collaborators"]
    assert again["totalCount"] == 2 and again["edges"][0]["permission"] == "WRITE"
    assert forge.gql_error(LIST, where, token=None).codes == ["UNAUTHENTICATED"]
    unscoped = forge.token_for(people.member, ["repo:read"])
    assert forge.gql_error(LIST, where, token=unscoped).codes == ["FORBIDDEN"]
