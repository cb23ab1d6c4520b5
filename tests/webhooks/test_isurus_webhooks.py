"""Isurus' webhook routes: list, create, update, delete and the 20 latest deliveries, with
Isurus' envelope, errors and "write, org owner" rule; deliveries carry Isurus' objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.forge import Forge, User
from tests.webhooks.dialect_flow import Pushed, payload
from tests.webhooks.dialect_receiver import Receiver, hex_hmac

SECRET = "isurus-secret"
HOOK_KEYS = ["id", "url", "events", "is_active", "created_at", "updated_at"]


def isurus(forge: Forge, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}/isurus/api/v1", headers=headers, timeout=60)


def token(forge: Forge, user: User, scope: str = "write") -> str:
    return forge.token_for(user, [scope], scopeDialect="isurus")


def hooks_path(repo: dict[str, Any]) -> str:
    return f"/repos/{repo['nameWithOwner']}/webhooks"


def new_hook(client: httpx.Client, repo: dict[str, Any], url: str, **extra: Any) -> dict[str, Any]:
    body = {"url": url, "secret": SECRET, "events": ["push", "issue"], **extra}
    created = client.post(hooks_path(repo), json=body)
    assert created.status_code == 201, created.text
    hook: dict[str, Any] = created.json()["data"]
    return hook


def test_owner_can_manage_isurus_webhooks(hooks: Forge) -> None:
    owner = hooks.new_user("isuhook")
    repo = hooks.new_repo(owner, private=True)
    with isurus(hooks, token(hooks, owner)) as client:
        hook = new_hook(client, repo, "https://example.com/hook")
        assert list(hook) == HOOK_KEYS
        assert (hook["url"], hook["events"], hook["is_active"]) == (
            "https://example.com/hook",
            ["push", "issue"],
            True,
        )
        assert hook["created_at"].endswith("Z")
        listed = client.get(hooks_path(repo))
        assert listed.status_code == 200
        assert listed.json() == {
            "data": [hook],
            "pagination": {"page": 1, "per_page": 30, "total": 1},
        }
        updated = client.patch(
            f"{hooks_path(repo)}/{hook['id']}",
            json={"url": "https://example.com/new", "events": ["pull_request"], "is_active": False},
        )
        assert updated.status_code == 200, updated.text
        assert updated.json()["data"]["events"] == ["pull_request"]
        assert updated.json()["data"]["is_active"] is False
        assert updated.json()["data"]["url"] == "https://example.com/new"
        for answer in (listed, updated):
            assert SECRET not in answer.text
        assert client.delete(f"{hooks_path(repo)}/{hook['id']}").status_code == 204
        gone = client.delete(f"{hooks_path(repo)}/{hook['id']}")
        assert gone.status_code == 404
        assert gone.json() == {"error": {"code": "not_found", "message": "Webhook not found."}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://x.test", "events": ["fork"]}, "events"),
        ({"url": "https://x.test"}, "events"),
        ({"url": "gopher://x.test", "events": ["push"]}, "url"),
        ({"events": ["push"]}, "url"),
    ],
)
def test_isurus_create_webhook_refuses_invalid_bodies(
    hooks: Forge, body: dict[str, Any], field: str
) -> None:
    owner = hooks.new_user("isubad")
    repo = hooks.new_repo(owner)
    with isurus(hooks, token(hooks, owner)) as client:
        refused = client.post(hooks_path(repo), json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == "validation_failed"
        assert refused.json()["error"]["field"] == field


@pytest.mark.parametrize("route", ["list", "create", "update", "deliveries"])
def test_isurus_webhook_permission_matrix(hooks: Forge, route: str) -> None:
    owner = hooks.new_user("isuown")
    repo = hooks.new_repo(owner, private=True)
    with isurus(hooks, token(hooks, owner)) as client:
        hook = new_hook(client, repo, "https://example.com/h")
    reader = hooks.new_user("isurd")
    hooks.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { permission } }",
        {"i": {"repositoryId": repo["id"], "login": reader.login, "permission": "WRITE"}},
        token=owner.token,
    )
    outsider = hooks.new_user("isuout")
    admin = hooks.new_user("isuadm", admin=True)
    target = f"{hooks_path(repo)}/{hook['id']}"

    def call(secret: str | None) -> httpx.Response:
        with isurus(hooks, secret) as client:
            if route == "list":
                return client.get(hooks_path(repo))
            if route == "deliveries":
                return client.get(f"{target}/deliveries")
            if route == "update":
                return client.patch(target, json={"is_active": True})
            return client.post(
                hooks_path(repo), json={"url": "https://example.com/n", "events": ["push"]}
            )

    ok = 201 if route == "create" else 200
    assert call(None).status_code in (401, 404)
    hidden = call(token(hooks, outsider))
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    refused = call(token(hooks, reader))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert call(token(hooks, owner, "read")).status_code == 403
    assert call(token(hooks, owner)).status_code == ok
    assert call(token(hooks, admin, "admin")).status_code == ok


def test_isurus_webhook_delivers_isurus_objects(hooks: Forge, tmp_path: Path) -> None:
    owner = hooks.new_user("isupush")
    repo = hooks.new_repo(owner)
    with Receiver() as receiver, isurus(hooks, token(hooks, owner)) as client:
        hook = new_hook(client, repo, receiver.url)
        clone = Pushed(hooks, owner, repo, tmp_path)
        head = clone.commit("README.md", "hello\n", "Start")
        clone.push("main")
        (pushed,) = receiver.wait(1)
        body = payload(pushed)
        assert list(body) == ["event", "ref", "before", "after", "commits", "repository", "sender"]
        assert (body["event"], body["ref"], body["after"]) == ("push", "refs/heads/main", head)
        assert body["commits"] == [
            {
                "id": head,
                "message": "Start\n",
                "author": {"name": "Tester", "email": "tester@example.com"},
                "timestamp": "2026-01-01T00:00:00Z",
            }
        ]
        assert body["repository"]["name"] == repo["name"]
        assert body["repository"]["org"] == owner.login
        assert body["sender"]["username"] == owner.login
        assert pushed.header("X-Isurus-Event") == "push"
        assert pushed.header("X-Isurus-Delivery")
        signature = f"sha256={hex_hmac(SECRET, pushed.body)}"
        assert pushed.header("X-Isurus-Signature-256") == signature
        assert pushed.header("X-Hub-Signature-256") == signature

        created = client.post(
            f"/repos/{repo['nameWithOwner']}/issues", json={"title": "Broken", "body": "Why"}
        )
        assert created.status_code == 201
        issued = receiver.wait(2)[1]
        assert issued.header("X-Isurus-Event") == "issue"
        issue = payload(issued)
        assert (issue["event"], issue["action"]) == ("issue", "opened")
        assert (issue["issue"]["title"], issue["issue"]["state"]) == ("Broken", "new")

        deliveries = client.get(f"{hooks_path(repo)}/{hook['id']}/deliveries")
        assert deliveries.status_code == 200
        listed = deliveries.json()
        assert list(listed) == ["data"]
        assert [d["event_type"] for d in listed["data"]] == ["issue", "push"]
        first = listed["data"][1]
        assert list(first) == [
            "id", "event_type", "response_code", "duration_ms", "success", "delivered_at",
        ]  # fmt: skip
        assert (first["response_code"], first["success"]) == (200, True)
        assert isinstance(first["duration_ms"], int) and first["delivered_at"].endswith("Z")
