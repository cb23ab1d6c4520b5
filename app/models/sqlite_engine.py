"""SQLite engine whose transactions take the write lock up front.

Tortoise opens a deferred ``BEGIN``; with a second process writing (the CLI,
a git hook) a "read, then write" transaction fails with "database is locked"
instead of waiting. ``BEGIN IMMEDIATE`` plus ``busy_timeout`` makes writers
queue instead. ``UPPER`` is replaced by a Unicode-aware one.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.sqlite.client import SqliteTransactionWrapper
from tortoise.exceptions import TransactionManagementError

from app.models.tortoise_internals import (
    HookedSqliteClient,
    sqlite_connection,
    transaction_connection,
)


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        connection = transaction_connection(self)
        try:
            await connection.commit()
            await connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


def _unicode_upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


class ImmediateSqliteClient(HookedSqliteClient):
    def transaction_wrapper(self) -> SqliteTransactionWrapper:
        return ImmediateTransactionWrapper(self)

    async def create_connection(self, with_db: bool) -> None:
        await super().create_connection(with_db)
        connection = sqlite_connection(self)
        if connection is not None:
            # SQLite's UPPER folds ASCII only; case-insensitive filters (icontains) use
            # UPPER on both sides, so give them Python's Unicode case folding instead.
            await connection.create_function("upper", 1, _unicode_upper, deterministic=True)


client_class = ImmediateSqliteClient
