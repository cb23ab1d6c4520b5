"""The schema's modules import one another in one direction; no server needed.

The import-linter contract ignores the type-checking imports behind the few lazy annotations
(see schema.types.registry); this test counts every import a module runs instead, function-local
ones included, so a cycle cannot come back inside a function along one of those edges either.
"""

from __future__ import annotations

import grimp


def test_no_import_cycle_among_schema_modules_at_run_time() -> None:
    graph = grimp.build_graph("schema", exclude_type_checking_imports=True)
    packages = sorted(m for m in graph.modules if graph.find_children(m))
    assert "schema.types" in packages
    cycles = {p: graph.nominate_cycle_breakers(p) for p in packages}
    assert {p: breakers for p, breakers in cycles.items() if breakers} == {}
