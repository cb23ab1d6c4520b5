"""Which requests are rate limited, and how each surface words its 429.

Git smart HTTP (``info/refs`` and both services, Kod's git URLs too), raw
files, archives and release downloads draw on the same budget as API calls;
git's refusal is text/plain, which git prints as ``remote: ...``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Scope

from app.errors import RateLimited
from app.media import SECURITY_HEADERS
from rest_compat import mount as rest
from rest_compat.errors import ApiError
from rest_compat.route import error_response
from server import graphql
from server.rate_limit import Surface, under

# Kod's git URLs live under its REST prefix; they are git's surface, not Kod's.
_KOD_GIT = re.compile(r"^/kod/repos/[^/]+\.git(?:/|$)")
_GIT = re.compile(
    r"^(?:/[^/]+/[^/]+|/kod/repos/[^/]+\.git)/(?:info/refs|git-upload-pack|git-receive-pack)$"
)
_DOWNLOAD = re.compile(r"^/[^/]+/[^/]+/(?:raw|archive)/")
_RELEASE_DOWNLOAD = re.compile(r"^/[^/]+/[^/]+/releases/download/")


def _graphql_429(error: RateLimited, scope: Scope) -> Response:
    return graphql.rate_limited(error)


# The CI agent API: runners (admin-registered machines) poll and stream logs all day;
# their budget is the runner token's, not a user's (docs/security.md).
_AGENT = re.compile(r"^(?:/isurus)?/api/v1/ci/")


def _is_rest(scope: Scope) -> bool:
    path: str = scope["path"]
    if _KOD_GIT.match(path) or _AGENT.match(path):
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


def _message(error: RateLimited) -> str:
    return f"Rate limit exceeded; retry in {error.retry_after} seconds."


def _git_429(error: RateLimited, scope: Scope) -> Response:
    return PlainTextResponse(_message(error) + "\n", status_code=429)


def _download_429(error: RateLimited, scope: Scope) -> Response:
    return PlainTextResponse(_message(error), status_code=429, headers=SECURITY_HEADERS)


def _release_429(error: RateLimited, scope: Scope) -> Response:
    return JSONResponse({"message": _message(error)}, status_code=429)


def _matching(pattern: re.Pattern[str]) -> Callable[[Scope], bool]:
    return lambda scope: pattern.match(scope["path"]) is not None


def limited(api_v1_owner: str) -> list[Surface]:
    """GraphQL operations, every REST dialect, git transport, raw files, archives and release
    downloads; not static files, the SPA or /health."""
    return [
        Surface(graphql.is_operation, _graphql_429),
        _rest_429(api_v1_owner),
        Surface(_matching(_GIT), _git_429),
        Surface(_matching(_DOWNLOAD), _download_429),
        Surface(_matching(_RELEASE_DOWNLOAD), _release_429),
    ]
