"""Every REST shape reads only what its GraphQL operation selects (no server, no database).

Each route's lookup, variables and shape run on synthetic results built from
its operations' selection sets (``tests.fast.routes``); reading a key the
operation does not select fails here instead of at request time.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from graphql import REMOVE, FieldNode, Visitor, parse, print_ast, visit

from rest_compat.operations import Operation
from rest_compat.route import SpecRoute
from tests.fast.routes import Outcome, check, spec_routes

ROUTES = list(spec_routes())

# ``obj.get(key)`` and ``key in obj`` on keys an operation leaves out on purpose:
# a helper shared by several operations reads what only some of them select.
OPTIONAL_READS: dict[str, str] = {
    "GogsBranches: repository.refs.nodes[].target.target": (
        "commit_of follows an annotated tag to its commit; branches select commits only"
    ),
    "GogsBranch: repository.ref.target.target": (
        "commit_of follows an annotated tag to its commit; branches select commits only"
    ),
    **{
        f"{operation}: {path}.allComments": (
            "isurus shapes add comments only where the operation selects them (single reads)"
        )
        for operation, path in [
            ("IsurusIssues", "repository.issues.nodes[]"),
            ("IsurusCreateIssue", "createIssue.issue"),
            ("IsurusUpdateIssue", "updateIssue.issue"),
            ("IsurusPullRequests", "repository.pullRequests.nodes[]"),
            ("IsurusCreatePullRequest", "createPullRequest.pullRequest"),
            ("IsurusUpdatePullRequest", "updatePullRequest.pullRequest"),
            ("IsurusMergePullRequest", "mergePullRequest.pullRequest"),
        ]
    },
    "IsurusReleaseAssetId: node.repository": (
        "_in_repository takes a release (its repository) or an asset (its release's)"
    ),
}


_OUTCOMES: dict[int, Outcome] = {}


def _checked(route: SpecRoute) -> Outcome:
    """``check(route)``, once per test session."""
    if id(route) not in _OUTCOMES:
        _OUTCOMES[id(route)] = check(route)
    return _OUTCOMES[id(route)]


def _name(entry: tuple[str, SpecRoute]) -> str:
    dialect, route = entry
    method = sorted((route.methods or {"GET"}) - {"HEAD"})[0]
    return f"{dialect} {method} {route.path}"


def _failures(outcome: Outcome) -> list[str]:
    failures = [str(m) for m in outcome.misses if m.where not in OPTIONAL_READS]
    failures += outcome.crashes
    if not outcome.shaped:
        failures.append("no synthetic result got through to the end of the shape")
    return list(dict.fromkeys(failures))


def test_every_dialect_route_is_checked() -> None:
    dialects = {dialect for dialect, _ in ROUTES}
    assert dialects == {"gogs", "isurus", "kod", "opencodehub"}
    assert len(ROUTES) >= 100


@pytest.mark.parametrize("entry", ROUTES, ids=_name)
def test_shape_reads_only_selected_fields(entry: tuple[str, SpecRoute]) -> None:
    assert _failures(_checked(entry[1])) == []


def test_every_optional_read_still_happens() -> None:
    """An entry of OPTIONAL_READS that no shape reads any more is stale."""
    seen = {m.where for _, route in ROUTES for m in _checked(route).misses}
    assert set(OPTIONAL_READS) - seen == set()


def _without(operation: Operation, field: str) -> Operation:
    """``operation`` with every selection of ``field`` removed."""

    class Drop(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> Any:
            return REMOVE if node.name.value == field else None

    document = parse(print_ast(visit(operation.document, Drop())))
    return dataclasses.replace(operation, text=print_ast(document), document=document)


def _route(name: str) -> SpecRoute:
    return next(route for _, route in ROUTES if route.name == name)


def _with_operation(route: SpecRoute, operation: Operation) -> SpecRoute:
    spec = dataclasses.replace(route.spec, operation=operation)
    method = sorted((route.methods or {"GET"}) - {"HEAD"})[0]
    return SpecRoute(route.path, route.dialect, spec, method, route.name)


def test_a_field_left_out_of_an_operation_is_reported() -> None:
    route = _route("listLabels")
    assert _failures(check(route)) == []
    broken = _with_operation(route, _without(route.spec.operation, "color"))
    failures = _failures(check(broken))
    assert "ListLabels: repository.labels.nodes[].color is read (obj[key]) but not selected" in (
        failures
    )


def test_an_optional_read_left_out_of_an_operation_is_reported() -> None:
    route = _route("getIssue")
    assert _failures(check(route)) == []
    operation = route.spec.operation
    broken = _with_operation(route, _without(operation, "avatarUrl"))
    failures = _failures(check(broken))
    assert any(
        f.startswith(f"{operation.name}: ")
        and f.endswith("avatarUrl is read (obj.get(key)) but not selected")
        for f in failures
    ), failures
