"""Hot lookups compiled to SQL once, then only bound to new values.

Tortoise rebuilds a query's SQL on every await (pypika objects, copies, name
quoting, filter resolution). For a one-row lookup by key, which most requests
make (a repository by owner and name, a token by its hash), building the SQL
costs more than running it on SQLite. A ``Prepared`` lookup is written as an
ordinary queryset over string parameters; the first call compiles it for the
database in use, and every later call reuses that SQL and hydrates the rows
with Tortoise's own executor, so ``select_related`` objects come back attached
exactly as they would from the queryset. Calls inside ``in_transaction()`` use
the transaction's connection, as the queryset would.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.models.tortoise_internals import (
    compiled_sql,
    model_connection,
    prefetches_or_annotates,
    select_models,
    select_related_index,
)

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # For each SQL parameter: the index of the call's value, or None for a constant.
    slots: tuple[int | None, ...]
    constants: tuple[Any, ...]
    select_related_idx: list[Any]


class Prepared(Generic[M]):
    """``build(*markers)`` returns the queryset; each call's values take the markers' places.

    The values must be strings (keys such as logins, names and hashes), and the
    queryset must use every marker as a filter value. ``build`` runs once per
    database dialect, at the first call.
    """

    def __init__(self, model: type[M], arity: int, build: Callable[..., QuerySet[M]]) -> None:
        self._model = model
        self._arity = arity
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    async def all(self, *values: str) -> list[M]:
        if len(values) != self._arity:
            raise TypeError(f"expected {self._arity} values, got {len(values)}")
        db = model_connection(self._model)
        compiled = self._compiled.get(db.capabilities.dialect)
        if compiled is None:
            compiled = self._compiled[db.capabilities.dialect] = self._compile()
        params = [
            values[slot] if slot is not None else constant
            for slot, constant in zip(compiled.slots, compiled.constants, strict=True)
        ]
        return await select_models(
            self._model, db, compiled.sql, params, compiled.select_related_idx
        )

    async def first(self, *values: str) -> M | None:
        rows = await self.all(*values)
        return rows[0] if rows else None

    def _compile(self) -> _Compiled:
        nonce = secrets.token_hex(8)
        markers = [f"\x00ingot-prepared-{nonce}-{i}\x00" for i in range(self._arity)]
        queryset = self._build(*markers)
        sql, params = compiled_sql(queryset)
        if prefetches_or_annotates(queryset):
            raise ValueError("a prepared lookup cannot prefetch or annotate")
        slots = tuple(markers.index(p) if p in markers else None for p in params)
        if set(range(self._arity)) - set(s for s in slots if s is not None):
            raise ValueError("every marker must be a parameter of the query")
        constants = tuple(None if s is not None else p for s, p in zip(slots, params, strict=True))
        return _Compiled(
            sql=sql,
            slots=slots,
            constants=constants,
            select_related_idx=select_related_index(queryset),
        )
