"""Turning a declared REST route into a Starlette endpoint that runs one GraphQL operation.

A ``Spec`` names the operation, a pure function from the request's inputs to
variables, a pure function from the result to the documented JSON, and the
success status. ``endpoint(dialect, spec)`` does the rest the same way for
every dialect: read and check the body, authenticate, execute in-process, map
errors through the dialect.

A route that takes a file (``reads_form``) runs its lookup and ``admit``
check before reading the body, so a caller who may not write is refused
before anything is spooled to disk; the files are removed after the answer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route

from rest_compat.body import close_form, read_form, read_object, read_text
from rest_compat.dialect import Dialect, Page, RestSettings, Unwrapped, page_numbers
from rest_compat.errors import ApiError
from rest_compat.operations import Operation
from schema import IngotError, build_context, execute_checked

log = logging.getLogger("ingot.rest")

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass
class Call:
    """A request's inputs, as the pure variable and shape functions see them."""

    path: Mapping[str, str]
    query: Mapping[str, str]
    body: dict[str, Any]
    page: int = 1
    per_page: int = 30
    base_url: str = ""
    # The data of the spec's lookup operation, when it has one.
    lookup: dict[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


def _no_variables(call: Call) -> dict[str, Any]:
    return {}


def _admit_all(call: Call) -> None:
    return None


@dataclass(frozen=True)
class Spec:
    """One REST route's behaviour. ``lookup`` runs first when the main operation
    needs ids the REST path does not carry (``owner/repo`` to a global id).

    ``variables`` returning None means the lookup already shows the request is
    satisfied (an idempotent PUT or DELETE with nothing to change): the main
    operation is skipped and ``shape`` gets empty data and ``call.lookup``.

    ``reads_form``: the body is ``multipart/form-data`` (``rest_compat.body.read_form``),
    read after the lookup and after ``admit``, which may refuse from the lookup's data.
    ``fields`` renames the GraphQL input fields an error names to the REST body's names.
    ``codes`` re-codes errors this route's document answers differently from the rest of
    its dialect (Gogs' key routes: a key already registered is 422, not 409).
    """

    operation: Operation
    shape: Callable[[dict[str, Any], Call], Any]
    variables: Callable[[Call], dict[str, Any] | None] = _no_variables
    status: int = 200
    reads_body: bool = False
    allow_password: bool = False
    lookup: Operation | None = None
    lookup_variables: Callable[[Call], dict[str, Any]] = _no_variables
    reads_form: bool = False
    admit: Callable[[Call], None] = _admit_all
    fields: Mapping[str, str] = field(default_factory=dict)
    codes: Mapping[str, str] = field(default_factory=dict)
    # The CI agent API: a runner token authenticates; the body may be raw text (``raw_body``).
    agent: bool = False
    raw_body: int = 0
    # The body is plain text, given to ``variables`` as ``call.body["text"]``.
    reads_text: bool = False


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_response(dialect: Dialect, error: ApiError, request: Request) -> Response:
    status, body = dialect.error(error, request)
    headers = dict(error.headers)
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Basic realm="ingot"')
    return JSONBody(body, status_code=status, headers=headers)


async def _run(context: Any, operation: Operation, variables: dict[str, Any]) -> dict[str, Any]:
    result = await execute_checked(context, operation.document, variables, operation.name)
    if result.errors:
        raise ApiError.from_graphql(dict(result.errors[0].formatted))
    return result.data or {}


def endpoint(dialect: Dialect, spec: Spec) -> Endpoint:
    async def handle(request: Request) -> Response:
        settings: RestSettings = request.app.state.rest
        call: Call | None = None
        try:
            try:
                context = await build_context(
                    request,
                    settings.base_url,
                    allow_password=spec.allow_password,
                    accept_runner=spec.agent,
                )
            except IngotError as exc:
                retry_after = getattr(exc, "retry_after", None)
                headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
                raise ApiError(exc.code, exc.message, headers=headers) from None
            if spec.raw_body:
                body = {"text": await read_text(request, spec.raw_body)}
            elif spec.reads_text:
                body = {"text": await read_text(request, settings.max_body_bytes, strict=True)}
            elif spec.reads_body:
                body = await read_object(request, settings.max_body_bytes)
            else:
                body = {}
            page, per_page = page_numbers(request.query_params, dialect.page_size_param)
            call = Call(
                request.path_params,
                request.query_params,
                body,
                page,
                per_page,
                settings.base_url,
                headers=request.headers,
            )
            if spec.lookup is not None:
                call.lookup = await _run(context, spec.lookup, spec.lookup_variables(call))
            spec.admit(call)
            if spec.reads_form:
                call.body = await read_form(request, settings.max_upload_bytes)
            variables = spec.variables(call)
            data = {} if variables is None else await _run(context, spec.operation, variables)
            shaped = spec.shape(data, call)
        except ApiError as exc:
            exc.code = spec.codes.get(exc.code, exc.code)
            if exc.field is not None:
                exc.field = spec.fields.get(exc.field) or dialect.fields.get(exc.field, exc.field)
            return error_response(dialect, exc, request)
        finally:
            if spec.reads_form and call is not None:
                await close_form(call.body)
        if isinstance(shaped, Response):
            # A route whose body is not JSON (raw file bytes, a redirect) answers itself.
            return shaped
        headers = dict(dialect.headers)
        if isinstance(shaped, Unwrapped):
            enveloped = shaped.body
        elif isinstance(shaped, Page):
            enveloped, extra = dialect.paginate(request, dialect.envelope(shaped.items), shaped)
            headers.update(extra)
        else:
            enveloped = dialect.envelope(shaped)
        if spec.status == 204:
            return Response(status_code=204, headers=headers)
        return JSONBody(enveloped, status_code=spec.status, headers=headers)

    handle.__name__ = spec.operation.name
    return handle


def fallback(dialect: Dialect, table: list[BaseRoute]) -> Endpoint:
    """The dialect's answer to what it does not serve: 405 if another method would do, else 404."""

    async def not_served(request: Request) -> Response:
        allowed: set[str] = set()
        for route in table:
            match, _ = route.matches({**request.scope, "method": "\0"})
            if match != Match.NONE and isinstance(route, Route) and route.methods:
                allowed |= route.methods
        if allowed:
            error = ApiError(
                "METHOD_NOT_ALLOWED",
                f"{request.method} is not allowed here.",
                headers={"Allow": ", ".join(sorted(allowed))},
            )
        else:
            error = ApiError("NOT_FOUND", "Not Found")
        return error_response(dialect, error, request)

    return not_served


def catch_all(dialect: Dialect, table: list[BaseRoute], path: str = "/{rest:path}") -> Route:
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    return Route(path, fallback(dialect, table), methods=methods, name=f"{dialect.name}-fallback")


class SpecRoute(Route):
    """A route that runs a ``Spec``; it keeps the spec and dialect for checks that
    walk the route tables (``tests/fast`` runs every shape on synthetic results)."""

    def __init__(self, path: str, dialect: Dialect, spec: Spec, method: str, name: str) -> None:
        super().__init__(path, endpoint(dialect, spec), methods=[method], name=name)
        self.dialect = dialect
        self.spec = spec


def router(dialect: Dialect) -> Callable[[str, Spec, str, str], Route]:
    """The ``_r(path, spec, method, name)`` a dialect's route table is written with."""

    def route(path: str, spec: Spec, method: str, name: str) -> Route:
        return SpecRoute(path, dialect, spec, method, name)

    return route
