"""A refused REST body names the offending field by the dialect's name for it, never by
the GraphQL input name behind it (``assigneeIds``, ``websiteUrl``, ``scopes``...)."""

from __future__ import annotations

from typing import Any

import httpx

from app.auth.scopes import CANONICAL
from tests.forge import Forge, unique
from tests.rest.rest import client

CREATE_ORG = """mutation($l: String!) {
  createOrganization(input: {login: $l}) { organization { id } } }"""


def _refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def test_gogs_errors_name_gogs_fields(forge: Forge) -> None:
    owner, outsider = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner, private=True)
    org = unique("org")
    forge.gql(CREATE_ORG, {"l": org}, token=owner.token)
    with client(forge, token=owner.token) as api:
        # The assignee cannot see the private repository (assigneeIds in GraphQL).
        issue = api.post(
            f"/repos/{repo['nameWithOwner']}/issues",
            json={"title": "t", "assignee": outsider.login},
        )
        body = _refused(issue, 422)
        assert body["field"] == "assignee" and set(body) == {"message", "url", "field"}
        # websiteUrl in GraphQL.
        edited = api.patch(f"/orgs/{org}", json={"website": "ftp://example.org"})
        assert _refused(edited, 422)["field"] == "website"
        # login in GraphQL, the organization's username here.
        taken = api.post("/user/orgs", json={"username": org.upper()})
        assert _refused(taken, 409)["field"] == "username"
        # login in GraphQL, the path's collaborator here.
        own = api.put(f"/repos/{repo['nameWithOwner']}/collaborators/{owner.login}", json={})
        assert _refused(own, 422)["field"] == "collaborator"
    assert (
        forge.gql(
            "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
            "{ issues { totalCount } } }",
            {"o": owner.login, "n": repo["name"]},
            token=owner.token,
        )["repository"]["issues"]["totalCount"]
        == 0
    )


def test_kod_errors_name_kod_fields(forge: Forge) -> None:
    user = forge.new_user("kod")
    token = forge.token_for(user, list(CANONICAL))
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{forge.url}/kod", headers=headers, timeout=60) as kod:
        # scopes in GraphQL.
        minted = kod.post("/tokens", json={"name": "t", "permissions": ["repo:fly"]})
        body = _refused(minted, 400)
        assert body["field"] == "permissions" and isinstance(body["error"], str)
        name = unique("k")
        assert kod.post("/repos", json={"name": name}).status_code == 201
        # login in GraphQL: the owner cannot be added.
        added = kod.post(f"/repos/{name}/collaborators", json={"username": user.login})
        assert _refused(added, 400)["field"] == "username"
        # url in GraphQL: an import's source.
        imported = kod.post("/repos/import", json={"name": unique("i"), "source": "file:///etc"})
        assert _refused(imported, 400)["field"] == "source"


def test_opencodehub_errors_name_opencodehub_fields(forge: Forge) -> None:
    user = forge.new_user("och")
    repo = forge.new_repo(user)
    token = forge.token_for(user, ["repo:read", "repo:write"])
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{forge.url}/api", headers=headers, timeout=60) as och:
        pull = och.post(
            f"/repos/{repo['nameWithOwner']}/pulls",
            json={"title": "t", "head": "nope", "base": "main"},
        )
        body = _refused(pull, 400)
        assert body["error"]["details"]["field"] in {"head", "base"}, body
