"""The graphql-core and Strawberry internals behind ``schema.graphql_internals`` still do
what Ingot relies on. No server, no database: the operations run need neither."""

from __future__ import annotations

import asyncio
import gc
import inspect
import weakref
from pathlib import Path
from typing import Any

import graphql
from graphql import GraphQLSchema, parse
from strawberry.dataloader import DataLoader

from app.config import Settings
from app.services.actor import ANONYMOUS
from app.services.runtime import Runtime
from schema import execute, execute_checked, schema
from schema.context import context_for
from schema.graphql_internals import (
    Executor,
    cached,
    core_schema,
    is_awaitable,
    replace_placeholders_with_files,
)
from schema.limits import DEFAULT_LIMITS


def _anonymous() -> Any:
    """An anonymous request context; nothing these operations resolve touches storage."""
    nowhere = Path("/nonexistent/ingot-fast-test")
    settings = Settings(
        nowhere, f"sqlite://{nowhere}/ingot.db", "secret", "http://ingot.test", "gogs"
    )
    runtime = Runtime.from_settings(settings)
    return context_for(ANONYMOUS, "http://ingot.test", runtime=runtime)


def test_core_schema_is_the_graphql_core_schema_strawberry_runs() -> None:
    core = core_schema(schema)
    assert isinstance(core, GraphQLSchema)
    assert core.query_type is not None and core.query_type.name == "Query"
    assert core.get_type("Repository") is not None


def test_graphql_core_executes_with_our_executor_and_awaitable_check() -> None:
    parameters = inspect.signature(graphql.execute).parameters
    assert {"executor_class", "is_awaitable"} <= set(parameters)
    assert issubclass(Executor, graphql.Executor)


def test_the_executor_frees_the_request_by_reference_counting() -> None:
    """Without the cycle ``async_helpers`` makes, nothing waits for the collector."""
    seen: list[Executor] = []
    original = Executor.build_response

    def build_response(self: Executor, data: dict[str, Any] | None) -> Any:
        seen.append(self)
        assert self.async_helpers is not None
        return original(self, data)

    gc.collect()
    gc.disable()
    try:
        Executor.build_response = build_response  # type: ignore[method-assign]
        context = _anonymous()
        alive = weakref.ref(context)
        result = asyncio.run(execute_checked(context, parse("{ viewer { login } }")))
        assert result.errors is None and result.data == {"viewer": None}
        assert seen and seen[0].async_helpers is None
        del context, result, seen[:]
        assert alive() is None
    finally:
        Executor.build_response = original  # type: ignore[method-assign]
        gc.enable()


def test_is_awaitable_tells_coroutines_from_values() -> None:
    async def nothing() -> None:
        return None

    coroutine = nothing()
    assert is_awaitable(coroutine)
    asyncio.run(coroutine)
    assert not is_awaitable(1) and not is_awaitable("x") and not is_awaitable([1])


def test_cached_gives_the_future_a_loader_holds() -> None:
    async def load(keys: list[int]) -> list[int]:
        return [k * 10 for k in keys]

    async def run() -> None:
        loader: DataLoader[int, int] = DataLoader(load_fn=load)
        assert cached(loader, 1) is None
        assert await loader.load(1) == 10
        future = cached(loader, 1)
        assert future is not None and future.done() and future.result() == 10
        loader.prime(2, 20)
        primed = cached(loader, 2)
        assert primed is not None and primed.result() == 20
        uncached: DataLoader[int, int] = DataLoader(load_fn=load, cache=False)
        assert await uncached.load(1) == 10 and cached(uncached, 1) is None

    asyncio.run(run())


def test_multipart_files_replace_their_placeholders() -> None:
    upload = object()
    operations: dict[str, Any] = {"query": "", "variables": {"input": {"file": None}}}
    replaced = replace_placeholders_with_files(
        operations, {"0": ["variables.input.file"]}, {"0": upload}
    )
    assert replaced["variables"]["input"]["file"] is upload


def test_the_limits_are_part_of_the_cached_validation() -> None:
    """The limits rule runs inside the validation the ValidationCache keeps: a refused
    document is refused again when its validation comes from the cache."""
    fields = " ".join(f"a{n}: viewer {{ login }}" for n in range(DEFAULT_LIMITS.aliases + 1))
    query = f"query TooManyAliases {{ {fields} }}"

    async def run() -> list[str]:
        result = await execute(_anonymous(), query)
        return [error.message for error in result.errors or []]

    for _ in range(2):
        assert any("aliases" in message for message in asyncio.run(run()))
