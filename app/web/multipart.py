"""GraphQL multipart requests (github.com/jaydenseric/graphql-multipart-request-spec).

Files are streamed by Starlette's parser into spooled temporary files; the
whole request body is capped on the way in, so an oversized upload is refused
without being held in memory.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import Message
from strawberry.file_uploads.utils import replace_placeholders_with_files

from app.errors import InvalidInput, PayloadTooLarge

# Room for the "operations" and "map" fields beside the files themselves.
FIELDS_ALLOWANCE = 1024 * 1024
MAX_FILES = 10


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


def _limited(request: Request, limit: int) -> Request:
    """The request, whose body stream raises PayloadTooLarge past ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    seen = 0
    receive = request.receive

    async def counting_receive() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        return message

    return Request(request.scope, counting_receive)


async def read_operation(request: Request, max_file_bytes: int) -> tuple[Any, FormData]:
    """The operation with its files in place of the ``map``'s placeholders, and the form.

    The caller closes the form (which removes the temporary files).
    """
    limited = _limited(request, max_file_bytes + FIELDS_ALLOWANCE)
    try:
        form = await limited.form(
            max_files=MAX_FILES, max_fields=MAX_FILES + 2, max_part_size=FIELDS_ALLOWANCE
        )
    except MultiPartException as exc:
        raise InvalidInput(f"The multipart body is malformed: {exc.message}.") from None
    try:
        operations = _json_field(form, "operations")
        files_map = _json_field(form, "map")
        if not isinstance(operations, dict) or not isinstance(files_map, dict):
            raise InvalidInput("'operations' and 'map' must be JSON objects.")
        files: dict[str, UploadFile] = {}
        for key, paths in files_map.items():
            value = form.get(key)
            if not isinstance(value, UploadFile) or not isinstance(paths, list):
                raise InvalidInput(f"The map names a file '{key}' that was not sent.")
            if not all(isinstance(p, str) and p.startswith("variables.") for p in paths):
                raise InvalidInput("Files may only be placed into variables.", field="map")
            files[key] = value
        try:
            payload = replace_placeholders_with_files(operations, files_map, files)
        except (KeyError, IndexError, ValueError, TypeError):
            raise InvalidInput("The map points at variables that do not exist.") from None
    except InvalidInput:
        await form.close()
        raise
    return payload, form


def _json_field(form: FormData, name: str) -> Any:
    raw = form.get(name)
    if not isinstance(raw, str):
        raise InvalidInput(f"The multipart body needs a '{name}' field.", field=name)
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        raise InvalidInput(f"'{name}' is not valid JSON.", field=name) from None
