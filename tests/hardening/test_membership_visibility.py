"""Issue 14, class 6: organization memberships follow one visibility rule on every surface.

The attack as found: ``Organization.members`` hid the members from outsiders, but
``User.organizations`` and ``GET /api/v1/users/{u}/orgs`` listed anyone's
organizations to anonymous callers, so any member list could be rebuilt user by user.
Now a membership is private unless its member makes it public; members of the
organization, the user themself and site admins see all.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.collaboration.people import add_member, new_org
from tests.forge import Forge

USER_ORGS = """query($l: String!) { user(login: $l) {
  organizations(first: 50) { totalCount nodes { login } } } }"""
MEMBERS = """query($l: String!, $p: Boolean!) { organization(login: $l) {
  members(first: 50, publicOnly: $p) { totalCount nodes { login } edges { isPublic } }
  membersWithRole(first: 50, publicOnly: $p) { totalCount nodes { isPublic user { login } } } } }"""
SET = """mutation($i: SetOrganizationMembershipVisibilityInput!) {
  setOrganizationMembershipVisibility(input: $i) { isPublic user { login }
  organization { login } } }"""

# Every way a REST request carries a token (None: anonymous).
TRANSPORTS = {
    "anonymous": lambda t: {},
    "token": lambda t: {"headers": {"Authorization": f"token {t}"}},
    "bearer": lambda t: {"headers": {"Authorization": f"Bearer {t}"}},
    "query": lambda t: {"params": {"token": t}},
    "basic": lambda t: {"auth": ("git", t)},
}


class World:
    """Two organizations; ``secret`` is in both, privately; ``shown`` made one public."""

    def __init__(self, forge: Forge) -> None:
        self.owner = forge.new_user("mvo")
        self.secret = forge.new_user("mvs")
        self.shown = forge.new_user("mvp")
        self.outsider = forge.new_user("mvx")
        self.orgs = [new_org(forge, self.owner), new_org(forge, self.owner)]
        for org in self.orgs:
            add_member(forge, self.owner, org, self.secret, "MEMBER")
        add_member(forge, self.owner, self.orgs[0], self.shown, "MEMBER")
        forge.gql(
            SET, {"i": {"organizationId": self.orgs[0]["id"], "public": True}}, self.shown.token
        )

    @property
    def logins(self) -> list[str]:
        return sorted(org["login"] for org in self.orgs)


def _orgs(forge: Forge, login: str, token: str | None) -> list[str]:
    found = forge.gql(USER_ORGS, {"l": login}, token=token)["user"]["organizations"]
    assert found["totalCount"] == len(found["nodes"])
    return sorted(n["login"] for n in found["nodes"])


def _members(forge: Forge, org: dict[str, Any], token: str | None, public: bool = False) -> Any:
    found = forge.gql(MEMBERS, {"l": org["login"], "p": public}, token=token)["organization"]
    assert found["members"]["totalCount"] == len(found["members"]["nodes"])
    assert found["membersWithRole"]["totalCount"] == found["members"]["totalCount"]
    return sorted(n["login"] for n in found["members"]["nodes"])


def test_outsiders_cannot_rebuild_a_member_list_from_users(forge: Forge) -> None:
    world = World(forge)
    outsider_narrow = forge.token_for(world.outsider, ["repo:read"])
    for token in (None, world.outsider.token, outsider_narrow):
        assert _orgs(forge, world.secret.login, token) == []
        assert _orgs(forge, world.owner.login, token) == []
        assert _orgs(forge, world.shown.login, token) == [world.orgs[0]["login"]]
        assert _members(forge, world.orgs[0], token) == [world.shown.login]
        assert _members(forge, world.orgs[1], token) == []
    # The user themself and site admins see every membership.
    assert _orgs(forge, world.secret.login, world.secret.token) == world.logins
    assert _orgs(forge, world.secret.login, forge.admin.token) == world.logins
    # A member of an organization sees its memberships, and only its.
    only_first = forge.new_user("mvm")
    add_member(forge, world.owner, world.orgs[0], only_first, "MEMBER")
    assert _orgs(forge, world.secret.login, only_first.token) == [world.orgs[0]["login"]]
    everyone = sorted([world.owner.login, world.secret.login, world.shown.login, only_first.login])
    assert _members(forge, world.orgs[0], only_first.token) == everyone
    assert _members(forge, world.orgs[0], only_first.token, public=True) == [world.shown.login]


def test_member_publicizes_and_conceals_their_own_membership(forge: Forge) -> None:
    world = World(forge)
    org = world.orgs[1]
    made = forge.gql(SET, {"i": {"organizationId": org["id"], "public": True}}, world.secret.token)
    assert made["setOrganizationMembershipVisibility"]["isPublic"] is True
    assert _orgs(forge, world.secret.login, None) == [org["login"]]
    edges = forge.gql(MEMBERS, {"l": org["login"], "p": False}, token=world.owner.token)
    flags = {
        n["user"]["login"]: n["isPublic"] for n in edges["organization"]["membersWithRole"]["nodes"]
    }
    assert flags == {world.owner.login: False, world.secret.login: True}
    forge.gql(SET, {"i": {"organizationId": org["id"], "public": False}}, world.secret.token)
    assert _orgs(forge, world.secret.login, None) == []
    # An owner may conceal someone else's membership, never publicize it.
    forge.gql(SET, {"i": {"organizationId": org["id"], "public": True}}, world.secret.token)
    publicize = {"organizationId": org["id"], "public": True, "login": world.secret.login}
    conceal = {**publicize, "public": False}
    assert forge.gql_error(SET, {"i": publicize}, world.owner.token).codes == ["FORBIDDEN"]
    forge.gql(SET, {"i": conceal}, world.owner.token)
    assert _orgs(forge, world.secret.login, None) == []


def test_outsider_cannot_change_or_probe_memberships(forge: Forge) -> None:
    world = World(forge)
    org = world.orgs[0]
    for login in (world.shown.login, world.secret.login, world.owner.login):
        for public in (True, False):
            attempt = {"organizationId": org["id"], "public": public, "login": login}
            # The same answer whether or not the user is a member: nothing is revealed.
            assert forge.gql_error(SET, {"i": attempt}, world.outsider.token).codes == ["FORBIDDEN"]
    own = {"organizationId": org["id"], "public": True}
    assert forge.gql_error(SET, {"i": own}, world.outsider.token).codes == ["NOT_FOUND"]
    assert forge.gql_error(SET, {"i": own}, None).codes == ["UNAUTHENTICATED"]
    # Changing visibility is a change to the account: it needs the 'admin' scope.
    narrow = forge.token_for(world.secret, ["repo:read", "repo:write"])
    assert forge.gql_error(SET, {"i": own}, narrow).codes == ["FORBIDDEN"]
    assert _orgs(forge, world.secret.login, None) == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_gogs_user_orgs_follow_the_rule(forge: Forge, transport: str) -> None:
    world = World(forge)
    send = TRANSPORTS[transport](world.outsider.token)
    api = f"{forge.url}/api/v1"
    secret = forge.client.get(f"{api}/users/{world.secret.login}/orgs", **send)
    assert secret.status_code == 200 and secret.json() == []
    shown = forge.client.get(f"{api}/users/{world.shown.login}/orgs", **send)
    assert [o["username"] for o in shown.json()] == [world.orgs[0]["login"]]
    for org in world.orgs:
        members = forge.client.get(f"{api}/orgs/{org['login']}/members", **send)
        assert members.status_code == 200
        expected = [world.shown.login] if org is world.orgs[0] else []
        assert [m["username"] for m in members.json()] == expected
        assert members.headers["X-Total-Count"] == str(len(expected))
        public = forge.client.get(f"{api}/orgs/{org['login']}/public_members", **send)
        assert [m["username"] for m in public.json()] == expected
    # Outsiders cannot flip anyone's flag through Gitea's routes.
    for login in (world.secret.login, world.shown.login):
        path = f"{api}/orgs/{world.orgs[0]['login']}/public_members/{login}"
        expected_status = 401 if transport == "anonymous" else 403
        assert forge.client.put(path, **send).status_code == expected_status
        assert forge.client.delete(path, **send).status_code == expected_status
    assert [
        o["username"] for o in forge.client.get(f"{api}/users/{world.secret.login}/orgs").json()
    ] == []
    # Members see every membership of their organization.
    member = TRANSPORTS["token" if transport == "anonymous" else transport](world.shown.token)
    members = forge.client.get(f"{api}/orgs/{world.orgs[0]['login']}/members", **member)
    assert sorted(m["username"] for m in members.json()) == sorted(
        [world.owner.login, world.secret.login, world.shown.login]
    )
    mine = forge.client.get(f"{api}/users/{world.secret.login}/orgs", **member)
    assert [o["username"] for o in mine.json()] == [world.orgs[0]["login"]]


def test_gitea_publicize_and_conceal(forge: Forge) -> None:
    world = World(forge)
    api = f"{forge.url}/api/v1"
    org = world.orgs[1]["login"]
    auth = {"Authorization": f"token {world.secret.token}"}
    path = f"{api}/orgs/{org}/public_members/{world.secret.login}"
    assert forge.client.put(path, headers=auth).status_code == 204
    assert [
        o["username"] for o in forge.client.get(f"{api}/users/{world.secret.login}/orgs").json()
    ] == [org]
    public = forge.client.get(f"{api}/orgs/{org}/public_members").json()
    assert [m["username"] for m in public] == [world.secret.login]
    assert forge.client.delete(path, headers=auth).status_code == 204
    assert forge.client.get(f"{api}/orgs/{org}/public_members").json() == []
    # Not a member: 404 for one's own; another's membership: 403 whatever it is.
    outsider = {"Authorization": f"token {world.outsider.token}"}
    own = f"{api}/orgs/{org}/public_members/{world.outsider.login}"
    assert forge.client.put(own, headers=outsider).status_code == 404
    # An owner may conceal (but not publicize) a member's membership.
    owner = {"Authorization": f"token {world.owner.token}"}
    assert forge.client.put(path, headers=owner).status_code == 403
    assert forge.client.delete(path, headers=owner).status_code == 204
    # A token without 'admin' changes nothing.
    narrow = forge.token_for(world.secret, ["repo:read", "repo:write"])
    refused = forge.client.put(path, headers={"Authorization": f"token {narrow}"})
    assert refused.status_code == 403
    assert forge.client.get(f"{api}/orgs/{org}/public_members").json() == []


def test_isurus_members_route_keeps_its_documented_rule(forge: Forge) -> None:
    """Isurus lists members to members only (its seed says so), with its read scope."""
    world = World(forge)
    base = f"{forge.url}/isurus/api/v1/orgs/{world.orgs[0]['login']}/members"
    outsider = forge.client.get(base, headers={"Authorization": f"Bearer {world.outsider.token}"})
    assert outsider.status_code == 403
    assert forge.client.get(base).status_code == 401
    member = forge.client.get(base, headers={"Authorization": f"Bearer {world.secret.token}"})
    assert member.status_code == 200 and len(member.json()["data"]) == 3
    webhook_only = forge.token_for(world.secret, ["webhook:read"])
    narrow = forge.client.get(base, headers={"Authorization": f"Bearer {webhook_only}"})
    assert narrow.status_code == 403
