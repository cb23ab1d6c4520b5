"""Every route a hostile request can reach, with its path filled in for a live forge.

The REST routes come from the dialects' own tables (``rest_compat.mount.routes``),
so a route added later is attacked too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from starlette.routing import BaseRoute, Mount, Route

from rest_compat import mount
from rest_compat.route import SpecRoute
from tests.forge import Forge, User

GRAPHQL_PATHS = ("/graphql", "/api/graphql")
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True)
class RestRoute:
    template: str
    method: str
    reads_body: bool

    @property
    def dialect(self) -> str:
        for prefix, name in (("/api/v1", "gogs"), ("/isurus", "isurus"), ("/kod", "kod")):
            if self.template.startswith(prefix):
                return name
        return "opencodehub"

    def path(self, values: dict[str, str]) -> str:
        return _PARAM.sub(lambda m: values.get(m.group(1), "x"), self.template)


def _walk(routes: list[BaseRoute], prefix: str = "") -> Iterator[RestRoute]:
    for route in routes:
        if isinstance(route, Mount):
            yield from _walk(route.routes, prefix + route.path)
        elif isinstance(route, SpecRoute) and isinstance(route, Route):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield RestRoute(prefix + route.path, method, route.spec.reads_body)


def rest_routes() -> list[RestRoute]:
    """Every dialect's routes (each once, even where /api/v1 mounts two tables)."""
    return list(dict.fromkeys(_walk(mount.routes("gogs"))))


def body_routes() -> list[RestRoute]:
    return [r for r in rest_routes() if r.reads_body]


@dataclass
class Target:
    """A user with a token and a public repository: paths that reach past the lookups."""

    user: User
    repo: str

    @property
    def values(self) -> dict[str, str]:
        login = self.user.login
        return {
            "owner": login,
            "org": login,
            "username": login,
            "collaborator": login,
            "repo": self.repo,
            "name": self.repo,
            "index": "1",
            "number": "1",
            "id": "1",
            "branch": "main",
            "sha": "0" * 40,
            "asset_id": "1",
            "filepath": "README.md",
            "path": "README.md",
            "ref": "main",
            "rev": "main",
            "tag": "v1",
            "archive": "main.zip",
        }


def target(forge: Forge) -> Target:
    user = forge.new_user("h")
    repo = forge.new_repo(user)
    return Target(user, repo["name"])
