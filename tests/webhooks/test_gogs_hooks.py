"""Gogs' hook routes (listHooks, createHook, editHook, deleteHook, and Gitea's getHook and
testHook): the contract's ``Hook`` shape, status codes and errors, the permission matrix,
private repositories answering Gogs' 404, and no secret in any answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.forge import Forge, User
from tests.webhooks.dialect_receiver import Receiver

HOOK_SCOPES = ["repo:read", "repo:write", "webhook:read", "webhook:write"]
SECRET = "gogs-hook-secret"
HOOK_KEYS = ["id", "type", "config", "events", "active", "updated_at", "created_at"]


def api(forge: Forge, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"token {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}/api/v1", headers=headers, timeout=60)


def hooks_path(repo: dict[str, Any]) -> str:
    return f"/repos/{repo['nameWithOwner']}/hooks"


def new_hook(client: httpx.Client, repo: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {
        "type": "gogs",
        "config": {"url": "https://example.com/hook", "content_type": "json", "secret": SECRET},
        "events": ["push", "issues"],
        "active": True,
        **extra,
    }
    created = client.post(hooks_path(repo), json=body)
    assert created.status_code == 201, created.text
    hook: dict[str, Any] = created.json()
    return hook


def test_owner_can_create_edit_list_and_delete_gogs_hooks(hooks: Forge) -> None:
    owner = hooks.new_user("gogshk")
    repo = hooks.new_repo(owner, private=True)
    with api(hooks, hooks.token_for(owner, HOOK_SCOPES)) as client:
        hook = new_hook(client, repo)
        assert list(hook) == HOOK_KEYS
        assert hook["type"] == "gogs"
        assert hook["config"] == {"url": "https://example.com/hook", "content_type": "json"}
        assert (hook["events"], hook["active"]) == (["push", "issues"], True)
        assert hook["created_at"].endswith("Z") and hook["updated_at"].endswith("Z")

        default = client.post(
            hooks_path(repo),
            json={"type": "slack", "config": {"url": "https://hooks.slack.test/x",
                                              "content_type": "json", "channel": "#dev"}},
        )  # fmt: skip
        assert default.status_code == 201
        slack = default.json()
        assert (slack["events"], slack["active"]) == (["push"], False)
        assert slack["config"] == {
            "url": "https://hooks.slack.test/x",
            "content_type": "json",
            "channel": "",
            "username": "",
            "icon_url": "",
            "color": "",
        }

        edited = client.patch(
            f"{hooks_path(repo)}/{hook['id']}",
            json={"config": {"url": "https://example.com/new", "content_type": "form"},
                  "active": False},
        )  # fmt: skip
        assert edited.status_code == 200, edited.text
        assert edited.json()["config"] == {"url": "https://example.com/new", "content_type": "form"}
        assert edited.json()["active"] is False
        assert edited.json()["events"] == ["push", "issues"]

        listed = client.get(hooks_path(repo))
        assert listed.status_code == 200
        assert [h["id"] for h in listed.json()] == [hook["id"], slack["id"]]
        one = client.get(f"{hooks_path(repo)}/{hook['id']}")
        assert one.status_code == 200 and one.json() == listed.json()[0]
        for answer in (listed, one, edited):
            assert SECRET not in answer.text

        assert client.delete(f"{hooks_path(repo)}/{hook['id']}").status_code == 204
        missing = client.delete(f"{hooks_path(repo)}/{hook['id']}")
        assert missing.status_code == 404
        assert set(missing.json()) == {"message", "url"}
        assert client.get(f"{hooks_path(repo)}/abc").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "dingtalk", "config": {"url": "https://x.test", "content_type": "json"}}, "type"),
        ({"type": "gogs", "config": {"content_type": "json"}}, "url"),
        ({"type": "gogs", "config": {"url": "https://x.test"}}, "content_type"),
        ({"type": "gogs", "config": {"url": "https://x.test", "content_type": "xml"}},
         "content_type"),
        ({"type": "gogs", "config": {"url": "file:///etc/passwd", "content_type": "json"}}, "url"),
        ({"type": "gogs", "config": {"url": "https://x.test", "content_type": "json"},
          "events": ["nope"]}, "events"),
    ],
)  # fmt: skip
def test_gogs_create_hook_refuses_invalid_bodies_with_422(
    hooks: Forge, body: dict[str, Any], field: str
) -> None:
    owner = hooks.new_user("gogsbad")
    repo = hooks.new_repo(owner)
    with api(hooks, hooks.token_for(owner, HOOK_SCOPES)) as client:
        refused = client.post(hooks_path(repo), json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == field
        assert set(refused.json()) == {"message", "url", "field"}


def _reader(forge: Forge, owner: User, repo: dict[str, Any]) -> User:
    reader = forge.new_user("gogsrd")
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { permission } }",
        {"i": {"repositoryId": repo["id"], "login": reader.login, "permission": "READ"}},
        token=owner.token,
    )
    return reader


@pytest.mark.parametrize("route", ["list", "create", "edit", "delete", "get"])
@pytest.mark.parametrize("private", [True, False])
def test_gogs_hook_permission_matrix(hooks: Forge, route: str, private: bool) -> None:
    owner = hooks.new_user("gogspm")
    repo = hooks.new_repo(owner, private=private)
    with api(hooks, hooks.token_for(owner, HOOK_SCOPES)) as client:
        hook = new_hook(client, repo)
    reader = _reader(hooks, owner, repo)
    outsider = hooks.new_user("gogsout")
    admin = hooks.new_user("gogsadm", admin=True)
    target = f"{hooks_path(repo)}/{hook['id']}"

    def call(token: str | None) -> httpx.Response:
        with api(hooks, token) as client:
            if route == "list":
                return client.get(hooks_path(repo))
            if route == "get":
                return client.get(target)
            if route == "create":
                body = {"type": "gogs", "config": {"url": "https://x.test", "content_type": "json"}}
                return client.post(hooks_path(repo), json=body)
            if route == "edit":
                return client.patch(target, json={"active": True})
            return client.delete(target)

    anonymous = call(None)
    outsider_answer = call(hooks.token_for(outsider, HOOK_SCOPES))
    if private:
        assert anonymous.status_code == 404
        assert outsider_answer.status_code == 404
        assert set(outsider_answer.json()) == {"message", "url"}
    else:
        assert anonymous.status_code in (401, 403)
        assert outsider_answer.status_code == 403
    assert call(hooks.token_for(reader, HOOK_SCOPES)).status_code == 403
    assert (
        call(hooks.token_for(owner, ["repo:read", "repo:write", "repo:delete"])).status_code == 403
    )
    ok = {"list": 200, "get": 200, "create": 201, "edit": 200, "delete": 204}[route]
    assert call(hooks.token_for(admin, [*HOOK_SCOPES, "admin"])).status_code == ok
    if route == "delete":
        with api(hooks, hooks.token_for(owner, HOOK_SCOPES)) as client:
            hook = new_hook(client, repo)
        target = f"{hooks_path(repo)}/{hook['id']}"
    assert call(hooks.token_for(owner, HOOK_SCOPES)).status_code == ok


def test_gogs_test_hook_sends_a_push_of_the_default_branch(hooks: Forge) -> None:
    owner = hooks.new_user("gogstest")
    repo = hooks.new_repo(owner)
    with Receiver() as receiver, api(hooks, hooks.token_for(owner, HOOK_SCOPES)) as client:
        hook = new_hook(
            client,
            repo,
            type="gitea",
            config={"url": receiver.url, "content_type": "json"},
        )
        tested = client.post(f"{hooks_path(repo)}/{hook['id']}/tests")
        assert tested.status_code == 204, tested.text
        (request,) = receiver.wait(1)
        assert request.header("X-Gitea-Event") == "push"
        assert request.header("X-Gitea-Event-Type") == "push"
        assert request.header("X-Gogs-Signature") is None
        body = request.body.decode()
        assert '"ref":"refs/heads/main"' in body
