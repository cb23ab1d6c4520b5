"""Synthetic GraphQL results built from an operation's selection set, that refuse unselected keys.

``result(schema, document, variant, misses)`` gives what the executor could
answer for the operation: an object for every object field (a concrete type
chosen among the fragments' type conditions for an abstract one), lists of
``variant.list_length`` items, plausible scalars (ints, strings, ISO
datetimes, booleans, an enum value), and nulls where a variant asks for them.

Every object is a ``Selected``: reading a key its selection could not hold
records a ``Miss`` naming the operation and the path. ``obj[key]`` then raises
``MissingSelection``, so a shape function that reads a field its operation
forgot fails here instead of at request time; ``obj.get(key)`` and ``key in
obj`` answer as the executor's dict would (absent), since a helper shared by
several operations may read a key only some of them select, and the caller
decides which of those optional reads are deliberate. A key selected only
under another type condition (``... on Blob`` while the object is a Tree) is
an absence the executor produces too, and is not a miss.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    is_abstract_type,
)

from schema import global_id

MOMENT = "2024-01-02T03:04:05+00:00"
_SCALARS: dict[str, Any] = {
    "Int": 1,
    "Float": 1.5,
    "Boolean": True,
    "DateTime": MOMENT,
    "HTML": "<p>x</p>",
}


@dataclass(frozen=True)
class Variant:
    """How to fill the gaps a selection leaves open.

    ``choice`` picks the n-th candidate (modulo their number) wherever there is a
    choice to make: the concrete type of an abstract field, the value of an enum.
    """

    name: str
    list_length: int = 2
    null_leaves: bool = False
    null_objects: bool = False
    choice: int = 0


@dataclass(frozen=True)
class Miss:
    operation: str
    path: str
    key: str
    how: str

    @property
    def where(self) -> str:
        """``Operation: dotted.path.key``, ``[]`` marking list items."""
        return (
            f"{self.operation}: {self.path}.{self.key}"
            if self.path
            else f"{self.operation}: {self.key}"
        )

    def __str__(self) -> str:
        return f"{self.where} is read ({self.how}) but not selected"


class MissingSelection(Exception):
    """A shape read a key its operation does not select."""

    def __init__(self, miss: Miss) -> None:
        super().__init__(str(miss))
        self.miss = miss


class Selected(dict[str, Any]):
    """A result object that knows every key its selection could hold."""

    def __init__(
        self,
        items: dict[str, Any],
        possible: Iterable[str],
        operation: str,
        path: str,
        misses: list[Miss],
    ) -> None:
        super().__init__(items)
        self._possible = frozenset(possible)
        self._operation = operation
        self._path = path
        self._misses = misses

    def _check(self, key: object, how: str) -> Miss | None:
        if isinstance(key, str) and key not in self._possible:
            miss = Miss(self._operation, self._path, key, how)
            self._misses.append(miss)
            return miss
        return None

    def __getitem__(self, key: str) -> Any:
        miss = self._check(key, "obj[key]")
        if miss is not None:
            raise MissingSelection(miss)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._check(key, "obj.get(key)")
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._check(key, "key in obj")
        return super().__contains__(key)


class _Builder:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: str,
        variant: Variant,
        misses: list[Miss],
        leaves: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.leaves = leaves
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operation = operation
        self.variant = variant
        self.misses = misses

    def _applies(self, condition: str | None, runtime: GraphQLObjectType | None) -> bool:
        if condition is None or runtime is None:
            return True
        named = self.schema.get_type(condition)
        if named is runtime:
            return True
        return isinstance(named, GraphQLAbstractType) and self.schema.is_sub_type(named, runtime)

    def collect(
        self, sets: Iterable[SelectionSetNode], runtime: GraphQLObjectType | None
    ) -> dict[str, list[FieldNode]]:
        """Fields by response key; with ``runtime`` None, under every type condition."""
        found: dict[str, list[FieldNode]] = {}
        for selection_set in sets:
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    found.setdefault(key, []).append(selection)
                    continue
                if isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    inner = selection.selection_set
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments[selection.name.value]
                    condition, inner = fragment.type_condition, fragment.selection_set
                else:
                    continue
                if self._applies(condition.name.value if condition else None, runtime):
                    for key, nodes in self.collect([inner], runtime).items():
                        found.setdefault(key, []).extend(nodes)
        return found

    def _conditions(self, sets: Iterable[SelectionSetNode]) -> list[str]:
        names: list[str] = []
        for selection_set in sets:
            for selection in selection_set.selections:
                if isinstance(selection, InlineFragmentNode) and selection.type_condition:
                    names.append(selection.type_condition.name.value)
                    names += self._conditions([selection.selection_set])
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments[selection.name.value]
                    names.append(fragment.type_condition.name.value)
                    names += self._conditions([fragment.selection_set])
        return names

    def concrete(
        self, abstract: GraphQLAbstractType, sets: list[SelectionSetNode]
    ) -> GraphQLObjectType:
        """The type the variant picks for an abstract field: among those its fragments name."""
        possible = list(self.schema.get_possible_types(abstract))
        named = [
            t for t in possible if any(self._applies(c, t) for c in self._conditions(sets))
        ] or sorted(possible, key=lambda t: t.name)
        return named[self.variant.choice % len(named)]

    def obj(self, sets: list[SelectionSetNode], runtime: GraphQLObjectType, path: str) -> Selected:
        items: dict[str, Any] = {}
        for key, nodes in self.collect(sets, runtime).items():
            name = nodes[0].name.value
            if name == "__typename":
                items[key] = runtime.name
                continue
            field = runtime.fields[name]
            inner = [n.selection_set for n in nodes if n.selection_set is not None]
            where = f"{path}.{key}" if path else key
            if name in self.leaves and not self.variant.null_leaves:
                items[key] = self.leaves[name]
                continue
            items[key] = self.value(field.type, inner, where, runtime, nullable=True)
        possible = self.collect(sets, None)
        return Selected(items, possible, self.operation, path, self.misses)

    def value(
        self,
        kind: GraphQLOutputType,
        sets: list[SelectionSetNode],
        path: str,
        parent: GraphQLNamedType,
        nullable: bool,
    ) -> Any:
        if isinstance(kind, GraphQLNonNull):
            return self.value(kind.of_type, sets, path, parent, nullable=False)
        leaf = isinstance(kind, GraphQLScalarType | GraphQLEnumType)
        if nullable and (self.variant.null_leaves if leaf else self.variant.null_objects):
            return None
        if isinstance(kind, GraphQLList):
            count = self.variant.list_length
            return [self.value(kind.of_type, sets, f"{path}[]", parent, True) for _ in range(count)]
        if isinstance(kind, GraphQLEnumType):
            names = list(kind.values)
            return names[self.variant.choice % len(names)]
        if isinstance(kind, GraphQLScalarType):
            if kind.name == "ID":
                return global_id(parent.name, 1)
            if kind.name == "String":
                return path.rsplit(".", 1)[-1].strip("[]") or "text"
            return _SCALARS[kind.name]
        if is_abstract_type(kind):
            return self.obj(sets, self.concrete(kind, sets), path)
        assert isinstance(kind, GraphQLObjectType)
        return self.obj(sets, kind, path)


def operation_of(document: DocumentNode) -> OperationDefinitionNode:
    return next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def result(
    schema: GraphQLSchema,
    document: DocumentNode,
    variant: Variant,
    misses: list[Miss],
    leaves: Mapping[str, Any] | None = None,
) -> Selected:
    """The ``data`` of a synthetic answer to the document's one operation.

    ``leaves`` gives the value of fields, by name, whose plausible values the
    shapes check (a token's ``scopes``), unless the variant nulls leaves.
    """
    operation = operation_of(document)
    root = schema.get_root_type(operation.operation)
    assert root is not None
    name = operation.name.value if operation.name else "anonymous"
    builder = _Builder(schema, document, name, variant, misses, leaves or {})
    return builder.obj([operation.selection_set], root, "")
