"""The webhook renderers' plumbing on canned GraphQL results: which operation runs with
which ids, how facts become payloads, bodies and signatures (no server needed)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qs

import pytest

from rest_compat.hooks import RENDERERS, Delivery, Rendered, SubjectGone
from rest_compat.operations import Operation
from schema import global_id
from tests.fast.test_payload_shapes import BASE, A, C, commit, issue, pull, repo, user

SECRET = "hush"


def signer(body: bytes) -> str:
    return hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def delivery(
    kind: str, event: str, facts: dict[str, Any], action: str = "", content_type: str = "json"
) -> Delivery:
    base = {"repository_id": 7, "sender_id": 1}
    return Delivery(kind, content_type, signer, event, action, "guid-9", {**base, **facts}, BASE)


class Canned:
    """A ``Run`` answering every operation with ``data``, remembering the calls."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def __call__(self, operation: Operation, variables: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((operation.name, variables))
        return self.data


def render(kind: str, run: Canned, d: Delivery) -> Rendered:
    return asyncio.run(RENDERERS[kind](run, d))


PUSH_FACTS = {"ref": "refs/heads/main", "before": A, "after": C, "created": False}


def pushed_repo() -> dict[str, Any]:
    history = [commit(C, "Third", []), commit(A, "First", [])]
    return {**repo(), "object": {"history": {"nodes": history}}}


def test_gogs_push_renders_signed_json() -> None:
    run = Canned({"repository": pushed_repo(), "senders": [user()]})
    rendered = render("gogs", run, delivery("gogs", "push", PUSH_FACTS))
    assert run.calls == [
        (
            "GogsHookPush",
            {
                "repositoryId": global_id("Repository", 7),
                "senderIds": [global_id("User", 1)],
                "after": C,
            },
        )
    ]
    body = json.loads(rendered.body)
    assert [c["id"] for c in body["commits"]] == [C]
    assert body["sender"]["username"] == "alice"
    assert rendered.content_type == "application/json"
    assert rendered.headers["X-Gogs-Signature"] == signer(rendered.body)
    assert rendered.headers["X-Gogs-Event"] == "push"
    assert rendered.headers["X-Gogs-Delivery"] == "guid-9"


def test_gogs_form_signs_the_json_inside_the_form() -> None:
    run = Canned({"repository": pushed_repo(), "senders": [user()]})
    rendered = render("gogs", run, delivery("gogs", "push", PUSH_FACTS, content_type="form"))
    assert rendered.content_type == "application/x-www-form-urlencoded"
    inner = parse_qs(rendered.body.decode())["payload"][0].encode()
    assert json.loads(inner)["after"] == C
    assert rendered.headers["X-Gogs-Signature"] == signer(inner)


def test_gogs_issue_actions_follow_what_is_left() -> None:
    run = Canned({"repository": repo(), "senders": [user()], "subjects": [
        {**issue(), "__typename": "Issue"}
    ]})  # fmt: skip
    facts = {"issue_id": 11, "number": 3, "label_ids": []}
    rendered = render("gogs", run, delivery("gogs", "issues", facts, "labeled"))
    assert json.loads(rendered.body)["action"] == "label_cleared"
    assert run.calls[0][1]["subjectIds"] == [global_id("Issue", 11)]


def test_a_subject_the_reader_cannot_see_fails_the_delivery() -> None:
    run = Canned({"repository": None, "senders": []})
    with pytest.raises(SubjectGone):
        render("gogs", run, delivery("gogs", "push", PUSH_FACTS))
    hidden = Canned({"repository": repo(), "senders": [], "subjects": [None]})
    with pytest.raises(SubjectGone):
        render("gogs", hidden, delivery("gogs", "pull_request", {"pull_request_id": 4}, "opened"))


def test_slack_and_discord_render_gogs_messages() -> None:
    run = Canned({"repository": pushed_repo(), "senders": [user()]})
    slack = json.loads(render("slack", run, delivery("slack", "push", PUSH_FACTS)).body)
    assert slack["text"].endswith("1 new commit> pushed by alice")
    discord = json.loads(render("discord", run, delivery("discord", "push", PUSH_FACTS)).body)
    assert discord["embeds"][0]["description"].startswith("Pushed [1 new commit]")


def test_kod_push_and_ping() -> None:
    kod_repo = {
        "name": "hello",
        "defaultBranch": "main",
        "defaultBranchRef": {"qualifiedName": "refs/heads/main", "target": {"oid": C}},
    }
    run = Canned({"repository": kod_repo})
    rendered = render("kod", run, delivery("kod", "push", PUSH_FACTS))
    assert json.loads(rendered.body) == {
        "event": "push",
        "repo": "hello",
        "branch": "main",
        "commit": C,
        "workflowRunId": None,
    }
    assert rendered.headers == {
        "User-Agent": "Kod-Webhooks",
        "X-Kod-Event": "push",
        "X-Kod-Delivery": "guid-9",
        "X-Kod-Signature-256": f"sha256={signer(rendered.body)}",
    }
    ping = render("kod", run, delivery("kod", "ping", {"webhook_id": 1}))
    assert json.loads(ping.body)["commit"] == C


def test_isurus_pull_request() -> None:
    run = Canned({"repository": repo(), "senders": [user()], "issues": [], "pulls": [pull()]})
    facts = {"pull_request_id": 12, "number": 4}
    rendered = render("isurus", run, delivery("isurus", "pull_request", facts, "merged"))
    body = json.loads(rendered.body)
    assert (body["event"], body["action"]) == ("pull_request", "merged")
    assert body["pull_request"]["status"] == "merged"
    assert run.calls[0][1]["pullIds"] == [global_id("PullRequest", 12)]
    assert rendered.headers["X-Isurus-Signature-256"] == f"sha256={signer(rendered.body)}"
