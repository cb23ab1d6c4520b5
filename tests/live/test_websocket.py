"""GraphQL over WebSocket (graphql-transport-ws) on /graphql: the handshake, who is asking,
and what the transport refuses. Pipelines' subscriptions are in test_pipeline_subscriptions.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.conftest import start_server
from tests.forge import Forge
from tests.live.pipelines import STATUS, new_pipeline
from tests.live.ws import Live, live, ws_url


def test_user_can_connect_with_a_bearer_token_in_connection_init(forge: Forge) -> None:
    user = forge.new_user()
    with live(forge.url, token=user.token) as client:
        client.send({"type": "ping", "payload": {"n": 1}})
        assert client.next() == {"type": "pong", "payload": {"n": 1}}
    # The lower-case key GraphQL clients also send, and GitHub's path.
    with live(forge.url, path="/api/graphql") as client:
        ack = client.init({"authorization": f"token {user.token}"})
        assert ack == {"type": "connection_ack"}


def test_anonymous_can_connect_without_a_payload(forge: Forge) -> None:
    with live(forge.url) as client:
        assert client.init() == {"type": "connection_ack"}


@pytest.mark.parametrize(
    "payload",
    [
        {"Authorization": "Bearer ingot_not-a-real-token"},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Digest abc"},
        {"Authorization": 42},
    ],
)
def test_caller_cannot_connect_with_bad_credentials(forge: Forge, payload: dict) -> None:
    with live(forge.url) as client:
        client.send({"type": "connection_init", "payload": payload})
        code, reason = client.closed()
    assert code == 4403
    assert reason.startswith("Forbidden")


def test_revoked_token_cannot_connect(forge: Forge) -> None:
    user = forge.new_user()
    token = forge.token_for(user, ["repo:read"])
    with live(forge.url, token=token):
        pass
    data = forge.gql("{ viewer { accessTokens { id scopes } } }", token=user.token)
    for found in data["viewer"]["accessTokens"]:
        if found["scopes"] == ["repo:read"]:
            forge.gql(
                "mutation($i: RevokeAccessTokenInput!) "
                "{ revokeAccessToken(input: $i) { accessToken { id } } }",
                {"i": {"id": found["id"]}},
                token=user.token,
            )
    with live(forge.url) as client:
        client.send({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        assert client.closed()[0] == 4403


def test_cross_site_page_cannot_open_a_websocket(forge: Forge) -> None:
    with pytest.raises(InvalidStatus) as refused:
        with live(forge.url, origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        with live(forge.url, origin="null"):
            pass
    # The forge's own pages may.
    with live(forge.url, origin=forge.url) as client:
        assert client.init() == {"type": "connection_ack"}


def test_client_without_the_subprotocol_is_closed_4406(forge: Forge) -> None:
    with connect(ws_url(forge.url), open_timeout=30) as connection:
        assert Live(connection).closed()[0] == 4406


def test_subscribe_before_connection_init_is_closed_4401(forge: Forge) -> None:
    with live(forge.url) as client:
        client.subscribe("1", "subscription { x }")
        assert client.closed()[0] == 4401


def test_second_connection_init_is_closed_4429(forge: Forge) -> None:
    with live(forge.url) as client:
        assert client.init() == {"type": "connection_ack"}
        client.send({"type": "connection_init"})
        assert client.closed()[0] == 4429


@pytest.mark.parametrize("message", ["not json", '{"no": "type"}', "[1, 2]"])
def test_malformed_message_is_closed_4400(forge: Forge, message: str) -> None:
    with live(forge.url) as client:
        client.init()
        client.connection.send(message)
        assert client.closed()[0] == 4400


def test_queries_and_invalid_documents_are_refused_with_an_error_message(forge: Forge) -> None:
    with live(forge.url) as client:
        client.init()
        client.subscribe("q", "{ viewer { login } }")
        answer = client.next()
        assert answer["type"] == "error" and answer["id"] == "q"
        assert answer["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        client.subscribe("bad", "subscription { noSuchField }")
        answer = client.next()
        assert answer["type"] == "error" and answer["id"] == "bad"
        assert answer["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        client.subscribe("syntax", "subscription {")
        answer = client.next()
        assert answer["type"] == "error" and answer["id"] == "syntax"
        # The connection stays usable after refusals.
        client.send({"type": "ping"})
        assert client.next() == {"type": "pong"}


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    """A server with tight WebSocket limits and a small anonymous budget."""
    forge = start_server(
        tmp_path_factory.mktemp("ws-strict"),
        None,
        {
            "INGOT_WS_INIT_TIMEOUT": "1",
            "INGOT_WS_IDLE_TIMEOUT": "1",
            "INGOT_RATE_LIMIT_ANONYMOUS": "8",
        },
    )
    try:
        yield forge
    finally:
        forge.stop()


def test_client_that_never_initialises_is_closed_4408(strict: Forge) -> None:
    with live(strict.url) as client:
        assert client.closed()[0] == 4408


def test_idle_connection_is_closed(strict: Forge) -> None:
    user = strict.new_user()
    with live(strict.url, token=user.token) as client:
        code, reason = client.closed()
    assert code == 4431
    assert "Idle" in reason


def test_connection_is_idle_once_its_last_subscription_ended(strict: Forge, tmp_path: Path) -> None:
    user = strict.new_user()
    repo = strict.new_repo(user)
    pipeline = new_pipeline(strict, tmp_path, user, repo)
    strict.gql(
        "mutation($i: PipelineIdInput!) { cancelPipeline(input: $i) { pipeline { status } } }",
        {"i": {"pipelineId": pipeline["id"]}},
        token=user.token,
    )
    with live(strict.url, token=user.token) as client:
        client.subscribe("s", STATUS, {"id": pipeline["id"]})
        assert client.next()["payload"]["data"]["pipelineStatus"]["status"] == "CANCELLED"
        assert client.next() == {"type": "complete", "id": "s"}
        assert client.closed()[0] == 4431


def test_connection_attempts_draw_on_the_rate_limit(strict: Forge) -> None:
    """Eight anonymous requests a window: connection attempts use them up like HTTP requests."""
    answers = []
    for _ in range(10):
        with live(strict.url) as client:
            client.send({"type": "connection_init"})
            try:
                answers.append(client.next()["type"])
            except ConnectionClosed as closed:
                assert closed.rcvd is not None
                answers.append(closed.rcvd.code)
    assert answers[-1] == 4430
    assert answers.count(4430) >= 2
    with live(strict.url) as client:
        client.send({"type": "connection_init"})
        code, reason = client.closed()
    assert code == 4430
    assert "Rate limit" in reason
    # An HTTP request from the same address shares the spent budget.
    assert strict.post_graphql("{ viewer { login } }").status_code == 429
