"""What renderers run GraphQL as: the repository reader sees its repository and nothing private
beyond it; the creator runs with their permissions of the moment."""

from __future__ import annotations

from typing import Any

import pytest

import schema
from server.webhooks import DeliveryView, RenderFailed, Runner, WebhookView
from tests.forge import Forge
from tests.pulls.inprocess import run_in_forge, runtime_for

QUERY = "query($id: ID!) { node(id: $id) { ... on Repository { nameWithOwner } } }"


def _view(repository_id: int, creator_id: int | None) -> DeliveryView:
    hook = WebhookView(
        id=1,
        repository_id=repository_id,
        url="https://example.com/",
        type="gogs",
        content_type="json",
        events=["push"],
        payload_query="",
        creator_id=creator_id,
        has_secret=False,
    )
    return DeliveryView(1, "guid", "ping", "", {}, hook, "", lambda body: None)


def test_repository_reader_reads_its_private_repository_only(hooks: Forge) -> None:
    owner = hooks.new_user()
    mine, other = hooks.new_repo(owner, private=True), hooks.new_repo(owner, private=True)
    public = hooks.new_repo(owner)

    async def work() -> list[Any]:
        runner = Runner(runtime_for(hooks), _view(mine["databaseId"], None))
        return [
            (await runner.read(QUERY, {"id": repo["id"]}))["node"] for repo in (mine, other, public)
        ]

    found = run_in_forge(hooks, work)
    assert found == [
        {"nameWithOwner": mine["nameWithOwner"]},
        None,
        {"nameWithOwner": public["nameWithOwner"]},
    ]
    assert schema.global_id("Repository", mine["databaseId"]) == mine["id"]


def test_runner_refuses_a_creator_without_access(hooks: Forge) -> None:
    owner, stranger = hooks.new_user(), hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    stranger_id = int(
        hooks.gql("{ viewer { databaseId } }", token=stranger.token)["viewer"]["databaseId"]
    )

    async def work() -> None:
        runner = Runner(runtime_for(hooks), _view(repo["databaseId"], stranger_id))
        await runner.as_creator(QUERY, {"id": repo["id"]})

    with pytest.raises(RenderFailed, match="can no longer read this repository"):
        run_in_forge(hooks, work)
