"""The graphql-core and Strawberry internals Ingot relies on, all here so that an upgrade
touches one file. ``tests/fast/test_graphql_internals.py`` checks each of them.

- ``strawberry.Schema._schema``: the graphql-core schema, to validate and run prepared documents.
- ``strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext``: the executor we subclass.
- ``ExecutionContext.build_response``, ``.async_helpers``: where the executor's cycle is broken.
- ``strawberry.execution.optimized_is_awaitable``: Strawberry's fast awaitable check.
- ``DataLoader.cache``, ``.cache_map``: a loader's futures, read to answer without awaiting.
- ``strawberry.file_uploads.utils.replace_placeholders_with_files``: multipart request files.
- ``strawberry.Info._raw_info``: graphql-core's info, for the operation's fragments.
"""

from __future__ import annotations

from asyncio import Future
from collections.abc import Hashable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLSchema
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


__all__ = [
    "Executor",
    "cached",
    "core_schema",
    "is_awaitable",
    "replace_placeholders_with_files",
]


def fragments_of(info: Any) -> dict[str, Any]:
    """The fragments of the operation a Strawberry ``Info`` belongs to (graphql-core's)."""
    fragments: dict[str, Any] = info._raw_info.fragments
    return fragments
