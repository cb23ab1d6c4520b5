"""Dedicated servers and their databases, for tests that need their own settings or restarts.

``database(backend)`` gives a fresh database URL (None for SQLite in the
data dir) so a dedicated server never shares its job queue with the
session's ``forge``; ``sql`` reads and writes that database directly, for
states no API produces (a worker that died mid-job).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pygit2
import pytest

from tests.conftest import PG_HOST, PG_PORT, _psql, start_server
from tests.forge import Forge

T = TypeVar("T")


@contextmanager
def database(backend: str) -> Iterator[str | None]:
    if backend == "sqlite":
        yield None
        return
    name = f"ingot_jobs_{os.getpid()}_{uuid.uuid4().hex[:8]}"
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


@contextmanager
def counted_server(backend: str, tmp: Path) -> Iterator[tuple[Forge, Path]]:
    """A server of its own on a fresh database that logs every SQL statement to the path
    it yields beside it (``tests/querylog.py``), for tests that count statements."""
    with database(backend) as database_url:
        log = tmp / "sql.log"
        forge = start_server(tmp, database_url, launcher=["-m", "tests.querylog", str(log)])
        forge.backend = backend
        try:
            yield forge, log
        finally:
            forge.stop()


def sql(forge: Forge, statement: str, data_dir: Path | None = None) -> list[tuple[Any, ...]]:
    """Run one statement against the server's database; rows as tuples of strings (psql) or values."""
    url = forge.env.get("INGOT_DATABASE_URL")
    if url is None:
        db = sqlite3.connect((data_dir or forge.data_dir) / "ingot.db", timeout=30)
        try:
            rows = db.execute(statement).fetchall()
            db.commit()
            return rows
        finally:
            db.close()
    parts = urlsplit(url)
    result = subprocess.run(
        [
            *("psql", "-h", parts.hostname or PG_HOST, "-p", str(parts.port or PG_PORT)),
            *("-U", "postgres", "-d", parts.path.lstrip("/"), "-v", "ON_ERROR_STOP=1"),
            *("-qAt", "-F", "\t", "-c", statement),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [tuple(line.split("\t")) for line in result.stdout.splitlines() if line]


def timestamp(offset: timedelta = timedelta(0)) -> str:
    """A timestamp literal in the format Tortoise stores (SQLite compares them as text)."""
    return (datetime.now(UTC) + offset).isoformat(sep=" ")


def dump(forge: Forge) -> bytes:
    """Everything the database holds, as bytes to search for secrets."""
    url = forge.env.get("INGOT_DATABASE_URL")
    if url is None:
        return b"".join(p.read_bytes() for p in forge.data_dir.glob("ingot.db*"))
    parts = urlsplit(url)
    return subprocess.run(
        [
            *("pg_dump", "-h", parts.hostname or PG_HOST, "-p", str(parts.port or PG_PORT)),
            *("-U", "postgres", "--data-only", parts.path.lstrip("/")),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout


def wait_for(probe: Callable[[], T | None], timeout: float = 60, what: str = "it") -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def git_env(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
    }


SIGNATURE = pygit2.Signature("Ada", "ada@example.com", 1_700_000_000, 0)


def commit_files(path: Path, branch: str, count: int, prefix: str = "c") -> list[str]:
    """Write ``count`` commits onto ``branch`` of the (bare) repository at ``path``."""
    repo = pygit2.Repository(str(path))
    ref = f"refs/heads/{branch}"
    parent = [repo.references[ref].target] if ref in repo.references else []
    made = []
    for n in range(count):
        blob = repo.create_blob(f"{prefix} {n}\n".encode())
        builder = repo.TreeBuilder()
        builder.insert("file.txt", blob, pygit2.enums.FileMode.BLOB)
        oid = repo.create_commit(
            ref, SIGNATURE, SIGNATURE, f"{prefix} {n}", builder.write(), parent
        )
        parent = [oid]
        made.append(str(oid))
    return made
