"""payloadQuery: validated when saved, run as its creator at delivery, its data the body."""

from __future__ import annotations

import json

import pytest

from tests.forge import Forge
from tests.webhooks.flow import attempted, create_hook, ping, settled
from tests.webhooks.receiver import Receiver

CREATE = "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }"
REPO_QUERY = "query($id: ID!) { node(id: $id) { ... on Repository { nameWithOwner isPrivate } } }"
DEEP = (
    "query($id: ID!) { node(id: $id) { ... on Repository { owner { repositories(first: 1) "
    "{ nodes { owner { repositories(first: 1) { nodes { owner { repositories(first: 1) "
    "{ nodes { owner { repositories(first: 1) { nodes { name } } } } } } } } } } } } } } }"
)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("query($id: ID!) { node(id: $id) { id ", "Syntax Error"),
        ("query($id: ID!) { node(id: $id) { nope } }", "Cannot query field 'nope'"),
        ("query { viewer { login } }", "$id: ID!"),
        ("query($id: ID) { node(id: $id) { id } }", "$id: ID!"),
        ("query($id: ID!, $x: Int) { node(id: $id) { id } }", "$id: ID!"),
        ("mutation($id: ID!) { deleteWebhook(input: {id: $id}) { deletedWebhookId } }", "$id: ID!"),
        (DEEP, "levels deep"),
    ],
)
def test_owner_cannot_save_an_invalid_payload_query(
    hooks: Forge, document: str, message: str
) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    error = hooks.gql_error(
        CREATE,
        {
            "i": {
                "repositoryId": repo["id"],
                "url": "https://example.com/",
                "payloadQuery": document,
            }
        },
        owner.token,
    )
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "payloadQuery"
    assert message in error.errors[0]["message"]


def test_payload_query_data_is_the_body(hooks: Forge, sink: Receiver) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    hook = create_hook(
        hooks, owner.token, repo["id"], sink.url, payloadQuery=REPO_QUERY, secret="k"
    )
    assert hook["payloadQuery"] == REPO_QUERY
    sent = ping(hooks, owner.token, hook["id"])
    assert settled(hooks, owner.token, sent["id"])["status"] == "SUCCESS"
    got = sink.wait(1)[0]
    assert json.loads(got.body) == {
        "node": {"nameWithOwner": repo["nameWithOwner"], "isPrivate": True}
    }
    assert got.headers["x-ingot-event"] == "ping"
    assert got.headers["content-type"] == "application/json"
    assert got.headers["x-ingot-signature-256"].startswith("sha256=")


def test_creator_who_lost_access_gets_no_data(hooks: Forge, sink: Receiver) -> None:
    owner, former = hooks.new_user(), hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    hooks.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { user { id } } }",
        {"i": {"repositoryId": repo["id"], "login": former.login, "permission": "ADMIN"}},
        token=owner.token,
    )
    hook = create_hook(hooks, former.token, repo["id"], sink.url, payloadQuery=REPO_QUERY)
    hooks.gql(
        "mutation($i: RemoveCollaboratorInput!) { removeCollaborator(input: $i) { __typename } }",
        {"i": {"repositoryId": repo["id"], "login": former.login}},
        token=owner.token,
    )
    sent = ping(hooks, owner.token, hook["id"])
    found = attempted(hooks, owner.token, sent["id"])
    assert (
        found["attemptsLog"][0]["error"]
        == "The webhook's creator can no longer read this repository."
    )
    assert found["requestBody"] is None
    assert sink.requests == []
