"""GraphQL subscriptions over WebSocket on ``/graphql`` and ``/api/graphql``.

The protocol is ``graphql-transport-ws`` (the ``graphql-ws`` library's, which
Apollo, urql and GraphiQL speak): ``connection_init`` → ``connection_ack``, then
``subscribe`` / ``next`` / ``error`` / ``complete`` per operation id, ``ping`` /
``pong`` either way. Only subscriptions run here; queries and mutations go over HTTP.

Who is asking: the ``Authorization`` value of the ``connection_init`` payload
(``{"Authorization": "Bearer TOKEN"}``, also ``authorization``), read by the same
parser and session service as an HTTP request's header; no payload is anonymous.
Browsers send no credential of their own on a WebSocket here (the SPA holds its
token in sessionStorage, never a cookie), and a handshake whose ``Origin`` is not
this server's is refused before the upgrade anyway (cross-site WebSocket
hijacking; the same rule as ``server/graphql.py`` ``forgery_refusal``).

Limits (``docs/security.md``): connections per process, time to send
``connection_init``, subscriptions per connection, idle connections (no
subscription, no message) closed, and every ``connection_init`` and ``subscribe``
drawing on the same request budget as an HTTP request with those credentials.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

import schema as graphql_schema
from app import json_reader
from app.auth.credentials import Credentials, MalformedCredentials, parse
from app.config import Settings
from app.errors import IngotError, InvalidInput, RateLimited, Unauthenticated
from app.services import session
from app.services.actor import Actor
from app.services.rate_limit import RateLimiter
from schema.context import context_for
from server import client_address as client_addresses
from server.graphql import same_origin

log = logging.getLogger("ingot.graphql_ws")

PROTOCOL = "graphql-transport-ws"

# Close codes of graphql-transport-ws (and 1013, RFC 6455's "try again later").
BAD_REQUEST = 4400
UNAUTHORIZED = 4401
FORBIDDEN = 4403
SUBPROTOCOL_NOT_ACCEPTABLE = 4406
INIT_TIMEOUT = 4408
DUPLICATE_ID = 4409
TOO_MANY_INITS = 4429
# Ours, in the range the protocol leaves to applications.
RATE_LIMITED = 4430
IDLE = 4431
TRY_AGAIN_LATER = 1013


@dataclass(frozen=True)
class Limits:
    max_connections: int
    init_timeout: float
    max_subscriptions: int
    idle_timeout: float
    max_message_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_connections=settings.ws_max_connections,
            init_timeout=settings.ws_init_timeout,
            max_subscriptions=settings.ws_max_subscriptions,
            idle_timeout=settings.ws_idle_timeout,
            max_message_bytes=settings.max_body_bytes,
        )


class Close(Exception):
    """End the connection with this code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _error_payload(error: IngotError) -> list[dict[str, Any]]:
    extensions: dict[str, Any] = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    return [{"message": error.message, "extensions": extensions}]


