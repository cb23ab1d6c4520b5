"""Depth, alias and cost limits as one validation rule, cached with the document.

Each set of limits has one rule class (``limits_rule``), so ``ValidationCache``,
keyed by the rules, caches the verdict with the document and a repeated query
pays nothing for the check. Cost: each
field costs one, times the page sizes of every connection around it
(``first``/``last``; a variable counts as the largest page, 100; no argument
as the default page, 30). Unpaged lists whose length the repository decides
(a tree's ``entries``, a diff's ``files``, a thread's ``allComments``) count
as a default page, so nesting trees inside trees is priced like nesting
connections.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Protocol

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

_UNPAGED_LISTS = frozenset({"entries", "files", "allComments"})


@dataclass(frozen=True)
class Limits:
    """The most an operation may ask for: nesting depth, aliases, and cost in objects."""

    depth: int = 12
    aliases: int = 50
    cost: int = 50_000


DEFAULT_LIMITS = Limits()


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


def _page_size(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value in {"first", "last"}:
            if isinstance(argument.value, IntValueNode):
                return max(1, min(int(argument.value.value), MAX_PAGE_SIZE))
            return MAX_PAGE_SIZE
    return DEFAULT_PAGE_SIZE


def _is_connection(field: FieldNode) -> bool:
    if field.selection_set is None:
        return False
    if field.name.value in _UNPAGED_LISTS:
        return True
    names = {s.name.value for s in field.selection_set.selections if isinstance(s, FieldNode)}
    return bool(names & {"nodes", "edges"})


class Fragments(Protocol):
    def get_fragment(self, name: str) -> FragmentDefinitionNode | None: ...


def measure(
    context: Fragments, selection_set: SelectionSetNode | None, seen: frozenset[str]
) -> Measure:
    """Depth, alias count and cost of a selection set, fragments expanded once per path."""
    result = Measure()
    if selection_set is None:
        return result
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                # Introspection is bounded by the schema itself, and GraphiQL's
                # standard introspection query is 15 levels deep.
                continue
            inner = measure(context, selection.selection_set, seen)
            multiplier = _page_size(selection) if _is_connection(selection) else 1
            result.depth = max(result.depth, 1 + inner.depth)
            result.aliases += inner.aliases + (1 if selection.alias else 0)
            result.cost += 1 + multiplier * inner.cost
            continue
        if isinstance(selection, InlineFragmentNode):
            inner = measure(context, selection.selection_set, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is None or name in seen:
                continue
            inner = measure(context, fragment.selection_set, seen | {name})
        else:
            continue
        result.depth = max(result.depth, inner.depth)
        result.aliases += inner.aliases
        result.cost += inner.cost
    return result


class QueryLimits(ValidationRule):
    """Refuses operations that are too deep, too aliased or could return too much."""

    limits: ClassVar[Limits] = DEFAULT_LIMITS

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        limits = self.limits
        found = measure(self.context, node.selection_set, frozenset())
        if found.depth > limits.depth:
            self.report_error(
                GraphQLError(
                    f"This query is {found.depth} levels deep; the limit is {limits.depth}.", node
                )
            )
        if found.aliases > limits.aliases:
            self.report_error(
                GraphQLError(
                    f"This query uses {found.aliases} aliases; the limit is {limits.aliases}.",
                    node,
                )
            )
        if found.cost > limits.cost:
            self.report_error(
                GraphQLError(
                    f"This query could return up to {found.cost} objects; the limit is "
                    f"{limits.cost}. Ask for smaller pages or fewer nested connections.",
                    node,
                )
            )


@cache
def limits_rule(limits: Limits) -> type[QueryLimits]:
    """The rule enforcing ``limits``: the same class for equal limits, a stable cache key."""
    if limits == DEFAULT_LIMITS:
        return QueryLimits
    return type("QueryLimits", (QueryLimits,), {"limits": limits})
