"""The fast tier (``make test-fast``): no server, no database, seconds in all.

Tests here call modules in-process (git plumbing on temporary repositories,
the schema, the REST machinery). A test that needs a live forge belongs with
its feature, where it shares the servers of ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SERVER_FIXTURES = frozenset({"forge", "postgres_database"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse, before any server starts, a test here that asks for one."""
    for item in items:
        asked = SERVER_FIXTURES & set(getattr(item, "fixturenames", ()))
        if asked and item.path.is_relative_to(HERE):
            raise pytest.UsageError(f"{item.nodeid} is in tests/fast but asks for {sorted(asked)}")
