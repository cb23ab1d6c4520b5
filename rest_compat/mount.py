"""Where each dialect is mounted, and who owns ``/api/v1`` when dialects overlap."""

from __future__ import annotations

from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Scope

from rest_compat import gogs, isurus, kod, opencodehub
from rest_compat.dialect import Dialect
from rest_compat.route import catch_all

# Dialect name -> (dialect, its /api/v1 route table).
Tables = dict[str, tuple[Dialect, list[BaseRoute]]]


def api_v1_routes(owner: str, tables: Tables) -> list[BaseRoute]:
    """The ``/api/v1`` table: the owner's routes only, and its answer for everything else.

    No mixing: a request the owner does not serve gets the owner's 404 (or 405),
    never another dialect's answer in another shape (a Gitea client's
    ``POST .../pulls/1/merge`` once reached Isurus' merge and wrote a merge
    commit nobody asked for). Isurus is always at ``/isurus/api/v1``.

    The one exception is Isurus' CI agent API (``/api/v1/ci/*``, a path Gogs does not
    use): runners find it there whoever owns ``/api/v1``.
    """
    dialect, table = tables[owner]
    agent = [] if owner == "isurus" else list(isurus.AGENT_ROUTES)
    return [*agent, *table, catch_all(dialect, table)]


def dialect_tables() -> Tables:
    """The dialects that claim ``/api/v1`` routes."""
    return {"gogs": (gogs.GOGS, gogs.ROUTES), "isurus": (isurus.ISURUS, isurus.ROUTES)}


def _own(dialect: Dialect, table: list[BaseRoute]) -> list[BaseRoute]:
    """A dialect's table under its own prefix, answering what it does not serve itself."""
    return [*table, catch_all(dialect, table)]


def routes(api_v1_owner: str = "gogs") -> list[BaseRoute]:
    """Every REST route, to go before the composition root's generic ``/api`` 404."""
    tables = dialect_tables()
    owner = api_v1_owner if api_v1_owner in tables else "gogs"
    return [
        Mount("/api/v1", routes=api_v1_routes(owner, tables)),
        *opencodehub.ROUTES,
        Mount("/isurus/api/v1", routes=_own(isurus.ISURUS, isurus.ROUTES)),
        Mount("/kod", routes=_own(kod.KOD, kod.ROUTES)),
    ]


def dialect_for(scope: Scope, api_v1_owner: str = "gogs") -> Dialect | None:
    """The dialect that answers this request, or None outside the REST mounts.

    For answers given before routing (a rate limit's 429): under ``/api/v1``
    its owner, the only dialect served there.
    """
    tables = dialect_tables()
    owner = api_v1_owner if api_v1_owner in tables else "gogs"
    mounts: list[tuple[str, list[tuple[Dialect, list[BaseRoute]]]]] = [
        ("/api/v1", [tables[owner]]),
        ("/isurus/api/v1", [(isurus.ISURUS, isurus.ROUTES)]),
        ("/kod", [(kod.KOD, kod.ROUTES)]),
        # OpenCodeHub's routes are not mounted: they carry their /api/repos paths.
        ("/api/repos", [(opencodehub.OPENCODEHUB, opencodehub.ROUTES)]),
    ]
    path: str = scope["path"]
    for prefix, ordered in mounts:
        if path != prefix and not path.startswith(prefix + "/"):
            continue
        mounted = prefix != "/api/repos"
        child = {**scope, "root_path": scope.get("root_path", "") + prefix} if mounted else scope
        partial = None
        for dialect, table in ordered:
            for route in table:
                match, _ = route.matches(child)
                if match == Match.FULL:
                    return dialect
                if match == Match.PARTIAL and partial is None:
                    partial = dialect
        return partial or ordered[0][0]
    return None
