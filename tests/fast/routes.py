"""Every REST route run on synthetic results, without a server: what each shape reads.

``check(route, variants)`` runs a ``SpecRoute`` the way ``rest_compat.route``
would, with the GraphQL executor replaced by ``synthetic.result``: the lookup's
data, ``admit``, ``variables`` (with a body grown field by field from the
errors it raises), the shape, then the dialect's envelope and pagination, and
the JSON rendering.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graphql import GraphQLEnumType, GraphQLSchema, build_schema
from starlette.datastructures import Headers, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount

from app.auth.scopes import CANONICAL
from rest_compat import gogs, isurus, kod, opencodehub
from rest_compat.dialect import Page, Unwrapped
from rest_compat.errors import ApiError
from rest_compat.operations import Operation
from rest_compat.route import Call, JSONBody, Spec, SpecRoute
from schema import sdl
from tests.fast.synthetic import Miss, MissingSelection, Variant, result

BASE_URL = "http://ingot.test"
# Values the shapes act on: a Kod token holds every permission a route may ask for (an
# Isurus token every Isurus scope), a branch is a ref under refs/heads/, a Kod flat name
# is not ambiguous (with candidates every Kod route stops at its 409).
LEAVES: dict[str, Any] = {
    "scopes": [*CANONICAL, "read", "write"],
    "prefix": "refs/heads/",
    "candidates": [],
}
# Tried in turn for a body field that ``variables`` asks for, by the error it raises.
_CANDIDATES: list[Any] = ["text", True, [1], ["text"], 1]


@cache
def graphql_schema() -> GraphQLSchema:
    return build_schema(sdl())


@cache
def variants() -> list[Variant]:
    """One variant per value of the largest enum (so every enum value is shaped once),
    then nulls: nullable leaves, nullable objects and lists, both."""
    schema = graphql_schema()
    enums = [t for t in schema.type_map.values() if isinstance(t, GraphQLEnumType)]
    most = max(len(t.values) for t in enums)
    return [
        *(Variant(f"choice {n}", list_length=1 + n % 2, choice=n) for n in range(most)),
        Variant("null leaves", list_length=1, null_leaves=True),
        Variant("null objects", list_length=0, null_objects=True),
        Variant("all null", null_leaves=True, null_objects=True),
    ]


def tables() -> dict[str, list[BaseRoute]]:
    return {
        "gogs": gogs.ROUTES,
        "isurus": isurus.ROUTES,
        "kod": kod.ROUTES,
        "opencodehub": opencodehub.ROUTES,
    }


def spec_routes() -> Iterator[tuple[str, SpecRoute]]:
    """(dialect name, route) for every route of every table that runs a ``Spec``."""

    def walk(routes: list[BaseRoute]) -> Iterator[SpecRoute]:
        for route in routes:
            if isinstance(route, SpecRoute):
                yield route
            elif isinstance(route, Mount):
                yield from walk(list(route.routes))

    for name, table in tables().items():
        for route in walk(table):
            yield name, route


@dataclass
class Outcome:
    """What running one route under every variant came to."""

    misses: list[Miss] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    # Variants whose shape ran to the end (rather than answering an ApiError).
    shaped: list[str] = field(default_factory=list)


def _request(path: str) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "server": ("ingot.test", 80),
        "path": path,
        "root_path": "",
        "query_string": b"",
        "headers": [],
    }
    return Request(scope)


def _candidate(error: ApiError, tried: int) -> Any:
    if error.constraint == "enum":
        return error.message.split(" one of ", 1)[1].split(", ")[0].rstrip(".")
    if error.constraint == "format":
        return "2024-01-02T03:04:05Z"
    if "file part" in error.message:
        return UploadFile(io.BytesIO(b"asset"), filename="asset.txt", headers=Headers())
    return _CANDIDATES[tried] if tried < len(_CANDIDATES) else None


def _variables(spec: Spec, call: Call) -> tuple[bool, dict[str, Any] | None]:
    """(whether ``variables`` accepted a body, what it returned), growing the body as asked."""
    tried: dict[str, int] = {}
    for _ in range(20):
        try:
            return True, spec.variables(call)
        except ApiError as error:
            name = error.field
            if name is None:
                return False, None
            value = _candidate(error, tried.get(name, 0))
            if value is None:
                return False, None
            tried[name] = tried.get(name, 0) + 1
            call.body = {**call.body, name: value}
    return False, None


def _data(operation: Operation, variant: Variant, misses: list[Miss]) -> dict[str, Any]:
    return result(graphql_schema(), operation.document, variant, misses, LEAVES)


def _run(route: SpecRoute, variant: Variant, misses: list[Miss]) -> bool:
    """One variant; True when the shape ran to the end."""
    spec, dialect = route.spec, route.dialect
    path = {name: "1" for name in route.param_convertors}
    call = Call(path, {}, {}, base_url=BASE_URL)
    try:
        if spec.lookup is not None:
            call.lookup = _data(spec.lookup, variant, misses)
        spec.admit(call)
        accepted, variables = _variables(spec, call)
        data = {} if accepted and variables is None else _data(spec.operation, variant, misses)
        shaped = spec.shape(data, call)
    except ApiError:
        return False
    if isinstance(shaped, Response):
        return True
    if isinstance(shaped, Unwrapped):
        enveloped = shaped.body
    elif isinstance(shaped, Page):
        enveloped, _ = dialect.paginate(
            _request(route.path), dialect.envelope(shaped.items), shaped
        )
    else:
        enveloped = dialect.envelope(shaped)
    JSONBody(enveloped)
    return True


def check(route: SpecRoute) -> Outcome:
    outcome = Outcome()
    for variant in variants():
        try:
            if _run(route, variant, outcome.misses):
                outcome.shaped.append(variant.name)
        except MissingSelection:
            continue
        # A crash on a plausible result is a finding too (a null the shape does not expect).
        except Exception:
            outcome.crashes.append(f"{variant.name}: {traceback.format_exc(limit=-3)}")
    return outcome