class Connection:
    """One client's WebSocket: its actor, its running operations, its sends."""

    def __init__(
        self, websocket: WebSocket, settings: Settings, limits: Limits, limiter: RateLimiter
    ) -> None:
        self.websocket = websocket
        self.settings = settings
        self.limits = limits
        self.limiter = limiter
        self.query_limits = graphql_schema.Limits(
            depth=settings.max_query_depth, cost=settings.max_query_cost
        )
        self.actor: Actor | None = None
        self.credentials: Credentials | None = None
        self.operations: dict[str, asyncio.Task[None]] = {}
        self._send_lock = asyncio.Lock()
        # When the connection last had a message or a subscription ending (idle clock).
        self.quiet_since = time.monotonic()

    @property
    def address(self) -> str:
        return client_addresses.of(self.websocket.scope)

    async def send(self, message: dict[str, Any]) -> None:
        async with self._send_lock:
            if self.websocket.application_state == WebSocketState.CONNECTED:
                await self.websocket.send_json(message)

    async def receive(self, wait: float) -> dict[str, Any] | None:
        """The next message, or None after ``wait`` seconds without one; Close for
        anything that is not a protocol message."""
        try:
            # Cancelling a pending receive loses nothing (the frame stays queued).
            text = await asyncio.wait_for(self.websocket.receive_text(), wait)
        except TimeoutError:
            return None
        except KeyError:
            # A binary frame: receive_text finds no "text" in it.
            raise Close(BAD_REQUEST, "Messages must be JSON text") from None
        if len(text) > self.limits.max_message_bytes:
            raise Close(BAD_REQUEST, "Message too large")
        try:
            message = json_reader.loads(text, what="the message")
        except InvalidInput:
            raise Close(BAD_REQUEST, "Invalid message received") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise Close(BAD_REQUEST, "Invalid message received")
        return message

    async def draw(self) -> None:
        """Count one request against the caller's budget; Close when it is spent."""
        decision = await self.limiter.check(self.credentials, self.address)
        if not decision.allowed:
            raise Close(RATE_LIMITED, f"Rate limit exceeded; retry in {decision.retry_after} s")

    async def initialise(self, payload: Any) -> None:
        if payload is not None and not isinstance(payload, dict):
            raise Close(BAD_REQUEST, "The connection_init payload must be an object")
        value = (payload or {}).get("Authorization", (payload or {}).get("authorization"))
        if value is not None and not isinstance(value, str):
            raise Close(FORBIDDEN, "Forbidden: Authorization must be a string")
        try:
            self.credentials = parse({"authorization": value} if value else {}, {})
        except MalformedCredentials as exc:
            await self.draw()
            raise Close(FORBIDDEN, f"Forbidden: {exc}") from None
        await self.draw()
        try:
            self.actor = await session.authenticate(self.credentials)
        except Unauthenticated as exc:
            raise Close(FORBIDDEN, f"Forbidden: {exc.message}"[:120]) from None
        await self.send({"type": "connection_ack"})

    async def serve(self) -> None:
        message = await self.receive(self.limits.init_timeout)
        if message is None:
            raise Close(INIT_TIMEOUT, "Connection initialisation timeout")
        if message["type"] != "connection_init":
            raise Close(UNAUTHORIZED, "Unauthorized")
        await self.initialise(message.get("payload"))
        self.quiet_since = time.monotonic()
        while True:
            # Idle: no subscription running and no message for idle_timeout seconds.
            quiet = time.monotonic() - self.quiet_since
            wait = self.limits.idle_timeout - (0 if self.operations else quiet)
            message = await self.receive(max(wait, 0.05))
            if message is None:
                idle = time.monotonic() - self.quiet_since >= self.limits.idle_timeout
                if idle and not self.operations:
                    raise Close(IDLE, "Idle connection closed")
                continue
            self.quiet_since = time.monotonic()
            kind = message["type"]
            if kind == "ping":
                pong: dict[str, Any] = {"type": "pong"}
                if "payload" in message:
                    pong["payload"] = message["payload"]
                await self.send(pong)
            elif kind == "pong":
                continue
            elif kind == "connection_init":
                raise Close(TOO_MANY_INITS, "Too many initialisation requests")
            elif kind == "subscribe":
                await self.subscribe(message)
            elif kind == "complete":
                task = self.operations.pop(str(message.get("id")), None)
                if task is not None:
                    task.cancel()
            else:
                raise Close(BAD_REQUEST, f"Unexpected message type {kind!r}"[:120])

    async def subscribe(self, message: dict[str, Any]) -> None:
        operation_id = message.get("id")
        payload = message.get("payload")
        if not isinstance(operation_id, str) or not operation_id or len(operation_id) > 128:
            raise Close(BAD_REQUEST, "A subscribe message needs a string id")
        if not isinstance(payload, dict):
            raise Close(BAD_REQUEST, "A subscribe message needs a payload")
        if operation_id in self.operations:
            raise Close(DUPLICATE_ID, f"Subscriber for {operation_id} already exists"[:120])
        await self.draw()
        if len(self.operations) >= self.limits.max_subscriptions:
            refusal = InvalidInput(
                f"At most {self.limits.max_subscriptions} subscriptions may run on one "
                "connection; complete one first."
            )
            await self.send(
                {"type": "error", "id": operation_id, "payload": _error_payload(refusal)}
            )
            return
        task = asyncio.create_task(self._run(operation_id, payload))
        self.operations[operation_id] = task
        task.add_done_callback(lambda _t: self._finished(operation_id, task))

    def _finished(self, operation_id: str, task: asyncio.Task[None]) -> None:
        if self.operations.get(operation_id) is task:
            del self.operations[operation_id]
        # The idle clock starts again when the last subscription ends.
        self.quiet_since = time.monotonic()
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            if not isinstance(error, (WebSocketDisconnect, RuntimeError)):
                # A closed socket ends a send that raced the close; anything else is ours.
                log.error("a subscription failed", exc_info=error)

    async def _run(self, operation_id: str, payload: dict[str, Any]) -> None:
        try:
            query, variables, operation_name = graphql_operation(payload)
        except InvalidInput as exc:
            await self.send({"type": "error", "id": operation_id, "payload": _error_payload(exc)})
            return
        assert self.actor is not None
        context = context_for(
            self.actor,
            self.settings.base_url,
            self.websocket,
            runtime=self.websocket.app.state.runtime,
            limits=self.query_limits,
        )
        results = await graphql_schema.subscribe(context, query, variables, operation_name)
        first = True
        async with contextlib.aclosing(results):
            async for result in results:
                errors = [e.formatted for e in result.errors or ()]
                if first and graphql_schema.is_refusal(result):
                    # Refused before it started (validation, limits, NOT_FOUND): one error.
                    await self.send({"type": "error", "id": operation_id, "payload": errors})
                    return
                first = False
                body: dict[str, Any] = {"data": result.data}
                if errors:
                    body["errors"] = errors
                await self.send({"type": "next", "id": operation_id, "payload": body})
        await self.send({"type": "complete", "id": operation_id})

    async def close_operations(self) -> None:
        tasks = list(self.operations.values())
        self.operations.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def graphql_operation(payload: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str | None]:
    """The query, variables and operation name of a ``subscribe`` payload; InvalidInput."""
    query = payload.get("query")
    if not isinstance(query, str) or not query.strip():
        raise InvalidInput("'query' must be a non-empty string.", field="query")
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise InvalidInput("'variables' must be an object.", field="variables")
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise InvalidInput("'operationName' must be a string.", field="operationName")
    return query, variables, operation_name


