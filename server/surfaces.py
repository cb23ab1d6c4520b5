"""Which requests are rate limited, and how each surface words its 429."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from app.errors import RateLimited
from rest_compat import mount as rest
from rest_compat.errors import ApiError
from rest_compat.route import error_response
from server import graphql
from server.rate_limit import Surface, under

# Kod's git URLs live under its REST prefix; git transport is not limited.
_KOD_GIT = re.compile(r"^/kod/repos/[^/]+\.git(?:/|$)")


def _graphql_429(error: RateLimited, scope: Scope) -> Response:
    return graphql.rate_limited(error)


def _is_rest(scope: Scope) -> bool:
    path: str = scope["path"]
    if _KOD_GIT.match(path):
        return False
    return any(under(prefix)(scope) for prefix in ("/api", "/isurus/api", "/kod"))


def _rest_429(api_v1_owner: str) -> Surface:
    def reject(error: RateLimited, scope: Scope) -> Response:
        dialect = rest.dialect_for(scope, api_v1_owner)
        if dialect is None:
            # Paths under /api that no dialect claims answer like their 404 does.
            return JSONResponse({"message": error.message, "url": scope["path"]}, 429)
        refusal = ApiError(
            "RATE_LIMITED", error.message, headers={"Retry-After": str(error.retry_after)}
        )
        return error_response(dialect, refusal, Request(scope))

    return Surface(_is_rest, reject)


def limited(api_v1_owner: str) -> list[Surface]:
    """GraphQL operations and every REST dialect; not git, static files, the SPA or /health."""
    return [Surface(graphql.is_operation, _graphql_429), _rest_429(api_v1_owner)]
