"""The runner-facing services in-process, on a server of their own (no other test's pipelines):
claims, status transitions, heartbeats and cancel, the log cap, lost runners, the
``workflow`` webhook event, decrypted secrets."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from app.errors import Conflict, NotFound
from app.models import MAX_STEP_LOG, Pipeline, PipelineStatus, Step, StepStatus
from app.services import ci_secret, secret_key
from app.services import pipeline as pipelines
from app.services import repository as repositories
from tests.backends import database
from tests.ci.ci_helpers import CANCEL, seeded, trigger
from tests.conftest import start_server
from tests.pulls.inprocess import _settings, run_in_forge

DELIVERIES = """query($id: ID!) { node(id: $id) { ... on Webhook {
  deliveries(first: 10) { nodes { event action } } } } }"""


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_runner_services(backend: str, tmp_path: Path) -> None:
    with database(backend) as url:
        forge = start_server(tmp_path, url)
        try:
            user, repo = seeded(forge, tmp_path)
            for _ in range(4):
                trigger(forge, user.token, repo)
            hook = forge.gql(
                """mutation($i: CreateWebhookInput!) { createWebhook(input: $i) {
                     webhook { id } } }""",
                {
                    "i": {
                        "repositoryId": repo["id"],
                        "url": "https://example.com/h",
                        "events": ["workflow"],
                    }
                },
                user.token,
            )["createWebhook"]["webhook"]
            forge.gql(
                """mutation($i: SetRepositorySecretInput!) { setRepositorySecret(input: $i) {
                     name } }""",
                {"i": {"repositoryId": repo["id"], "name": "TOKEN", "value": "v4lue"}},
                user.token,
            )
            owner, name = repo["nameWithOwner"].split("/")
            box, _ = secret_key.load(_settings(forge))

            async def claims() -> list[Pipeline | None]:
                return list(await asyncio.gather(*(pipelines.claim(7) for _ in range(8))))

            claimed = run_in_forge(forge, claims)
            taken = [p for p in claimed if p is not None]
            assert sorted(p.number for p in taken) == [1, 2, 3, 4, 5]  # each once
            assert all(p.status == PipelineStatus.RUNNING and p.runner_id == 7 for p in taken)
            assert all(p.started_at is not None and p.heartbeat_at is not None for p in taken)

            first = min(taken, key=lambda p: p.number)

            async def transitions() -> None:
                steps = await Step.filter(pipeline_id=first.id).order_by("number")
                one = await pipelines.set_step_status(steps[0], StepStatus.RUNNING)
                assert one.started_at is not None
                with pytest.raises(Conflict):
                    await pipelines.set_step_status(steps[0], StepStatus.RUNNING)
                chunk = "x" * (1024 * 1024)
                kept = [await pipelines.append_log(one.id, chunk) for _ in range(5)]
                assert kept == [len(chunk)] * 4 + [0]
                stored = (await pipelines.logs_of([one.id]))[one.id]
                assert stored.endswith(pipelines.TRUNCATION_NOTE)
                assert len(stored) == MAX_STEP_LOG + len(pipelines.TRUNCATION_NOTE)
                assert await pipelines.append_log(one.id, "more") == 0
                row = await Step.get(id=one.id)
                assert row.log_size == MAX_STEP_LOG and row.log_truncated
                done = await pipelines.set_step_status(one, StepStatus.SUCCESS, 0)
                assert done.exit_code == 0 and done.finished_at is not None
                with pytest.raises(NotFound):
                    await pipelines.heartbeat(first.id, runner_id=8)
                assert [p.id for p in await pipelines.heartbeat_runner(7)] == sorted(
                    p.id for p in taken
                )
                finished = await pipelines.finish(first, PipelineStatus.SUCCESS)
                assert finished.finished_at is not None
                left = await Step.filter(pipeline_id=first.id).values_list("status", flat=True)
                assert set(left[1:]) == {StepStatus.SKIPPED}
                with pytest.raises(Conflict):
                    await pipelines.finish(first, PipelineStatus.FAILURE)
                with pytest.raises(NotFound):
                    await pipelines.heartbeat(first.id, runner_id=7)
                found = await repositories.find(owner, name)
                assert found is not None
                assert await ci_secret.decrypted_secrets(box, found.id) == {"TOKEN": "v4lue"}

            run_in_forge(forge, transitions)
            # Cancelling a running pipeline asks its runner; the runner sees it on heartbeat.
            second = sorted(taken, key=lambda p: p.number)[1]
            asked = forge.gql(
                CANCEL,
                {
                    "id": forge.gql(
                        "query($o: String!, $n: String!, $x: Int!) { repository(owner: $o, "
                        "name: $n) { pipeline(number: $x) { id } } }",
                        {"o": owner, "n": name, "x": second.number},
                        user.token,
                    )["repository"]["pipeline"]["id"]
                },
                user.token,
            )["cancelPipeline"]["pipeline"]
            assert asked["status"] == "RUNNING" and asked["cancelRequested"] is True

            async def runner_stops() -> None:
                seen = await pipelines.heartbeat(second.id, runner_id=7)
                assert seen.cancel_requested
                gone = await pipelines.finish(seen, PipelineStatus.CANCELLED)
                assert gone.status == PipelineStatus.CANCELLED
                lost = await pipelines.lose_stale(lease=timedelta(0))
                assert len(lost) == 3
                errored = await Pipeline.get(id=lost[0])
                assert errored.status == PipelineStatus.ERROR
                assert "stopped sending heartbeats" in errored.error_message

            run_in_forge(forge, runner_stops)
            events = forge.gql(DELIVERIES, {"id": hook["id"]}, user.token)["node"]
            actions = sorted(d["action"] for d in events["deliveries"]["nodes"])
            assert {d["event"] for d in events["deliveries"]["nodes"]} == {"workflow"}
            assert actions == ["completed", "failed", "failed", "failed", "failed"]
        finally:
            forge.stop()
