"""Dedicated servers with low limits, each on a database of its own.

The shared ``forge`` servers run with limits too high to reach; these tests
start their own, on a fresh SQLite file or a fresh PostgreSQL database, so no
other server's requests are counted in their windows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_HOST, PG_PORT, _psql, start_server
from tests.forge import Forge, unique

StartLimited = Callable[..., Forge]


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL for ``backend``."""
    if backend == "sqlite":
        yield f"sqlite://{tmp_path / 'shared.db'}"
        return
    name = f"ingot_rl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    created = _psql(f'CREATE DATABASE "{name}"')
    if created.returncode != 0:
        message = f"PostgreSQL is unreachable: {created.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def start_limited(database_url: str, tmp_path: Path) -> Iterator[StartLimited]:
    """Start servers on the test's database with the given limits; stopped afterwards.

    Windows default to a day, so a window rarely ends while a test spends a budget.
    """
    started: list[Forge] = []

    def start(
        *, anonymous: int, token: int, window: int = 86400, env: dict[str, str] | None = None
    ) -> Forge:
        forge = start_server(
            tmp_path / f"server{len(started)}",
            database_url,
            extra_env={
                "INGOT_RATE_LIMIT_ANONYMOUS": str(anonymous),
                "INGOT_RATE_LIMIT_TOKEN": str(token),
                "INGOT_RATE_LIMIT_WINDOW_SECONDS": str(window),
                **(env or {}),
            },
        )
        started.append(forge)
        return forge

    try:
        yield start
    finally:
        for forge in started:
            forge.stop()


def cli_token(forge: Forge, scopes: str = "repo:read,repo:write") -> str:
    """A new user's token minted with the CLI, so no request is spent on it."""
    login = unique("rl")
    created = forge.cli(
        "admin",
        "create-user",
        login,
        "--email",
        f"{login}@example.com",
        "--password",
        "pw-long-enough-1",
    )
    assert created.returncode == 0, created.stderr
    minted = forge.cli("admin", "create-token", login, "--name", "rl", "--scopes", scopes)
    assert minted.returncode == 0, minted.stderr
    return minted.stdout.strip().splitlines()[-1]
