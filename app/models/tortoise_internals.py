"""The Tortoise ORM internals Ingot relies on, all here so that an upgrade touches one file.

``tests/fast/test_tortoise_internals.py`` checks each against the installed Tortoise.

- ``QuerySet._choose_db_if_not_chosen``, ``_make_query``: build a queryset's SQL without running it.
- ``QuerySet._prefetch_map``, ``_annotations``: what a prepared lookup could not replay.
- ``QuerySet._select_related_idx``: how the executor attaches ``select_related`` rows.
- ``Model._meta.db``: the connection a model's queries use (the transaction's, in one).
- ``executor_class(...).execute_select``: model rows, hydrated by Tortoise, from SQL we hold.
- ``SqliteClient._in_transaction``, ``_lock``: the hook that picks a transaction's wrapper.
- ``SqliteClient._connection``: the aiosqlite connection under a client or a transaction.
- ``Model._<relation>``: where a foreign key's row lives once ``select_related`` loaded it.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

import aiosqlite
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.models import Model
from tortoise.queryset import AwaitableQuery, QuerySet

M = TypeVar("M", bound=Model)


def compiled_sql(queryset: AwaitableQuery[Any]) -> tuple[str, list[Any]]:
    """The parameterised SQL the queryset would run, for the database it would run on."""
    queryset._choose_db_if_not_chosen()
    queryset._make_query()
    return queryset.query.get_parameterized_sql()


def prefetches_or_annotates(queryset: QuerySet[Any]) -> bool:
    """Whether the queryset does work after its SELECT (prefetching, annotations)."""
    return bool(queryset._prefetch_map or queryset._annotations)


def select_related_index(queryset: QuerySet[Any]) -> list[Any]:
    """How the rows of a compiled queryset map onto its ``select_related`` objects."""
    return list(queryset._select_related_idx)


def model_connection(model: type[Model]) -> BaseDBAsyncClient:
    """The connection the model's queries use now: the transaction's inside ``in_transaction``."""
    return model._meta.db


def select_models(
    model: type[M], db: BaseDBAsyncClient, sql: str, params: list[Any], related: list[Any]
) -> Awaitable[list[M]]:
    """Rows of ``sql`` as ``model`` instances, exactly as the queryset would hydrate them.

    The executor's own coroutine, not a wrapper around it: no extra frame per lookup.
    """
    executor = db.executor_class(model=model, db=db, select_related_idx=related)
    rows: Awaitable[list[M]] = executor.execute_select(sql, params)
    return rows


def sqlite_connection(client: SqliteClient) -> aiosqlite.Connection | None:
    """The aiosqlite connection of a client (None before it connects)."""
    return client._connection


def transaction_connection(transaction: SqliteTransactionWrapper) -> aiosqlite.Connection:
    """The aiosqlite connection a transaction runs on (its client's)."""
    return transaction._connection


class HookedSqliteClient(SqliteClient):
    """``SqliteClient`` whose transactions use the wrapper ``transaction_wrapper`` gives."""

    def transaction_wrapper(self) -> SqliteTransactionWrapper:
        return SqliteTransactionWrapper(self)

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(self.transaction_wrapper(), self._lock)


def loaded_relation(row: Model, name: str) -> Any | None:
    """The row of ``row``'s foreign key ``name`` if it is already loaded (``select_related``
    or assigned), else None; never a query."""
    value = getattr(row, f"_{name}", None)
    return value if isinstance(value, Model) else None
