"""Each REST operation's document holds its operation and exactly the fragments it spreads."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    visit,
)

from rest_compat.gogs.operations import OPS as GOGS
from rest_compat.isurus.operations import OPS as ISURUS
from rest_compat.kod.operations import OPS as KOD
from rest_compat.opencodehub.operations import OPS as OPENCODEHUB
from rest_compat.operations import Operation

OPERATIONS = [*GOGS.values(), *ISURUS.values(), *KOD.values(), *OPENCODEHUB.values()]


def _spreads(node: Any) -> set[str]:
    found: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
            found.add(spread.name.value)

    visit(node, Spreads())
    return found


def _used(document: DocumentNode) -> set[str]:
    """The fragments the operation spreads, directly or through other fragments."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    used: set[str] = set()
    todo = _spreads(operation)
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo |= _spreads(fragments[name]) if name in fragments else set()
    return used


def test_every_dialect_operation_is_here() -> None:
    assert len(OPERATIONS) >= 120


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
def test_the_document_holds_exactly_the_fragments_it_uses(operation: Operation) -> None:
    definitions = operation.document.definitions
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    fragments = [d.name.value for d in definitions if isinstance(d, FragmentDefinitionNode)]
    assert [o.name.value for o in operations if o.name] == [operation.name]
    assert len(fragments) == len(set(fragments)) == len(definitions) - 1
    assert set(fragments) == _used(operation.document)
