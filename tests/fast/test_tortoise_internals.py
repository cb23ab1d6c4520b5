"""The Tortoise internals behind ``app.models.tortoise_internals`` still do what Ingot relies on.

Each test runs on a fresh SQLite file through Ingot's own engine; no server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from tortoise import Tortoise
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.config import Settings, tortoise_config
from app.models import Account, AccountKind, Repository
from app.models.prepared import Prepared
from app.models.sqlite_engine import ImmediateTransactionWrapper
from app.models.tortoise_internals import (
    compiled_sql,
    loaded_relation,
    model_connection,
    prefetches_or_annotates,
    select_related_index,
    sqlite_connection,
    transaction_connection,
)

T = TypeVar("T")


def _on_sqlite(tmp_path: Path, work: Callable[[], Awaitable[T]]) -> T:
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite://{tmp_path / 'ingot.db'}",
        secret_key="",
        base_url="",
        api_v1="gogs",
    )

    async def run() -> T:
        await Tortoise.init(config=tortoise_config(settings))
        try:
            await Tortoise.generate_schemas()
            return await work()
        finally:
            await Tortoise.close_connections()

    return asyncio.run(run())


async def _owner_and_repository() -> Repository:
    owner = await Account.create(
        login="Ann", login_lower="ann", kind=AccountKind.USER, display_name="Ann"
    )
    return await Repository.create(owner=owner, name="tools", name_lower="tools")


def test_compiled_sql_chooses_the_database_and_keeps_values_as_parameters(
    tmp_path: Path,
) -> None:
    async def work() -> None:
        query: QuerySet[Account] = Account.filter(login_lower="ann")
        sql, params = compiled_sql(query)
        assert query._db is model_connection(Account)
        assert "login_lower" in sql and params == ["ann"]
        ids = Account.filter(login_lower="ann").values_list("id", flat=True)
        assert compiled_sql(ids)[1] == ["ann"]

    _on_sqlite(tmp_path, work)


def test_a_queryset_says_whether_it_prefetches_or_annotates(tmp_path: Path) -> None:
    async def work() -> None:
        plain = Repository.filter(name_lower="tools")
        compiled_sql(plain)
        assert not prefetches_or_annotates(plain)
        fetching = Repository.filter(name_lower="tools").prefetch_related("owner")
        compiled_sql(fetching)
        assert prefetches_or_annotates(fetching)
        counting = Repository.filter(name_lower="tools").annotate(n=Count("id"))
        compiled_sql(counting)
        assert prefetches_or_annotates(counting)

    _on_sqlite(tmp_path, work)


def test_select_related_rows_come_back_attached_through_the_executor(tmp_path: Path) -> None:
    async def work() -> None:
        created = await _owner_and_repository()
        joined = Repository.filter(name_lower="tools").select_related("owner")
        compiled_sql(joined)
        assert select_related_index(joined)
        lookup = Prepared(
            Repository,
            2,
            lambda owner, name: Repository.filter(
                owner__login_lower=owner, name_lower=name
            ).select_related("owner"),
        )
        found = await lookup.first("ann", "tools")
        assert found is not None and found.pk == created.pk
        # select_related hydrated the owner: no query, no awaitable.
        assert isinstance(found.owner, Account) and found.owner.login == "Ann"
        assert loaded_relation(found, "owner") is found.owner
        plain = await Repository.get(pk=created.pk)
        assert loaded_relation(plain, "owner") is None

    _on_sqlite(tmp_path, work)


def test_a_model_connection_is_the_transaction_inside_one(tmp_path: Path) -> None:
    async def work() -> None:
        outside = model_connection(Account)
        assert outside.capabilities.dialect == "sqlite"
        async with in_transaction() as connection:
            assert model_connection(Account) is connection
        assert model_connection(Account) is outside

    _on_sqlite(tmp_path, work)


def test_sqlite_transactions_take_the_write_lock_up_front(tmp_path: Path) -> None:
    async def work() -> None:
        client = model_connection(Account)
        assert isinstance(client, SqliteClient)
        assert hasattr(SqliteClient, "_in_transaction") and hasattr(client, "_lock")
        async with in_transaction() as transaction:
            assert isinstance(transaction, ImmediateTransactionWrapper)
            assert transaction_connection(transaction).in_transaction
            assert transaction_connection(transaction) is sqlite_connection(client)

    _on_sqlite(tmp_path, work)


def test_the_sqlite_connection_gets_unicode_upper(tmp_path: Path) -> None:
    async def work() -> None:
        client = model_connection(Account)
        assert isinstance(client, SqliteClient)
        connection = sqlite_connection(client)
        assert connection is not None
        async with connection.execute("SELECT upper('straße é')") as cursor:
            row = await cursor.fetchone()
        assert row is not None and row[0] == "STRASSE É"

    _on_sqlite(tmp_path, work)
