"""The graphql-core and Strawberry internals Ingot relies on, all here so that an upgrade
touches one file. ``tests/fast/test_graphql_internals.py`` checks each of them.

- ``strawberry.Schema._schema``: the graphql-core schema, to validate and run prepared documents.
- ``strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext``: the executor we subclass.
- ``ExecutionContext.build_response``, ``.async_helpers``: where the executor's cycle is broken.
- ``strawberry.execution.optimized_is_awaitable``: Strawberry's fast awaitable check.
- ``DataLoader.cache``, ``.cache_map``: a loader's futures, read to answer without awaiting.
- ``strawberry.file_uploads.utils.replace_placeholders_with_files``: multipart request files.
- ``strawberry.Info._raw_info``: graphql-core's info, for the operation's fragments.
- ``graphql.validation.rules.overlapping_fields_can_be_merged``: its functions, rebound so
  that ``find_conflict`` lets two leaf fields of distinct object types differ
  (``OverlappingFieldsOfDistinctObjects``).
"""

from __future__ import annotations

from asyncio import Future
from collections.abc import Hashable
from types import FunctionType
from typing import Any, TypeVar

import strawberry
from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
    is_object_type,
    specified_rules,
)
from graphql.validation import ASTValidationRule, OverlappingFieldsCanBeMergedRule
from graphql.validation.rules import overlapping_fields_can_be_merged as _overlapping
from strawberry.dataloader import DataLoader
from strawberry.execution import optimized_is_awaitable
from strawberry.file_uploads.utils import replace_placeholders_with_files
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

is_awaitable = optimized_is_awaitable


def core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built and executes."""
    return schema._schema


class Executor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor holds its own bound methods (``async_helpers``), a
    reference cycle that keeps the request's context, loaders and results alive
    until the garbage collector runs. Breaking it once the response is built lets
    reference counting free them at once (measured: about 140 objects a request
    left to the collector before, none after)."""

    def build_response(self, data: dict[str, Any] | None) -> Any:
        response = super().build_response(data)
        self.async_helpers = None  # type: ignore[assignment]
        return response


def cached(loader: DataLoader[K, T], key: K) -> Future[T] | None:
    """The future the loader holds for ``key`` (None when it caches nothing or not that)."""
    if loader.cache:
        return loader.cache_map.get(key)
    return None


def _leaves_alike(type1: GraphQLOutputType, type2: GraphQLOutputType) -> bool:
    """Both types are leaves (enum or scalar) under the same list and non-null wrappers."""
    while True:
        if isinstance(type1, GraphQLNonNull) and isinstance(type2, GraphQLNonNull):
            type1, type2 = type1.of_type, type2.of_type
        elif isinstance(type1, GraphQLList) and isinstance(type2, GraphQLList):
            type1, type2 = type1.of_type, type2.of_type
        else:
            return is_leaf_type(type1) and is_leaf_type(type2)


def _distinct_object_leaves(details1: Any, details2: Any) -> bool:
    """Two fields graphql-ruby (GitHub's server) merges and graphql-core does not: their
    parents are different object types, so at most one of them is ever in a response, and
    both are leaf values (``... on Issue { state } ... on PullRequest { state }``)."""
    parent1, parent2 = details1.parent_type, details2.parent_type
    definition1, definition2 = details1.definition, details2.definition
    return (
        parent1 is not parent2
        and is_object_type(parent1)
        and is_object_type(parent2)
        and definition1 is not None
        and definition2 is not None
        and details1.stream_directive is None
        and details2.stream_directive is None
        and _leaves_alike(definition1.type, definition2.type)
    )


def _rebound(function: Any, namespace: dict[str, Any]) -> Any:
    """``function`` with ``namespace`` as its globals (defaults and annotations kept)."""
    copy = FunctionType(
        function.__code__,
        namespace,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__qualname__ = function.__qualname__
    copy.__doc__ = function.__doc__
    copy.__annotations__ = dict(function.__annotations__)
    return copy


def _rebound_overlapping_fields() -> dict[str, Any]:
    """graphql-core's overlapping-fields functions, with ``find_conflict`` (which all the
    others reach through the module's globals) skipping the pairs above: every other
    conflict is found and worded by graphql-core's own code. The module's constants are
    copied at import (its budget is not: ``RuleContext`` reads it per validation)."""
    namespace = dict(vars(_overlapping))
    for name, value in vars(_overlapping).items():
        if isinstance(value, FunctionType) and value.__module__ == _overlapping.__name__:
            namespace[name] = _rebound(value, namespace)
    find_conflict = namespace["find_conflict"]
    spend_complexity_budget = namespace["spend_complexity_budget"]

    def find_conflict_of_distinct_objects(
        validation_context: Any,
        rule_context: Any,
        parent_fields_are_mutually_exclusive: bool,
        response_name: str,
        details1: Any,
        scope1: Any,
        details2: Any,
        scope2: Any,
    ) -> Any:
        if _distinct_object_leaves(details1, details2):
            # Charged as graphql-core charges a pair: the budget still bounds the work.
            spend_complexity_budget(rule_context, 2)
            return None
        return find_conflict(
            validation_context,
            rule_context,
            parent_fields_are_mutually_exclusive,
            response_name,
            details1,
            scope1,
            details2,
            scope2,
        )

    namespace["find_conflict"] = find_conflict_of_distinct_objects
    return namespace


_OVERLAPPING = _rebound_overlapping_fields()
_enter_selection_set: Any = OverlappingFieldsCanBeMergedRule.enter_selection_set


class OverlappingFieldsOfDistinctObjects(OverlappingFieldsCanBeMergedRule):
    """graphql-core's rule, but two leaf fields (enums or scalars) whose parents are
    different object types may return different types under one response name, as
    GitHub's server allows: ``gh issue view`` selects ``state`` as ``IssueState`` on
    ``Issue`` and as ``PullRequestState`` on ``PullRequest``. Everything else, the same
    types under one parent included, conflicts exactly as graphql-core says."""

    enter_selection_set = _rebound(_enter_selection_set, _OVERLAPPING)


# graphql-core's specified rules with the overlapping-fields rule above in its place.
VALIDATION_RULES: tuple[type[ASTValidationRule], ...] = tuple(
    OverlappingFieldsOfDistinctObjects if rule is OverlappingFieldsCanBeMergedRule else rule
    for rule in specified_rules
)


__all__ = [
    "VALIDATION_RULES",
    "Executor",
    "OverlappingFieldsOfDistinctObjects",
    "cached",
    "core_schema",
    "is_awaitable",
    "replace_placeholders_with_files",
]


def fragments_of(info: Any) -> dict[str, Any]:
    """The fragments of the operation a Strawberry ``Info`` belongs to (graphql-core's)."""
    fragments: dict[str, Any] = info._raw_info.fragments
    return fragments
