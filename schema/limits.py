"""A cost limit as a validation rule, so its verdict is cached with the document.

Each field costs one, times the page sizes of every connection around it
(``first``/``last``; a variable counts as the largest page, 100). A query
that could touch more than the limit's nodes is refused before it runs.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


def _multiplier(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value in {"first", "last"}:
            if isinstance(argument.value, IntValueNode):
                return max(1, min(int(argument.value.value), MAX_PAGE_SIZE))
            return MAX_PAGE_SIZE
    return 1


def _is_connection(field: FieldNode) -> bool:
    names = {s.name.value for s in field.selection_set.selections if isinstance(s, FieldNode)} if field.selection_set else set()
    return bool(names & {"nodes", "edges"})


def selection_cost(
    context: ValidationContext, selection_set: SelectionSetNode | None, seen: frozenset[str]
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = selection_cost(context, selection.selection_set, seen)
            if _is_connection(selection):
                multiplier = _multiplier(selection)
                if multiplier == 1 and not any(
                    a.name.value in {"first", "last"} for a in selection.arguments or ()
                ):
                    multiplier = DEFAULT_PAGE_SIZE
                total += 1 + multiplier * inner
            else:
                total += 1 + inner
        elif isinstance(selection, InlineFragmentNode):
            total += selection_cost(context, selection.selection_set, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is not None and name not in seen:
                total += selection_cost(context, fragment.selection_set, seen | {name})
    return total


def cost_limit_rule(max_cost: int) -> type[ValidationRule]:
    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = selection_cost(self.context, node.selection_set, frozenset())
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"This query could return up to {cost} objects; the limit is "
                        f"{max_cost}. Ask for smaller pages or fewer nested connections.",
                        node,
                    )
                )

    return CostLimit
