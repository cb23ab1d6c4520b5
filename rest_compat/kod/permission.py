"""Kod's permission check: the canonical scope a route names, held by the request's token.

Every Kod route but ``/health`` needs a token; its operation (or lookup)
asks for ``currentAccessToken { databaseId scopes }`` and the route checks
the documented permission before anything is written. The check names only
the permission, never the repository, so it reveals nothing about private ones.
"""

from __future__ import annotations

from typing import Any

from rest_compat.errors import ApiError


def caller(data: dict[str, Any], permission: str) -> dict[str, Any]:
    """The current token, which must hold ``permission``."""
    token = data.get("currentAccessToken")
    if token is None:
        raise ApiError("UNAUTHENTICATED", "Authentication required: send a Bearer token.")
    if permission not in token["scopes"]:
        raise ApiError("FORBIDDEN", f"This token lacks the '{permission}' permission.")
    return dict(token)
