"""Reading request bodies with a size limit, and JSON that says what is wrong with it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from app import json_reader
from app.errors import InvalidInput, PayloadTooLarge

__all__ = ["PayloadTooLarge", "read_json", "read_limited"]


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        except ValueError:
            raise InvalidInput("Content-Length is not a number.") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request, limit: int) -> Any:
    raw = await read_limited(request, limit)
    if not raw.strip():
        raise InvalidInput("The request body is empty; send a JSON object.")
    return json_reader.loads(raw)
