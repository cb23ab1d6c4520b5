"""Kod's webhook routes: list, create, delete, delivery history and retry, to the letter of
Kod's reference, with its permission rules; deliveries carry Kod's payload and headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.forge import Forge, User
from tests.webhooks.dialect_flow import Pushed, payload
from tests.webhooks.dialect_receiver import Receiver, hex_hmac

READ = ["repo:read", "webhook:read"]
WRITE = ["repo:read", "repo:write", "webhook:read", "webhook:write"]
SECRET = "kod-secret"


def kod(forge: Forge, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}/kod", headers=headers, timeout=60)


def private_repo(forge: Forge, owner: User) -> dict[str, Any]:
    return forge.new_repo(owner, private=True)


def test_owner_can_create_list_and_delete_kod_webhooks(hooks: Forge) -> None:
    owner = hooks.new_user("kodhook")
    repo = private_repo(hooks, owner)
    name = repo["name"]
    with kod(hooks, hooks.token_for(owner, WRITE)) as client:
        created = client.post(
            f"/repos/{name}/webhooks", json={"url": "https://example.com/hook", "secret": SECRET}
        )
        assert created.status_code == 201, created.text
        hook = created.json()
        assert set(hook) == {"id", "repoName", "url", "events", "createdAt"}
        assert hook["repoName"] == name and hook["url"] == "https://example.com/hook"
        assert hook["events"] == ["push"]
        assert isinstance(hook["id"], str) and isinstance(hook["createdAt"], int)
        second = client.post(
            f"/repos/{name}/webhooks",
            json={"url": "https://example.com/two", "events": ["push", "workflow", "issues"]},
        )
        assert second.status_code == 201, second.text
        assert set(second.json()["events"]) == {"push", "workflow", "issues"}
        listed = client.get(f"/repos/{name}/webhooks")
        assert listed.status_code == 200
        assert [h["id"] for h in listed.json()] == [hook["id"], second.json()["id"]]
        assert listed.json()[0] == hook
        assert SECRET not in listed.text and SECRET not in created.text
        gone = client.delete(f"/repos/{name}/webhooks/{hook['id']}")
        assert gone.status_code == 204 and gone.content == b""
        assert [h["id"] for h in client.get(f"/repos/{name}/webhooks").json()] == [
            second.json()["id"]
        ]
        assert client.delete(f"/repos/{name}/webhooks/{hook['id']}").status_code == 404
        assert client.delete(f"/repos/{name}/webhooks/abc123xyz456").status_code == 404
    hook_type = hooks.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ webhooks(first: 5) { nodes { type contentType hasSecret } } } }",
        {"o": owner.login, "n": name},
        token=owner.token,
    )["repository"]["webhooks"]["nodes"]
    assert hook_type == [{"type": "kod", "contentType": "json", "hasSecret": False}]


def test_kod_webhook_body_errors_are_400(hooks: Forge) -> None:
    owner = hooks.new_user("kodbad")
    name = private_repo(hooks, owner)["name"]
    with kod(hooks, hooks.token_for(owner, WRITE)) as client:
        missing = client.post(f"/repos/{name}/webhooks", json={"events": ["push"]})
        assert missing.status_code == 400 and missing.json()["field"] == "url"
        scheme = client.post(f"/repos/{name}/webhooks", json={"url": "ftp://example.com/x"})
        assert scheme.status_code == 400 and scheme.json()["field"] == "url"
        assert "error" in scheme.json()
        unknown = client.post(
            f"/repos/{name}/webhooks", json={"url": "https://example.com", "events": ["nope"]}
        )
        assert unknown.status_code == 400 and unknown.json()["field"] == "events"


@pytest.mark.parametrize("route", ["list", "create", "deliveries"])
def test_kod_webhook_permission_matrix(hooks: Forge, route: str) -> None:
    owner = hooks.new_user("kodown")
    repo = private_repo(hooks, owner)
    name = repo["name"]
    with kod(hooks, hooks.token_for(owner, WRITE)) as client:
        hook = client.post(f"/repos/{name}/webhooks", json={"url": "https://example.com/h"}).json()
    reader = hooks.new_user("kodread")
    hooks.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { permission } }",
        {"i": {"repositoryId": repo["id"], "login": reader.login, "permission": "READ"}},
        token=owner.token,
    )
    outsider = hooks.new_user("kodout")
    admin = hooks.new_user("kodadm", admin=True)
    scope = WRITE if route == "create" else READ

    def call(token: str | None) -> httpx.Response:
        with kod(hooks, token) as client:
            if route == "list":
                return client.get(f"/repos/{name}/webhooks")
            if route == "deliveries":
                return client.get(f"/repos/{name}/webhooks/{hook['id']}/deliveries")
            return client.post(f"/repos/{name}/webhooks", json={"url": "https://example.com/n"})

    ok = 201 if route == "create" else 200
    expected = [
        (None, 401),
        (hooks.token_for(outsider, WRITE), 404),
        (hooks.token_for(reader, scope), 403),
        (hooks.token_for(owner, ["repo:read", "repo:write"]), 403),
        (hooks.token_for(owner, scope), ok),
        (hooks.token_for(admin, [*scope, "admin"]), ok),
    ]
    answers = [call(secret) for secret, _ in expected]
    assert [a.status_code for a in answers] == [status for _, status in expected], [
        a.text for a in answers
    ]
    assert "webhook:" in answers[3].json()["error"]


def test_kod_webhook_delivers_kod_push_and_is_retried(hooks: Forge, tmp_path: Path) -> None:
    owner = hooks.new_user("kodpush")
    repo = private_repo(hooks, owner)
    name = repo["name"]
    token = hooks.token_for(owner, WRITE)
    with Receiver() as receiver, kod(hooks, token) as client:
        hook = client.post(
            f"/repos/{name}/webhooks", json={"url": receiver.url, "secret": SECRET}
        ).json()
        clone = Pushed(hooks, owner, repo, tmp_path)
        head = clone.commit("README.md", "hello\n")
        clone.push("main")
        (request,) = receiver.wait(1)
        assert payload(request) == {
            "event": "push",
            "repo": name,
            "branch": "main",
            "commit": head,
            "workflowRunId": None,
        }
        assert request.header("Content-Type") == "application/json"
        assert request.header("User-Agent") == "Kod-Webhooks"
        assert request.header("X-Kod-Event") == "push"
        guid = request.header("X-Kod-Delivery")
        assert guid
        assert request.header("X-Kod-Signature-256") == f"sha256={hex_hmac(SECRET, request.body)}"

        history = client.get(f"/repos/{name}/webhooks/{hook['id']}/deliveries")
        assert history.status_code == 200
        (delivery,) = history.json()
        assert set(delivery) == {
            "id", "webhookId", "repoName", "event", "url", "status", "attempts",
            "maxAttempts", "createdAt", "lastAttemptAt", "responseStatus",
        }  # fmt: skip
        assert (delivery["webhookId"], delivery["repoName"], delivery["event"]) == (
            hook["id"],
            name,
            "push",
        )
        assert delivery["url"] == receiver.url
        assert (delivery["status"], delivery["attempts"], delivery["maxAttempts"]) == (
            "success",
            1,
            4,
        )
        assert delivery["responseStatus"] == 200
        assert isinstance(delivery["lastAttemptAt"], int)

        retried = client.post(
            f"/repos/{name}/webhooks/{hook['id']}/deliveries/{delivery['id']}/retry"
        )
        assert retried.status_code == 202, retried.text
        assert retried.json()["webhookId"] == hook["id"]
        again = receiver.wait(2)[1]
        assert again.body == request.body
        assert again.header("X-Kod-Delivery") != guid
        missing = client.post(f"/repos/{name}/webhooks/{hook['id']}/deliveries/999999/retry")
        assert missing.status_code == 404
        reader_token = hooks.token_for(owner, READ)
    with kod(hooks, reader_token) as client:
        refused = client.post(
            f"/repos/{name}/webhooks/{hook['id']}/deliveries/{delivery['id']}/retry"
        )
        assert refused.status_code == 403


def test_kod_webhook_names_the_run_a_push_queued_and_its_end(hooks: Forge, tmp_path: Path) -> None:
    owner = hooks.new_user("kodrun")
    repo = private_repo(hooks, owner)
    name = repo["name"]
    token = hooks.token_for(owner, WRITE)
    with Receiver() as receiver, kod(hooks, token) as client:
        created = client.post(
            f"/repos/{name}/webhooks",
            json={"url": receiver.url, "events": ["push", "workflow"]},
        )
        assert created.status_code == 201, created.text
        clone = Pushed(hooks, owner, repo, tmp_path)
        # A file that does not parse: its run fails at once, so no runner is needed.
        head = clone.commit(".kod/workflows/broken.toml", "[step:x\nrun: true\n")
        clone.push("main")
        requests = receiver.wait(2)
        by_event = {payload(r)["event"]: payload(r) for r in requests}
        push = by_event["push"]
        run_id = push["workflowRunId"]
        assert isinstance(run_id, str) and run_id
        assert by_event["workflow"] == {
            "event": "workflow",
            "repo": name,
            "id": run_id,
            "branch": "main",
            "commit": head,
            "status": "failed",
        }
        assert {r.header("X-Kod-Event") for r in requests} == {"push", "workflow"}
    with kod(hooks, hooks.token_for(owner, ["repo:read", "workflow:read"])) as client:
        run = client.get(f"/repos/{name}/workflows/{run_id}")
        assert run.status_code == 200, run.text
        assert (run.json()["id"], run.json()["status"]) == (run_id, "failed")
