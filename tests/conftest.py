"""A live Ingot per database backend: a real uvicorn server on a free port.

Every test that takes ``forge`` runs twice, on SQLite and on PostgreSQL. Each
run creates its own PostgreSQL database and drops it afterwards. With
``CI=true`` an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.forge import Forge

ROOT = Path(__file__).resolve().parents[1]
PG_HOST = os.environ.get("INGOT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("INGOT_TEST_PG_PORT", "5432"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _psql(sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "psql",
            "-h",
            PG_HOST,
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@contextlib.contextmanager
def fresh_postgres_database(prefix: str = "ingot_test") -> Iterator[str]:
    """A new, uniquely named PostgreSQL database, dropped afterwards."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
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


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url


def start_server(
    tmp: Path,
    database_url: str | None,
    extra_env: dict[str, str] | None = None,
    launcher: list[str] | None = None,
) -> Forge:
    """``launcher`` replaces ``-m server.cli`` (``tests/querylog.py`` logs every SQL statement)."""
    port = free_port()
    data_dir = tmp / "data"
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "INGOT_DATA_DIR": str(data_dir),
        "INGOT_BASE_URL": f"http://127.0.0.1:{port}",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PYTHONUNBUFFERED": "1",
        # Every test client is 127.0.0.1: the shared servers must not run out of
        # the anonymous budget. tests/ratelimit starts servers with low limits.
        "INGOT_RATE_LIMIT_ANONYMOUS": "10000000",
        "INGOT_RATE_LIMIT_TOKEN": "10000000",
        # Tests sign in with wrong passwords from 127.0.0.1 all day (tests/ratelimit
        # checks the sign-in limiter on servers of its own).
        "INGOT_SIGN_IN_ADDRESS_LIMIT": "10000000",
        "INGOT_SIGN_IN_ACCOUNT_LIMIT": "10000000",
        # argon2 at its defaults was half of the test servers' CPU (two hashes per
        # new user). Tests use argon2's cheapest parameters; tests/core/test_signin.py
        # checks the defaults on a server started without these.
        "INGOT_ARGON2_TIME_COST": "1",
        "INGOT_ARGON2_MEMORY_KIB": "64",
        "INGOT_ARGON2_PARALLELISM": "1",
        # Many servers run at once: none binds SSH unless a test asks for it on a free port.
        "INGOT_SSH_PORT": "off",
        # One process per server (PostgreSQL's default is one per core): dozens of test
        # servers share one PostgreSQL and its connection limit. tests/workers asks for 2.
        "INGOT_WORKERS": "1",
        **(extra_env or {}),
    }
    env.pop("INGOT_DATABASE_URL", None)
    if database_url:
        # Dozens of test servers share one PostgreSQL and its 100 connections.
        if database_url.startswith("postgres") and "maxsize=" not in database_url:
            database_url += ("&" if "?" in database_url else "?") + "maxsize=4"
        env["INGOT_DATABASE_URL"] = database_url
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, *(launcher or ["-m", "server.cli"]), "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    forge = Forge(f"http://127.0.0.1:{port}", data_dir, env, process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        if forge.is_up():
            return forge
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not come up:\n{log_path.read_text()}")


class _ForgePool:
    """The shared servers, one per backend, each started on first use and kept until
    the session ends.

    ``forge`` is a parametrized session fixture, and pytest keeps one parameter's
    instance alive at a time: a worker of pytest-xdist given files in turn switched
    between sqlite and postgres for every file and restarted both servers each time
    (half a minute apiece). The pool makes a switch free.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.stack = contextlib.ExitStack()
        self.forges: dict[str, Forge] = {}

    def get(self, backend: str) -> Forge:
        if backend not in self.forges:
            database_url = None
            if backend == "postgres":
                database_url = self.stack.enter_context(fresh_postgres_database())
            forge = start_server(self.tmp_path_factory.mktemp(f"forge-{backend}"), database_url)
            forge.backend = backend
            self.forges[backend] = forge
        return self.forges[backend]

    def close(self) -> None:
        with self.stack:
            for forge in self.forges.values():
                forge.stop()


@pytest.fixture(scope="session")
def forge_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_ForgePool]:
    pool = _ForgePool(tmp_path_factory)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def forge(request: pytest.FixtureRequest, forge_pool: _ForgePool) -> Forge:
    return forge_pool.get(request.param)


def migrate_to(env: dict[str, str], target: str) -> None:
    """Migrate the database of a stopped server (its ``env``) to ``target``, e.g.
    ``ingot.0013_ci_runners``: up or down, as ``ingot serve`` runs migrations."""
    code = (
        "import asyncio\n"
        "from tortoise import Tortoise\n"
        "from tortoise.migrations.api import migrate\n"
        "from app.config import load_settings, tortoise_config\n"
        "async def main():\n"
        "    try:\n"
        "        config = tortoise_config(load_settings(), migrating=True)\n"
        f"        await migrate(config=config, target={target!r})\n"
        "    finally:\n"
        "        await Tortoise.close_connections()\n"
        "asyncio.run(main())\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120, text=True
    )
