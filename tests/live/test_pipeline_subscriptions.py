"""pipelineLog and pipelineStatus over WebSocket: live text while a step runs, each piece
once, the end of the stream, and the same visibility as the queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import start_server
from tests.forge import Forge
from tests.live.pipelines import LOG, STATUS, Driver, new_pipeline
from tests.live.ws import Live, live


@pytest.fixture
def running(forge: Forge, tmp_path: Path) -> Iterator[tuple[Any, dict[str, Any], Driver]]:
    """A user, their pipeline (claimed, step 1 running) and the stand-in runner."""
    user = forge.new_user()
    repo = forge.new_repo(user)
    pipeline = new_pipeline(forge, tmp_path, user, repo)
    driver = Driver(forge, pipeline["databaseId"])
    driver("claim")
    driver("step", step=1, status="running")
    try:
        yield user, pipeline, driver
    finally:
        driver.close()


def _text_until(client: Live, operation: str, wanted: str) -> str:
    """Log text of ``operation`` received until it ends with ``wanted``."""
    got = ""
    while not got.endswith(wanted):
        message = client.next()
        assert message["type"] == "next" and message["id"] == operation, message
        got += message["payload"]["data"]["pipelineLog"]["text"]
    return got


def test_reader_can_follow_a_log_while_the_step_runs(forge: Forge, running: Any) -> None:
    user, pipeline, driver = running
    driver("log", step=1, text="cloned\n")
    with live(forge.url, token=user.token) as client:
        client.subscribe("log", LOG, {"id": pipeline["id"]})
        first = client.next()
        # What was stored before subscribing comes first.
        assert first == {
            "type": "next",
            "id": "log",
            "payload": {"data": {"pipelineLog": {"stepNumber": 1, "text": "cloned\n"}}},
        }
        # A line stored while the step still runs arrives, once.
        driver("log", step=1, text="building 1/2\n")
        assert _text_until(client, "log", "building 1/2\n") == "building 1/2\n"
        driver("log", step=1, text="building 2/2\n")
        assert _text_until(client, "log", "2/2\n") == "building 2/2\n"
        driver("step", step=1, status="success", exit_code=0)
        driver("step", step=2, status="running")
        driver("log", step=2, text="tested\n")
        message = client.next()
        assert message["payload"]["data"]["pipelineLog"] == {"stepNumber": 2, "text": "tested\n"}
        driver("step", step=2, status="success", exit_code=0)
        driver("finish", status="success")
        assert client.next() == {"type": "complete", "id": "log"}


def test_reader_can_follow_the_status_until_the_end(forge: Forge, running: Any) -> None:
    user, pipeline, driver = running
    with live(forge.url, token=user.token) as client:
        client.subscribe("s", STATUS, {"id": pipeline["id"]})
        now = client.next()["payload"]["data"]["pipelineStatus"]
        assert now["id"] == pipeline["id"]
        assert now["status"] == "RUNNING"
        assert now["cancelRequested"] is False
        assert now["steps"]["nodes"] == [
            {"number": 1, "status": "RUNNING", "exitCode": None},
            {"number": 2, "status": "PENDING", "exitCode": None},
        ]
        driver("step", step=1, status="failure", exit_code=3)
        changed = client.next()["payload"]["data"]["pipelineStatus"]
        assert changed["steps"]["nodes"][0] == {"number": 1, "status": "FAILURE", "exitCode": 3}
        driver("finish", status="failure")
        states = []
        while True:
            message = client.next()
            if message["type"] == "complete":
                break
            states.append(message["payload"]["data"]["pipelineStatus"])
        assert states[-1]["status"] == "FAILURE"
        assert states[-1]["steps"]["nodes"][1]["status"] == "SKIPPED"


def test_subscribing_to_a_finished_pipeline_gives_its_log_and_completes(
    forge: Forge, running: Any
) -> None:
    user, pipeline, driver = running
    driver("log", step=1, text="all of it\n")
    driver("finish", status="cancelled")
    with live(forge.url, token=user.token) as client:
        client.subscribe("log", LOG, {"id": pipeline["id"]})
        client.subscribe("status", STATUS, {"id": pipeline["id"]})
        messages = [client.next() for _ in range(4)]
    by_id: dict[str, list[Any]] = {}
    for message in messages:
        by_id.setdefault(message["id"], []).append(message)
    assert [m["type"] for m in by_id["log"]] == ["next", "complete"]
    assert by_id["log"][0]["payload"]["data"]["pipelineLog"]["text"] == "all of it\n"
    assert by_id["status"][0]["payload"]["data"]["pipelineStatus"]["status"] == "CANCELLED"
    assert by_id["status"][1] == {"type": "complete", "id": "status"}


def test_cancel_through_graphql_reaches_status_subscribers(forge: Forge, running: Any) -> None:
    user, pipeline, driver = running
    with live(forge.url, token=user.token) as client:
        client.subscribe("s", STATUS, {"id": pipeline["id"]})
        assert client.next()["payload"]["data"]["pipelineStatus"]["cancelRequested"] is False
        forge.gql(
            "mutation($i: PipelineIdInput!) { cancelPipeline(input: $i) { pipeline { id } } }",
            {"i": {"pipelineId": pipeline["id"]}},
            token=user.token,
        )
        asked = client.next()["payload"]["data"]["pipelineStatus"]
        assert asked["cancelRequested"] is True and asked["status"] == "RUNNING"
        driver("finish", status="cancelled")
        last = client.next()["payload"]["data"]["pipelineStatus"]
        assert last["status"] == "CANCELLED"
        assert client.next() == {"type": "complete", "id": "s"}


def test_outsider_cannot_subscribe_to_a_private_pipeline(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner, private=True)
    pipeline = new_pipeline(forge, tmp_path, owner, repo)
    outsider = forge.new_user()
    for token in (outsider.token, None):
        with live(forge.url) as client:
            client.init({"Authorization": f"Bearer {token}"} if token else None)
            for operation, query in (("log", LOG), ("status", STATUS)):
                client.subscribe(operation, query, {"id": pipeline["id"]})
                answer = client.next()
                assert answer["type"] == "error" and answer["id"] == operation, answer
                assert answer["payload"][0]["extensions"]["code"] == "NOT_FOUND"
                assert answer["payload"][0]["message"] == "Pipeline not found."
    # The owner's token without workflow:read is told what it lacks, as queries are.
    narrow = forge.token_for(owner, ["repo:read"])
    with live(forge.url, token=narrow) as client:
        client.subscribe("log", LOG, {"id": pipeline["id"]})
        answer = client.next()
        assert answer["type"] == "error", answer
        assert answer["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    # Ids that name nothing, or another type, answer NOT_FOUND or BAD_USER_INPUT.
    with live(forge.url, token=owner.token) as client:
        for bogus in ("UGlwZWxpbmU6OTk5OTk5", repo["id"], "%%%"):
            client.subscribe("x" + bogus, LOG, {"id": bogus})
            answer = client.next()
            assert answer["type"] == "error", answer
            assert answer["payload"][0]["extensions"]["code"] in {"NOT_FOUND", "BAD_USER_INPUT"}
        # The owner may.
        client.subscribe("mine", STATUS, {"id": pipeline["id"]})
        assert client.next()["type"] == "next"


def test_subscription_documents_obey_the_query_limits(forge: Forge, running: Any) -> None:
    user, pipeline, _driver = running
    deep = "owner { login }"
    for _ in range(12):
        deep = f"repository {{ {deep.replace('owner { login }', 'owner { login }')} }}"
    nested = "repository { owner { login } }"
    for _ in range(6):
        nested = f"repository {{ pipelines(first: 50) {{ nodes {{ {nested} }} }} }}"
    query = f"subscription($id: ID!) {{ pipelineStatus(pipelineId: $id) {{ {nested} }} }}"
    with live(forge.url, token=user.token) as client:
        client.subscribe("deep", query, {"id": pipeline["id"]})
        answer = client.next()
        assert answer["type"] == "error", answer
        assert answer["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    forge = start_server(
        tmp_path_factory.mktemp("ws-capped"), None, {"INGOT_WS_MAX_SUBSCRIPTIONS": "2"}
    )
    try:
        yield forge
    finally:
        forge.stop()


def test_a_connection_runs_at_most_the_allowed_subscriptions(capped: Forge, tmp_path: Path) -> None:
    user = capped.new_user()
    repo = capped.new_repo(user)
    pipeline = new_pipeline(capped, tmp_path, user, repo)
    with live(capped.url, token=user.token) as client:
        for n in (1, 2):
            client.subscribe(f"s{n}", STATUS, {"id": pipeline["id"]})
            assert client.next()["type"] == "next"
        client.subscribe("s3", STATUS, {"id": pipeline["id"]})
        answer = client.next()
        assert answer["type"] == "error" and answer["id"] == "s3"
        assert "At most 2 subscriptions" in answer["payload"][0]["message"]
        # Completing one makes room; a repeated id while running is a protocol error.
        client.send({"type": "complete", "id": "s1"})
        client.subscribe("s4", STATUS, {"id": pipeline["id"]})
        assert client.next()["id"] == "s4"
        client.subscribe("s4", STATUS, {"id": pipeline["id"]})
        assert client.closed()[0] == 4409
