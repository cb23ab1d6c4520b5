"""At least once across SIGKILL, once per attempt across processes, never blocked by a slow receiver."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.backends import database
from tests.conftest import start_server
from tests.forge import Forge
from tests.webhooks.conftest import HOOK_ENV
from tests.webhooks.flow import attempted, create_hook, deliveries, delivery, ping, settled
from tests.webhooks.receiver import receiver


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_delivery_cut_by_sigkill_is_sent_after_the_restart(tmp_path: Path, backend: str) -> None:
    with database(backend) as url, receiver() as sink:
        forge = start_server(tmp_path, url, HOOK_ENV)
        try:
            owner = forge.new_user()
            repo = forge.new_repo(owner)
            hook = create_hook(forge, owner.token, repo["id"], sink.url)
            # The first request is still being answered when the server is killed.
            sink.answers = [(200, 4.0, {})]
            sent = ping(forge, owner.token, hook["id"])
            sink.wait(1)
        finally:
            forge.process.send_signal(signal.SIGKILL)
            forge.process.wait(timeout=30)
            forge.client.close()
        forge = start_server(tmp_path, url, HOOK_ENV)
        try:
            token = forge.sign_in(owner.login, owner.password)
            done = settled(forge, token, sent["id"], timeout=90)
            assert (done["status"], done["attempts"]) == ("SUCCESS", 2)
            got = sink.wait(2)
            assert got[0].body == got[1].body
            assert got[0].headers["x-gogs-delivery"] == got[1].headers["x-gogs-delivery"]
        finally:
            forge.stop()


def test_two_servers_on_one_postgresql_send_each_attempt_once(tmp_path: Path) -> None:
    with database("postgres") as url, receiver() as sink:
        first = start_server(tmp_path / "a", url, HOOK_ENV)
        second = start_server(tmp_path / "b", url, HOOK_ENV)
        try:
            owner = first.new_user()
            repo = first.new_repo(owner)
            hooks = [
                create_hook(first, owner.token, repo["id"], f"{sink.url}/{n}", events=["issues"])
                for n in range(20)
            ]
            for n in range(6):
                server = (first, second)[n % 2]
                server.gql(
                    "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { id } } }",
                    {"i": {"repositoryId": repo["id"], "title": f"Issue {n}"}},
                    token=owner.token,
                )
            every = [d for hook in hooks for d in deliveries(first, owner.token, hook["id"])]
            assert len(every) == 120
            for found in every:
                done = settled(second, owner.token, found["id"])
                assert (done["status"], done["attempts"]) == ("SUCCESS", 1)
            guids = [r.headers["x-gogs-delivery"] for r in sink.requests]
            assert len(guids) == 120 and len(set(guids)) == 120
        finally:
            first.stop()
            second.stop()


def test_a_slow_receiver_fails_its_attempt_without_blocking_others(hooks: Forge) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    with receiver() as slow, receiver() as fast:
        slow.default = (200, 7.0, {})
        slow_hook = create_hook(hooks, owner.token, repo["id"], slow.url)
        fast_hook = create_hook(hooks, owner.token, repo["id"], fast.url)
        slow_sent = ping(hooks, owner.token, slow_hook["id"])
        slow.wait(1)
        fast_sent = ping(hooks, owner.token, fast_hook["id"])
        fast_done = settled(hooks, owner.token, fast_sent["id"])
        assert fast_done["status"] == "SUCCESS"
        # The slow one's first attempt is still waiting for its answer.
        assert delivery(hooks, owner.token, slow_sent["id"])["attemptsLog"] == []
        assert (
            hooks.gql("{ viewer { login } }", token=owner.token)["viewer"]["login"] == owner.login
        )
        slow_tried = attempted(hooks, owner.token, slow_sent["id"])
        first = slow_tried["attemptsLog"][0]
        assert first["error"] == "No response within 5 seconds."
        assert first["responseStatus"] is None
        assert first["durationMs"] >= 5000
