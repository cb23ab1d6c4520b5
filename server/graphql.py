"""``POST /graphql`` and ``/api/graphql`` (and GraphiQL for a browser's GET).

Cross-site request forgery is refused before anything is read (GraphQL over
HTTP's advice, as Apollo Server does it): a POST must be ``application/json``,
which no HTML form can send and which makes a browser ask first (CORS
preflight); a multipart upload must carry one of ``PREFLIGHT_HEADERS``, which
has the same effect; and a request whose ``Origin`` is not this server's is 403.
GET runs queries only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers, QueryParams
from starlette.requests import HTTPConnection, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

import schema as graphql_schema
from app import json_reader
from app.config import Settings
from app.errors import Forbidden, IngotError, InvalidInput, RateLimited, Unauthenticated
from schema import uploads
from schema.context import Context, build_context
from server import multipart
from server.body import PayloadTooLarge, read_json
from server.spa import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

GRAPHIQL_DIR = Path(__file__).resolve().parents[1] / "frontend" / "dist" / "graphiql"
PATHS = ("/graphql", "/api/graphql")
# Headers a browser never adds on its own: sending one forces a CORS preflight.
PREFLIGHT_HEADERS = ("graphql-preflight", "apollo-require-preflight", "x-apollo-operation-name")


def error_response(error: IngotError, status: int, path: list[str] | None = None) -> JSONResponse:
    extensions: dict[str, Any] = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    headers = {"WWW-Authenticate": 'Bearer realm="ingot"'} if status == 401 else None
    found: dict[str, Any] = {"message": error.message}
    if path:
        found["path"] = path
    found["extensions"] = extensions
    return JSONResponse({"data": None, "errors": [found]}, status_code=status, headers=headers)


def rate_limited(error: RateLimited) -> Response:
    """The 429 of ``/graphql``: ``extensions.code`` is ``RATE_LIMITED``."""
    extensions = {"code": error.code, "retryAfter": error.retry_after}
    return JSONResponse(
        {"data": None, "errors": [{"message": error.message, "extensions": extensions}]},
        status_code=429,
    )


def is_operation(scope: Scope) -> bool:
    """Whether a request is a GraphQL operation (rate limited), not the GraphiQL page."""
    if scope["path"] not in PATHS:
        return False
    if scope["method"] != "GET":
        return True
    query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
    return "query" in query or "text/html" not in Headers(scope=scope).get("accept", "")


def _operation(payload: Any) -> tuple[str, dict[str, Any] | None, str | None]:
    if not isinstance(payload, dict):
        raise InvalidInput("The request body must be a JSON object with a 'query'.")
    query = payload.get("query")
    if not isinstance(query, str) or not query.strip():
        raise InvalidInput("'query' must be a non-empty string.", field="query")
    variables = payload.get("variables")
    if isinstance(variables, str) and variables.strip():
        try:
            variables = json_reader.loads(variables, what="'variables'")
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="variables") from None
    if variables in ("", None):
        variables = None
    elif not isinstance(variables, dict):
        raise InvalidInput("'variables' must be an object.", field="variables")
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise InvalidInput("'operationName' must be a string.", field="operationName")
    return query, variables, operation_name


def _origin(url: str) -> str:
    parsed = urlsplit(url)
    return f"{parsed.scheme}://{parsed.netloc}".lower()


def same_origin(origin: str, connection: HTTPConnection, base_url: str) -> bool:
    """Whether a browser's ``Origin`` is the base URL's or the one the request was sent
    to (its ``Host``, with the page's scheme: ``ws`` is a page on ``http``)."""
    scheme = {"ws": "http", "wss": "https"}.get(connection.url.scheme, connection.url.scheme)
    own = f"{scheme}://{connection.headers.get('host', '')}".lower()
    return origin.lower() in {_origin(base_url), own}


def forgery_refusal(request: Request, base_url: str) -> Response | None:
    """The answer to a request a browser could have been made to send cross-site, or None.

    ``Origin``, when sent, must be the base URL's or the one the request was sent to
    (its ``Host``); a POST must be JSON, or multipart with a preflight header.
    """
    origin = request.headers.get("origin")
    if origin is not None:
        if not same_origin(origin, request, base_url):
            return error_response(Forbidden(f"Requests from {origin!r} are not accepted."), 403)
    if request.method != "POST":
        return None
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type == "application/json":
        return None
    if media_type == "multipart/form-data":
        if any(name in request.headers for name in PREFLIGHT_HEADERS):
            return None
        message = (
            "A multipart request needs a 'GraphQL-Preflight: 1' header "
            "(it keeps other sites from sending one)."
        )
        return error_response(InvalidInput(message), 400)
    refusal = InvalidInput("Send the operation as application/json.")
    return error_response(refusal, 415)


def make_endpoint(settings: Settings) -> Any:
    limits = graphql_schema.Limits(depth=settings.max_query_depth, cost=settings.max_query_cost)

    async def graphql_endpoint(request: Request) -> Response:
        forged = forgery_refusal(request, settings.base_url)
        if forged is not None:
            return forged
        if request.method == "GET":
            if not is_operation(request.scope):
                return _graphiql()
            payload: Any = dict(request.query_params)
        elif multipart.is_multipart(request):
            # Only signed-in callers may send a large body (uploads need an account anyway).
            try:
                context = await build_context(request, settings.base_url, limits=limits)
                context.actor.require_account()
            except Unauthenticated as exc:
                return error_response(exc, 401)
            try:
                operations, request = await multipart.read_head(request, settings.max_asset_bytes)
            except PayloadTooLarge as exc:
                return error_response(exc, 413)
            refused = await uploads.refusal(context, operations)
            if refused is not None:
                # Answered as execution would answer it, without reading the files:
                # the server drops the rest of the body, nothing is spooled or stored.
                key, error = refused
                return error_response(error, 200, path=[key])
            try:
                payload, form = await multipart.read_operation(request, settings.max_asset_bytes)
            except PayloadTooLarge as exc:
                return error_response(exc, 413)
            except InvalidInput as exc:
                return error_response(exc, 400)
            try:
                return await _run(request, payload, context)
            finally:
                await form.close()
        else:
            try:
                payload = await read_json(request, settings.max_body_bytes)
            except PayloadTooLarge as exc:
                return error_response(exc, 413)
            except InvalidInput as exc:
                return error_response(exc, 400)
        return await _run(request, payload)

    async def _run(request: Request, payload: Any, context: Context | None = None) -> Response:
        try:
            query, variables, operation_name = _operation(payload)
        except InvalidInput as exc:
            return error_response(exc, 400)
        if context is None:
            try:
                context = await build_context(request, settings.base_url, limits=limits)
            except Unauthenticated as exc:
                return error_response(exc, 401)
        try:
            result = await graphql_schema.execute(
                context, query, variables, operation_name, read_only=request.method == "GET"
            )
        except InvalidInput as exc:
            return error_response(exc, 405)
        body: dict[str, Any] = {"data": result.data}
        status = 200
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
            codes = {(e.extensions or {}).get("code") for e in result.errors}
            if PayloadTooLarge.code in codes:
                status = 413
        return JSONResponse(body, status_code=status)

    return graphql_endpoint


# GraphiQL's editor (Monaco) embeds its icon fonts as data: URLs; nothing else differs.
GRAPHIQL_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; font-src 'self' data:",
}


class GraphiQLFiles(StaticFiles):
    """GraphiQL's bundle under ``/graphiql``, with the SPA's security headers (its
    ``index.html`` is reachable there too: no page of ours may be framed)."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(GRAPHIQL_HEADERS)
        return response


def _graphiql() -> Response:
    """The GraphiQL page, under the SPA's Content-Security-Policy (``frame-ancestors 'none'``)."""
    headers = {**GRAPHIQL_HEADERS, "Cache-Control": "no-cache"}
    index = GRAPHIQL_DIR / "index.html"
    if index.is_file():
        return FileResponse(index, media_type="text/html", headers=headers)
    return HTMLResponse(
        "<!doctype html><title>Ingot GraphQL</title><h1>GraphQL endpoint</h1>"
        '<p>POST a JSON body <code>{"query": "{ viewer { login } }"}</code> to this URL. '
        "The GraphiQL bundle has not been built; run <code>make run</code>.</p>",
        headers=headers,
    )
