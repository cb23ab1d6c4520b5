"""GraphQL multipart requests (github.com/jaydenseric/graphql-multipart-request-spec).

The ``operations`` field comes first: ``read_head`` reads only that far, so the
endpoint can refuse an upload before any file byte is accepted. Files are then
streamed by Starlette's parser into spooled temporary files; the whole request
body is capped on the way in, so an oversized upload is refused without being
held in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import Message

from app import json_reader
from app.errors import InvalidInput, PayloadTooLarge
from schema.graphql_internals import replace_placeholders_with_files

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

# Room for the "operations" and "map" fields beside the files themselves.
FIELDS_ALLOWANCE = 1024 * 1024
MAX_FILES = 10


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


class _Head:
    """Collects the ``operations`` part; notes when a file part begins."""

    def __init__(self) -> None:
        self.header_name = bytearray()
        self.header_value = bytearray()
        self.disposition = b""
        self.name: bytes | None = None
        self.data = bytearray()
        self.operations: bytes | None = None
        self.file_started = False

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda d, s, e: self.header_name.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self.header_value.extend(d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self.disposition, self.name, self.data = b"", None, bytearray()

    def _header_end(self) -> None:
        if bytes(self.header_name).lower() == b"content-disposition":
            self.disposition = bytes(self.header_value)
        self.header_name, self.header_value = bytearray(), bytearray()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if b"filename" in options:
            self.file_started = True
        self.name = options.get(b"name")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.name == b"operations" and len(self.data) <= FIELDS_ALLOWANCE:
            self.data.extend(data[start:end])

    def _part_end(self) -> None:
        if self.name == b"operations" and len(self.data) <= FIELDS_ALLOWANCE:
            self.operations = bytes(self.data)

    @property
    def done(self) -> bool:
        return self.operations is not None or self.file_started


async def read_head(request: Request, max_file_bytes: int) -> tuple[Any, Request]:
    """The parsed ``operations`` field (None when it does not come before the files or
    is not JSON), read without reading any file, and a request replaying what was read.

    A body declared larger than allowed is refused (PayloadTooLarge) before any of it is read.
    """
    _check_declared(request, max_file_bytes + FIELDS_ALLOWANCE)
    _, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    received: list[Message] = []
    operations: Any = None
    if boundary:
        head = _Head()
        parser = MultipartParser(boundary, head.callbacks())
        seen = 0
        try:
            while not head.done and seen <= FIELDS_ALLOWANCE:
                message = await request.receive()
                received.append(message)
                if message["type"] != "http.request":
                    break
                chunk = message.get("body", b"")
                seen += len(chunk)
                parser.write(chunk)
                if not message.get("more_body", False):
                    break
        except MultipartParseError:
            pass
        if head.operations is not None:
            try:
                operations = json_reader.loads(head.operations, what="'operations'")
            except InvalidInput:
                operations = None
    pending = list(received)
    receive = request.receive

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return operations, Request(request.scope, replay)


def _check_declared(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")


def _limited(request: Request, limit: int) -> Request:
    """The request, whose body stream raises PayloadTooLarge past ``limit`` bytes."""
    _check_declared(request, limit)
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
        return json_reader.loads(raw, what=f"'{name}'")
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=name) from None
