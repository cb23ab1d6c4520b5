"""The Isurus dialect as the tests see it: a client, its envelope and errors, field types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge, User, unique

PREFIX = "/isurus/api/v1"
USER_FIELDS = {
    "id": int,
    "username": str,
    "email": str,
    "display_name": str,
    "is_admin": bool,
    "avatar_url": str,
    "created_at": str,
}
TOKEN_FIELDS = {
    "id": int,
    "name": str,
    "scopes": list,
    "token_last_eight": str,
    "expires_at": (str, type(None)),
    "last_used_at": (str, type(None)),
    "created_at": str,
}
REPO_FIELDS = {
    "id": int,
    "name": str,
    "org": str,
    "description": str,
    "is_private": bool,
    "created_at": str,
    "updated_at": str,
}
PULL_FIELDS = {
    "id": int,
    "number": int,
    "title": str,
    "body": str,
    "status": str,
    "source_bookmark": str,
    "target_branch": str,
    "source_node": str,
    "target_node": str,
    "mergeable": (bool, type(None)),
    "merge_node": (str, type(None)),
    "merged_at": (str, type(None)),
    "closed_at": (str, type(None)),
    "created_at": str,
    "updated_at": str,
}
RELEASE_FIELDS = {
    "id": int,
    "tag_name": str,
    "target_commitish": str,
    "name": str,
    "body": str,
    "draft": bool,
    "prerelease": bool,
    "assets": list,
    "created_at": str,
    "updated_at": str,
    "published_at": (str, type(None)),
}
ASSET_FIELDS = {
    "id": int,
    "name": str,
    "content_type": str,
    "size": int,
    "sha256": str,
    "download_count": int,
    "download_url": str,
    "created_at": str,
}
ISSUE_FIELDS = {
    "id": int,
    "number": int,
    "title": str,
    "body": str,
    "state": str,
    "created_at": str,
    "updated_at": str,
}


def api(forge: Forge, token: str | None = None, prefix: str = PREFIX) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}{prefix}", headers=headers, timeout=60)


def data(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    assert "data" in body, body
    return body["data"]


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code and isinstance(body["error"]["message"], str), body
    return dict(body["error"])


def new_org(forge: Forge, owner: User) -> str:
    login = unique("org")
    forge.gql(
        "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id } } }",
        {"l": login},
        token=owner.token,
    )
    return login


ACTORS = ("owner", "writer", "reader", "outsider", "anonymous", "read token")
REPOSITORY_ID = "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { id } }"
ADD_COLLABORATOR = """mutation($r: ID!, $l: String!, $p: RepositoryPermission!) {
  addCollaborator(input: {repositoryId: $r, login: $l, permission: $p}) { permission } }"""


@dataclass
class Team:
    """An organization's repository (with a first commit on ``main``) and a token per actor.

    ``writer`` and ``reader`` are collaborators with WRITE and READ; ``read token``
    is the owner's token minted through Isurus with only the ``read`` scope.
    """

    forge: Forge
    org: str
    name: str
    owner: User
    tokens: dict[str, str | None]
    builder: Builder

    @property
    def path(self) -> str:
        return f"/repos/{self.org}/{self.name}"

    def client(self, actor: str = "owner") -> httpx.Client:
        return api(self.forge, self.tokens[actor])

    def tip(self, branch: str = "main") -> str:
        return str(self.builder.repo.references[f"refs/heads/{branch}"].target)

    def graphql_id(self) -> str:
        found = self.forge.gql(REPOSITORY_ID, {"o": self.org, "n": self.name}, self.owner.token)
        return str(found["repository"]["id"])


def new_team(forge: Forge, *, private: bool = False) -> Team:
    owner = forge.new_user("own")
    org = new_org(forge, owner)
    with api(forge, owner.token) as isurus:
        body = {"name": unique("repo"), "is_private": private}
        name = data(isurus.post(f"/orgs/{org}/repos", json=body), 201)["name"]
        read_only = data(isurus.post("/user/tokens", json={"name": "ro", "scopes": ["read"]}), 201)
    builder = Builder(bare_path(forge, f"{org}/{name}"))
    builder.commit({"a.txt": b"one\ntwo\nthree\n"}, "Initial")
    team = Team(forge, org, name, owner, {}, builder)
    writer, reader, outsider = forge.new_user("wr"), forge.new_user("rd"), forge.new_user("out")
    for who, permission in ((writer, "WRITE"), (reader, "READ")):
        variables = {"r": team.graphql_id(), "l": who.login, "p": permission}
        forge.gql(ADD_COLLABORATOR, variables, token=owner.token)
    team.tokens = {
        "owner": owner.token,
        "writer": writer.token,
        "reader": reader.token,
        "outsider": outsider.token,
        "anonymous": None,
        "read token": read_only["token"],
    }
    return team
