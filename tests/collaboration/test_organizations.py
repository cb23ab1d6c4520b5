"""Organizations: who sees which repositories and members, and who may change what."""

from __future__ import annotations

from tests.collaboration.issues_api import CREATE_LABEL
from tests.collaboration.people import add_member, cast
from tests.forge import Forge, unique

REPOS = """query($l: String!) { organization(login: $l) {
  repositories(first: 10) { totalCount nodes { name isPrivate } } } }"""
MEMBERS = """query($l: String!) { organization(login: $l) { members(first: 2) {
  totalCount pageInfo { hasNextPage } edges { role node { login } } nodes { login } } } }"""
UPDATE_ORG = """mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) {
  organization { name description } } }"""
ROLE = """mutation($o: ID!, $l: String!, $r: OrganizationMemberRole!) {
  updateOrganizationMemberRole(input: {organizationId: $o, login: $l, role: $r}) { role } }"""
CREATE_REPO = """mutation($i: CreateRepositoryInput!) { createRepository(input: $i) {
  repository { name } } }"""
RENAME_REPO = """mutation($r: ID!, $d: String!) { updateRepository(input: {repositoryId: $r,
  description: $d}) { repository { description } } }"""


def test_organization_permission_matrix(forge: Forge) -> None:
    people = cast(forge)
    org, owner, member = people.org, people.org_owner, people.member
    public = forge.new_repo(owner, owner_id=org["id"], name=unique("pub"))
    private = forge.new_repo(owner, private=True, owner_id=org["id"], name=unique("prv"))
    update = {"i": {"organizationId": org["id"], "displayName": "Acme", "description": "d"}}
    owner_without_admin = forge.token_for(owner, ["repo:read", "repo:write"])
    for token, code in (
        (member.token, "FORBIDDEN"),
        (people.outsider.token, "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
        (owner_without_admin, "FORBIDDEN"),
    ):
        assert forge.gql_error(UPDATE_ORG, update, token=token).codes == [code]
        role = {"o": org["id"], "l": member.login, "r": "ADMIN"}
        assert forge.gql_error(ROLE, role, token=token).codes == [code]
    changed = forge.gql(UPDATE_ORG, update, token=owner.token)["updateOrganization"]
    assert changed["organization"] == {"name": "Acme", "description": "d"}
    # Repository creation in the organization: members yes, outsiders no.
    in_org = {"name": unique("m"), "ownerId": org["id"]}
    assert forge.gql(CREATE_REPO, {"i": in_org}, token=member.token)["createRepository"]
    refused = forge.gql_error(
        CREATE_REPO, {"i": {**in_org, "name": "x"}}, token=people.outsider.token
    )
    assert refused.codes == ["FORBIDDEN"]
    # Members write, owners administer.
    label = {"r": private["id"], "n": "bug"}
    forge.gql(CREATE_LABEL, label, token=member.token)
    admin_only = forge.gql_error(RENAME_REPO, {"r": private["id"], "d": "x"}, token=member.token)
    assert admin_only.codes == ["FORBIDDEN"]
    forge.gql(RENAME_REPO, {"r": private["id"], "d": "by owner"}, token=owner.token)
    # Promoting the member makes them an administrator of the organization's repositories.
    promoted = forge.gql(ROLE, {"o": org["id"], "l": member.login, "r": "ADMIN"}, token=owner.token)
    assert promoted["updateOrganizationMemberRole"]["role"] == "ADMIN"
    forge.gql(RENAME_REPO, {"r": private["id"], "d": "by member"}, token=member.token)
    stranger = forge.new_user("st")
    not_member = forge.gql_error(
        ROLE, {"o": org["id"], "l": stranger.login, "r": "MEMBER"}, token=owner.token
    )
    assert not_member.codes == ["NOT_FOUND"]
    del public


def test_outsiders_see_only_public_repositories_and_no_members(forge: Forge) -> None:
    people = cast(forge)
    org, owner = people.org, people.org_owner
    public = forge.new_repo(owner, owner_id=org["id"], name=unique("pub"))
    private = forge.new_repo(owner, private=True, owner_id=org["id"], name=unique("prv"))
    everything = sorted([public["name"], private["name"]])
    for who, token in {"owner": owner.token, "member": people.member.token}.items():
        repos = forge.gql(REPOS, {"l": org["login"]}, token=token)["organization"]["repositories"]
        assert sorted(n["name"] for n in repos["nodes"]) == everything, who
        assert repos["totalCount"] == 2
    for token in (people.outsider.token, None, forge.token_for(people.member, [])):
        repos = forge.gql(REPOS, {"l": org["login"]}, token=token)["organization"]["repositories"]
        assert repos == {"totalCount": 1, "nodes": [{"name": public["name"], "isPrivate": False}]}
    for token in (people.outsider.token, None):
        members = forge.gql(MEMBERS, {"l": org["login"]}, token=token)["organization"]["members"]
        assert members["totalCount"] == 0 and members["edges"] == []


def test_members_are_listed_with_their_roles_across_pages(forge: Forge) -> None:
    people = cast(forge)
    third = forge.new_user("th")
    add_member(forge, people.org_owner, people.org, third, "ADMIN")
    first = forge.gql(MEMBERS, {"l": people.org["login"]}, token=people.member.token)
    members = first["organization"]["members"]
    assert members["totalCount"] == 3 and members["pageInfo"]["hasNextPage"] is True
    assert members["edges"] == [
        {"role": "ADMIN", "node": {"login": people.org_owner.login}},
        {"role": "MEMBER", "node": {"login": people.member.login}},
    ]
    assert members["nodes"] == [{"login": people.org_owner.login}, {"login": people.member.login}]
    # The last owner cannot be demoted; with a second owner they can.
    demote = {"o": people.org["id"], "l": third.login, "r": "MEMBER"}
    forge.gql(ROLE, demote, token=people.org_owner.token)
    last = forge.gql_error(
        ROLE, {**demote, "l": people.org_owner.login}, token=people.org_owner.token
    )
    assert last.codes == ["CONFLICT"]


def test_an_organization_keeps_its_website_and_location(forge: Forge) -> None:
    owner = forge.new_user()
    login = unique("site")
    created = forge.gql(
        """mutation($l: String!) { createOrganization(input: {login: $l,
             websiteUrl: "https://acme.example", location: "Lyon"}) {
             organization { id websiteUrl location } } }""",
        {"l": login},
        token=owner.token,
    )["createOrganization"]["organization"]
    assert (created["websiteUrl"], created["location"]) == ("https://acme.example", "Lyon")
    fields = "organization { websiteUrl location description }"
    update = (
        f"mutation($i: UpdateOrganizationInput!) {{ updateOrganization(input: $i) {{ {fields} }} }}"
    )
    moved = forge.gql(
        update, {"i": {"organizationId": created["id"], "location": "Paris"}}, token=owner.token
    )
    assert moved["updateOrganization"]["organization"] == {
        "websiteUrl": "https://acme.example",
        "location": "Paris",
        "description": "",
    }
    for bad in (
        {"websiteUrl": "javascript:alert(1)"},
        {"websiteUrl": "https://a b"},
        {"location": "x" * 256},
    ):
        error = forge.gql_error(
            update,
            {"i": {"organizationId": created["id"], "description": "no", **bad}},
            token=owner.token,
        )
        assert error.codes == ["BAD_USER_INPUT"], bad
    seen = forge.gql(
        "query($l: String!) { organization(login: $l) { websiteUrl location description } }",
        {"l": login},
    )["organization"]
    assert seen == {"websiteUrl": "https://acme.example", "location": "Paris", "description": ""}
