"""The agent API over HTTP: poll, heartbeat, step and pipeline status, log append.

httpcore (already the webhook sender's client) keeps one connection pool; every
call is a plain request with the runner token as a Bearer credential.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpcore

API = "/isurus/api/v1/ci"
_TIMEOUTS = {"connect": 10.0, "read": 30.0, "write": 30.0, "pool": 30.0}


class AgentError(Exception):
    """The forge answered an agent call with an error status (or not at all: ``status`` 0)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status


@dataclass
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        """The answer's JSON (the agent API's answers are bare, without ``{"data"}``)."""
        return json.loads(self.body) if self.body else None


class AgentClient:
    def __init__(self, url: str, token: str, connections: int = 8) -> None:
        self.base = url.rstrip("/") + API
        self._auth = f"Bearer {token}".encode()
        self._pool = httpcore.AsyncConnectionPool(max_connections=connections)

    async def close(self) -> None:
        await self._pool.aclose()

    async def call(
        self, method: str, path: str, body: Any = None, *, text: str | None = None
    ) -> Answer:
        headers = [(b"Authorization", self._auth), (b"Accept", b"application/json")]
        if text is not None:
            content = text.encode("utf-8")
            headers.append((b"Content-Type", b"text/plain; charset=utf-8"))
        elif body is not None:
            content = json.dumps(body).encode("utf-8")
            headers.append((b"Content-Type", b"application/json"))
        else:
            content = b""
        try:
            response = await self._pool.request(
                method,
                self.base + path,
                headers=headers,
                content=content,
                extensions={"timeout": _TIMEOUTS},
            )
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise AgentError(0, f"the forge did not answer: {exc!r}") from None
        answer = Answer(response.status, response.content)
        if response.status >= 400:
            raise AgentError(response.status, answer.body.decode("utf-8", errors="replace"))
        return answer

    async def poll(self) -> dict[str, Any] | None:
        """The next job, or None when there is none (204)."""
        answer = await self.call("POST", "/poll")
        return None if answer.status == 204 else answer.json()

    async def heartbeat(self, capacity: int, pipelines: list[int]) -> list[int]:
        """Report liveness and the pipelines held; the ids the runner must stop."""
        answer = await self.call(
            "POST", "/heartbeat", {"capacity": capacity, "pipelines": pipelines}
        )
        data = answer.json() or {}
        return [int(i) for i in data.get("stop", [])]

    async def step_status(self, step_id: int, body: dict[str, Any]) -> None:
        await self.call("PUT", f"/steps/{step_id}/status", body)

    async def pipeline_status(self, pipeline_id: int, body: dict[str, Any]) -> None:
        await self.call("PUT", f"/pipelines/{pipeline_id}/status", body)

    async def append_log(self, step_id: int, text: str) -> None:
        await self.call("POST", f"/steps/{step_id}/log", text=text)
