"""``POST /graphql`` (and GraphiQL for a browser's GET)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response

import schema as graphql_schema
from app.config import Settings
from app.errors import IngotError, InvalidInput, Unauthenticated
from app.web.body import PayloadTooLarge, read_json
from schema.context import build_context

GRAPHIQL_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist" / "graphiql"


def error_response(error: IngotError, status: int) -> JSONResponse:
    extensions: dict[str, Any] = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    headers = {"WWW-Authenticate": 'Bearer realm="ingot"'} if status == 401 else None
    return JSONResponse(
        {"data": None, "errors": [{"message": error.message, "extensions": extensions}]},
        status_code=status,
        headers=headers,
    )


def _operation(payload: Any) -> tuple[str, dict[str, Any] | None, str | None]:
    if not isinstance(payload, dict):
        raise InvalidInput("The request body must be a JSON object with a 'query'.")
    query = payload.get("query")
    if not isinstance(query, str) or not query.strip():
        raise InvalidInput("'query' must be a non-empty string.", field="query")
    variables = payload.get("variables")
    if isinstance(variables, str) and variables.strip():
        try:
            variables = json.loads(variables)
        except json.JSONDecodeError:
            raise InvalidInput("'variables' is not valid JSON.", field="variables") from None
    if variables in ("", None):
        variables = None
    elif not isinstance(variables, dict):
        raise InvalidInput("'variables' must be an object.", field="variables")
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise InvalidInput("'operationName' must be a string.", field="operationName")
    return query, variables, operation_name


def make_endpoint(settings: Settings) -> Any:
    async def graphql_endpoint(request: Request) -> Response:
        if request.method == "GET":
            if (
                "text/html" in request.headers.get("accept", "")
                and "query" not in request.query_params
            ):
                return _graphiql()
            payload: Any = dict(request.query_params)
        else:
            try:
                payload = await read_json(request, settings.max_body_bytes)
            except PayloadTooLarge as exc:
                return error_response(exc, 413)
            except InvalidInput as exc:
                return error_response(exc, 400)
        try:
            query, variables, operation_name = _operation(payload)
        except InvalidInput as exc:
            return error_response(exc, 400)
        try:
            context = await build_context(request, settings.base_url)
        except Unauthenticated as exc:
            return error_response(exc, 401)
        if request.method == "GET" and query.lstrip().startswith("mutation"):
            return error_response(InvalidInput("Mutations must be sent with POST."), 405)
        result = await graphql_schema.execute(context, query, variables, operation_name)
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return JSONResponse(body)

    return graphql_endpoint


def _graphiql() -> Response:
    index = GRAPHIQL_DIR / "index.html"
    if index.is_file():
        return FileResponse(index, media_type="text/html")
    return HTMLResponse(
        "<!doctype html><title>Ingot GraphQL</title><h1>GraphQL endpoint</h1>"
        '<p>POST a JSON body <code>{"query": "{ viewer { login } }"}</code> to this URL. '
        "The GraphiQL bundle has not been built; run <code>make run</code>.</p>"
    )
