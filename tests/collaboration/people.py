"""Building the cast of the permission matrix: org owner, member, collaborators, outsider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.forge import Forge, User, unique

ADD_COLLABORATOR = """mutation($r: ID!, $l: String!, $p: RepositoryPermission) {
  addCollaborator(input: {repositoryId: $r, login: $l, permission: $p}) {
  user { login } permission } }"""


@dataclass
class Cast:
    org: dict[str, Any]
    org_owner: User
    member: User
    reader: User
    writer: User
    outsider: User


def new_org(forge: Forge, owner: User) -> dict[str, Any]:
    data = forge.gql(
        "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id login } } }",
        {"l": unique("org")},
        token=owner.token,
    )
    org: dict[str, Any] = data["createOrganization"]["organization"]
    return org


def add_member(forge: Forge, owner: User, org: dict[str, Any], user: User, role: str) -> None:
    forge.gql(
        """mutation($o: ID!, $l: String!, $r: OrganizationMemberRole!) {
          addOrganizationMember(input: {organizationId: $o, login: $l, role: $r}) { role } }""",
        {"o": org["id"], "l": user.login, "r": role},
        token=owner.token,
    )


def add_collaborator(
    forge: Forge, admin: User, repo: dict[str, Any], user: User, permission: str
) -> None:
    forge.gql(
        ADD_COLLABORATOR,
        {"r": repo["id"], "l": user.login, "p": permission},
        token=admin.token,
    )


def cast(forge: Forge) -> Cast:
    org_owner = forge.new_user("oo")
    org = new_org(forge, org_owner)
    member = forge.new_user("mem")
    add_member(forge, org_owner, org, member, "MEMBER")
    return Cast(
        org=org,
        org_owner=org_owner,
        member=member,
        reader=forge.new_user("rd"),
        writer=forge.new_user("wr"),
        outsider=forge.new_user("out"),
    )


def org_repo(forge: Forge, people: Cast, *, private: bool) -> dict[str, Any]:
    """A repository of the organization, with a read and a write collaborator."""
    repo = forge.new_repo(people.org_owner, private=private, owner_id=people.org["id"])
    add_collaborator(forge, people.org_owner, repo, people.reader, "READ")
    add_collaborator(forge, people.org_owner, repo, people.writer, "WRITE")
    return repo
