"""SQLite engine whose transactions take the write lock up front.

Tortoise opens a deferred ``BEGIN``; with a second process writing (the CLI,
a git hook) a "read, then write" transaction fails with "database is locked"
instead of waiting. ``BEGIN IMMEDIATE`` plus ``busy_timeout`` makes writers
queue instead. ``UPPER`` is replaced by a Unicode-aware one.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


def _unicode_upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)

    async def create_connection(self, with_db: bool) -> None:
        await super().create_connection(with_db)
        if self._connection is not None:
            # SQLite's UPPER folds ASCII only; case-insensitive filters (icontains) use
            # UPPER on both sides, so give them Python's Unicode case folding instead.
            await self._connection.create_function("upper", 1, _unicode_upper, deterministic=True)


client_class = ImmediateSqliteClient
