"""A user's repositories by affiliation: owned, through organizations, and collaborations
(GraphQL ``repositories(affiliations: [COLLABORATOR])``; Gogs and konnos ``GET /user/repos``)."""

from __future__ import annotations

from typing import Any

from tests.forge import Forge, User
from tests.rest.rest import client

ADD = """mutation($r: ID!, $l: String!) {
  addCollaborator(input: {repositoryId: $r, login: $l, permission: READ}) { permission } }"""
REMOVE = """mutation($r: ID!, $l: String!) {
  removeCollaborator(input: {repositoryId: $r, login: $l}) { __typename } }"""
MINE = """query($a: [RepositoryAffiliation!]) { viewer {
  repositories(first: 50, affiliations: $a) { totalCount nodes { nameWithOwner } } } }"""


def _names(forge: Forge, user: User, affiliations: list[str] | None) -> list[str]:
    data: dict[str, Any] = forge.gql(MINE, {"a": affiliations}, token=user.token)
    repos = data["viewer"]["repositories"]
    assert repos["totalCount"] == len(repos["nodes"])
    return sorted(r["nameWithOwner"] for r in repos["nodes"])


def _gogs(forge: Forge, user: User) -> list[dict[str, Any]]:
    with client(forge, token=user.token) as api:
        response = api.get("/user/repos", params={"limit": 50})
    assert response.status_code == 200, response.text
    assert response.headers["X-Total-Count"] == str(len(response.json()))
    repos: list[dict[str, Any]] = response.json()
    return repos


def _gogs_names(forge: Forge, user: User) -> list[str]:
    return sorted(r["full_name"] for r in _gogs(forge, user))


def test_user_sees_repositories_they_collaborate_on(forge: Forge) -> None:
    owner, helper, stranger = forge.new_user(), forge.new_user(), forge.new_user()
    shared = forge.new_repo(owner, private=True)
    forge.new_repo(owner, private=True)  # not shared
    public = forge.new_repo(owner)  # readable, but no affiliation
    own = forge.new_repo(helper)
    forge.gql(ADD, {"r": shared["id"], "l": helper.login}, token=owner.token)

    everything = sorted([shared["nameWithOwner"], own["nameWithOwner"]])
    assert _names(forge, helper, ["COLLABORATOR"]) == [shared["nameWithOwner"]]
    assert _names(forge, helper, ["OWNER"]) == [own["nameWithOwner"]]
    assert _names(forge, helper, ["OWNER", "ORGANIZATION_MEMBER", "COLLABORATOR"]) == everything
    assert public["nameWithOwner"] not in _names(forge, helper, ["OWNER", "COLLABORATOR"])
    assert _gogs_names(forge, helper) == everything
    gogs_shared = [r for r in _gogs(forge, helper) if r["private"]]
    assert [r["permissions"] for r in gogs_shared] == [
        {"admin": False, "push": False, "pull": True}
    ]
    # Someone else neither owns nor collaborates on it.
    assert _names(forge, stranger, ["COLLABORATOR"]) == []
    assert _gogs_names(forge, stranger) == []

    forge.gql(REMOVE, {"r": shared["id"], "l": helper.login}, token=owner.token)
    assert _names(forge, helper, ["COLLABORATOR"]) == []
    assert _gogs_names(forge, helper) == [own["nameWithOwner"]]


def test_collaborations_of_another_user_stay_private(forge: Forge) -> None:
    owner, helper, viewer = forge.new_user(), forge.new_user(), forge.new_user()
    secret = forge.new_repo(owner, private=True)
    public = forge.new_repo(owner)
    for repo in (secret, public):
        forge.gql(ADD, {"r": repo["id"], "l": helper.login}, token=owner.token)
    query = """query($l: String!) { user(login: $l) {
      repositories(first: 50, affiliations: [COLLABORATOR]) { nodes { nameWithOwner } } } }"""
    seen = forge.gql(query, {"l": helper.login}, token=viewer.token)
    assert seen["user"]["repositories"]["nodes"] == [{"nameWithOwner": public["nameWithOwner"]}]
    mine = forge.gql(query, {"l": helper.login}, token=helper.token)
    assert sorted(r["nameWithOwner"] for r in mine["user"]["repositories"]["nodes"]) == sorted(
        [secret["nameWithOwner"], public["nameWithOwner"]]
    )
