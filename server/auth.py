"""Who is asking: the actor behind a download request, by the session service's one path."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from app.services import session
from app.services.actor import Actor


async def actor_of(request: HTTPConnection) -> Actor:
    """Raw files, archives and release downloads need an actor, not a GraphQL context.

    Raises Unauthenticated for a malformed or unknown credential.
    """
    return await session.authenticate_request(
        request.scope.setdefault("state", {}), request.headers, request.query_params
    )
