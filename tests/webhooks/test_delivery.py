"""Deliveries end to end: a real push to a real receiver, signatures, retries, redelivery."""

from __future__ import annotations

import json
from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.webhooks.flow import (
    attempted,
    create_hook,
    deliveries,
    ping,
    settled,
    signature,
)
from tests.webhooks.receiver import Receiver


def test_owner_can_receive_a_signed_push(hooks: Forge, sink: Receiver, tmp_path: Path) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    secret = "s3cret-for-signing"
    hook = create_hook(hooks, owner.token, repo["id"], sink.url, events=["push"], secret=secret)
    assert hook["hasSecret"] is True
    assert (hook["events"], hook["active"], hook["contentType"], hook["type"]) == (
        ["push"],
        True,
        "json",
        "gogs",
    )
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    after = git.commit(work, "a.txt", "one\n", "First")
    git.run("push", url(hooks, repo["nameWithOwner"], owner.token), "main", cwd=work)

    got = sink.wait(1)[0]
    assert got.headers["x-ingot-event"] == "push"
    assert got.headers["x-ingot-signature-256"] == f"sha256={signature(secret, got.body)}"
    assert got.headers["content-type"] == "application/json"
    assert got.headers["user-agent"] == "Ingot-Webhooks"
    body = json.loads(got.body)
    assert body["event"] == "push"
    assert body["facts"]["ref"] == "refs/heads/main"
    assert body["facts"]["after"] == after
    assert body["facts"]["created"] is True

    found = deliveries(hooks, owner.token, hook["id"])
    assert len(found) == 1
    done = settled(hooks, owner.token, found[0]["id"])
    assert done["status"] == "SUCCESS"
    assert done["guid"] == got.headers["x-ingot-delivery"]
    assert (done["event"], done["action"], done["attempts"], done["maxAttempts"]) == (
        "push",
        "",
        1,
        4,
    )
    assert done["responseStatus"] == 200
    assert done["responseBody"] == "answer 200"
    assert done["requestBody"].encode() == got.body
    assert {h["name"]: h["value"] for h in done["requestHeaders"]}["X-Ingot-Delivery"] == (
        done["guid"]
    )
    assert done["deliveredAt"] and done["lastAttemptAt"] and done["durationMs"] is not None
    assert done["nextAttemptAt"] is None and done["lastError"] == ""
    assert [a["responseStatus"] for a in done["attemptsLog"]] == [200]


def test_retries_send_the_same_request_until_a_2xx(hooks: Forge, sink: Receiver) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    hook = create_hook(hooks, owner.token, repo["id"], sink.url, secret="k")
    sink.answers = [(500, 0, {}), (502, 0, {})]
    sent = ping(hooks, owner.token, hook["id"])
    done = settled(hooks, owner.token, sent["id"])
    assert done["status"] == "SUCCESS"
    assert done["attempts"] == 3
    assert [a["responseStatus"] for a in done["attemptsLog"]] == [500, 502, 200]
    assert [a["error"] for a in done["attemptsLog"]][:2] == [
        "The receiver answered 500.",
        "The receiver answered 502.",
    ]
    got = sink.wait(3)
    assert len({r.body for r in got}) == 1
    assert {r.headers["x-ingot-delivery"] for r in got} == {sent["guid"]}


def test_a_delivery_fails_after_four_attempts_and_can_be_redelivered(
    hooks: Forge, sink: Receiver
) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    hook = create_hook(hooks, owner.token, repo["id"], sink.url)
    sink.default = (500, 0, {})
    sent = ping(hooks, owner.token, hook["id"])
    failed = settled(hooks, owner.token, sent["id"])
    assert failed["status"] == "FAILED"
    assert failed["attempts"] == 4
    assert failed["responseStatus"] == 500
    assert failed["lastError"] == "The receiver answered 500."
    assert len(failed["attemptsLog"]) == 4
    assert failed["deliveredAt"] is not None and failed["nextAttemptAt"] is None

    sink.default = (200, 0, {})
    data = hooks.gql(
        "mutation($i: WebhookIdInput!) { redeliverWebhookDelivery(input: $i) "
        "{ delivery { id guid event status attempts } } }",
        {"i": {"id": sent["id"]}},
        token=owner.token,
    )
    again = data["redeliverWebhookDelivery"]["delivery"]
    assert again["id"] != sent["id"] and again["guid"] != sent["guid"]
    assert (again["event"], again["status"], again["attempts"]) == ("ping", "PENDING", 0)
    done = settled(hooks, owner.token, again["id"])
    assert (done["status"], done["attempts"], done["responseStatus"]) == ("SUCCESS", 1, 200)
    # The failed one stays in the history as it was.
    history = deliveries(hooks, owner.token, hook["id"])
    assert [d["status"] for d in history] == ["SUCCESS", "FAILED"]


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(hooks: Forge, sink: Receiver) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    target = sink.url + "/redirected"
    sink.default = (302, 0, {"Location": target})
    hook = create_hook(hooks, owner.token, repo["id"], sink.url)
    sent = ping(hooks, owner.token, hook["id"])
    found = attempted(hooks, owner.token, sent["id"])
    assert found["attemptsLog"][0]["responseStatus"] == 302
    assert "never followed" in found["attemptsLog"][0]["error"]
    assert all(r.path == "/hook" for r in sink.requests)
