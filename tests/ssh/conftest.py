"""Servers with SSH on a free port (the shared ``forge`` servers run without it)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import PG_HOST, PG_PORT, _psql, free_port, fresh_postgres_database, start_server
from tests.forge import Forge


@pytest.fixture(scope="session")
def ssh_postgres_database() -> Iterator[str]:
    """A database of its own: the shared ``forge`` server has ``postgres_database``."""
    name = f"ingot_ssh_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    created = _psql(f'CREATE DATABASE "{name}"')
    if created.returncode != 0:
        message = f"PostgreSQL at {PG_HOST}:{PG_PORT} is unreachable: {created.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ssh_server(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    backend: str,
    anonymous: bool,
) -> Iterator[Forge]:
    # A fresh database per server start: under pytest-xdist a worker may start it twice.
    stack = contextlib.ExitStack()
    database_url = (
        stack.enter_context(fresh_postgres_database("ingot_ssh")) if backend == "postgres" else None
    )
    tmp = tmp_path_factory.mktemp(f"ssh-{backend}")
    port = free_port()
    env = {
        "INGOT_SSH_PORT": str(port),
        "INGOT_SSH_ANONYMOUS_READ": "true" if anonymous else "false",
        "INGOT_SSH_HOST": "127.0.0.1",
        # Short, for the stalled-client tests; above git's 5 s keepalives while it works.
        "INGOT_GIT_IDLE_TIMEOUT": "12",
    }
    forge = start_server(tmp, database_url, env)
    forge.backend = backend
    forge.ssh_port = port  # type: ignore[attr-defined]
    try:
        yield forge
    finally:
        forge.stop()
        stack.close()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def ssh_forge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Forge]:
    """SSH on, anonymous read on, a 12 s idle timeout."""
    yield from _ssh_server(request, tmp_path_factory, request.param, anonymous=True)


@pytest.fixture(scope="session")
def ssh_forge_closed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Forge]:
    """SSH on, anonymous read off (SQLite: nothing here depends on the database)."""
    yield from _ssh_server(request, tmp_path_factory, "sqlite", anonymous=False)
