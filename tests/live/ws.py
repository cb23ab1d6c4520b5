"""A graphql-transport-ws client for tests, driven by hand over a real WebSocket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


def ws_url(http_url: str, path: str = "/graphql") -> str:
    return "ws" + http_url.removeprefix("http") + path


class Live:
    """One connection: ``init`` it, ``subscribe``, then read messages with ``next``."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    def send(self, message: dict[str, Any]) -> None:
        self.connection.send(json.dumps(message))

    def next(self, timeout: float = 30) -> dict[str, Any]:
        """The next message that is not a ping (pings are answered)."""
        while True:
            message: dict[str, Any] = json.loads(self.connection.recv(timeout=timeout))
            if message["type"] == "ping":
                self.send({"type": "pong"})
                continue
            return message

    def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        self.send({"type": "connection_init", **({"payload": payload} if payload else {})})
        return self.next()

    def subscribe(
        self, operation_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        self.send({"id": operation_id, "type": "subscribe", "payload": payload})

    def closed(self, timeout: float = 30) -> tuple[int, str]:
        """Wait for the server to close; its close code and reason."""
        try:
            while True:
                self.connection.recv(timeout=timeout)
        except ConnectionClosed as closed:
            frame = closed.rcvd
            return (frame.code, frame.reason) if frame else (1006, "")


@contextmanager
def live(
    http_url: str,
    *,
    token: str | None = None,
    origin: str | None = None,
    subprotocols: list[str] | None = None,
    path: str = "/graphql",
) -> Iterator[Live]:
    """An open connection; with ``token`` it is initialised (and acknowledged) already."""
    headers = {"Origin": origin} if origin else None
    with connect(
        ws_url(http_url, path),
        subprotocols=subprotocols or [PROTOCOL],  # type: ignore[arg-type]
        additional_headers=headers,
        open_timeout=30,
    ) as connection:
        client = Live(connection)
        if token is not None:
            ack = client.init({"Authorization": f"Bearer {token}"})
            assert ack == {"type": "connection_ack"}, ack
        yield client