class Connections:
    """How many WebSockets this process holds (one per application)."""

    def __init__(self) -> None:
        self.open = 0


def make_endpoint(settings: Settings, limiter: RateLimiter) -> Any:
    limits = Limits.from_settings(settings)
    counter = Connections()

    async def graphql_ws_endpoint(websocket: WebSocket) -> None:
        origin = websocket.headers.get("origin")
        if origin is not None and not same_origin(origin, websocket, settings.base_url):
            # Before the upgrade: the browser sees a 403 and no socket.
            await websocket.close(code=FORBIDDEN)
            return
        offered = [
            p.strip() for p in websocket.headers.get("sec-websocket-protocol", "").split(",")
        ]
        if PROTOCOL not in offered:
            await websocket.accept()
            await websocket.close(SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable")
            return
        await websocket.accept(subprotocol=PROTOCOL)
        if counter.open >= limits.max_connections:
            await websocket.close(TRY_AGAIN_LATER, "Too many connections; try again later")
            return
        counter.open += 1
        connection = Connection(websocket, settings, limits, limiter)
        try:
            await connection.serve()
        except Close as close:
            await _close(websocket, close.code, close.reason)
        except WebSocketDisconnect:
            pass
        except RateLimited as exc:
            await _close(websocket, RATE_LIMITED, exc.message[:120])
        finally:
            counter.open -= 1
            await connection.close_operations()

    return graphql_ws_endpoint


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    if websocket.application_state == WebSocketState.CONNECTED:
        with contextlib.suppress(Exception):
            await websocket.close(code, reason)
