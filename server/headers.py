"""Limits on request headers: at most ``MAX_HEADER_COUNT`` of them, ``MAX_HEADER_BYTES`` in all.

uvicorn's h11 parser stops buffering a head that grows past ``MAX_HEADER_BYTES``
without ending (``server/cli.py`` passes the limit on), but a head that arrives
whole in one read is parsed whatever its size, and no parser option counts
headers: this middleware answers 431 to either. Browsers send about 20, git about 10.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_HEADER_BYTES = 32 * 1024
MAX_HEADER_COUNT = 100


class HeaderLimitMiddleware:
    def __init__(
        self, app: ASGIApp, max_count: int = MAX_HEADER_COUNT, max_bytes: int = MAX_HEADER_BYTES
    ) -> None:
        self.app = app
        self.max_count = max_count
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope["headers"]
            refusal = None
            if len(headers) > self.max_count:
                refusal = f"Too many request headers (at most {self.max_count})."
            elif sum(len(name) + len(value) + 4 for name, value in headers) > self.max_bytes:
                refusal = f"The request headers are larger than {self.max_bytes} bytes."
            if refusal is not None:
                await PlainTextResponse(refusal, status_code=431)(scope, receive, send)
                return
        await self.app(scope, receive, send)
