"""Live Ingots per backend, each on a database of its own, with a short runner timeout:
one served by an ``ingot runner`` for the whole session, one where tests claim by hand."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from tests.backends import database
from tests.conftest import start_server
from tests.forge import Forge

# A runner silent this long loses its pipelines (INGOT_RUNNER_TIMEOUT), short for the tests.
RUNNER_TIMEOUT = 6
CI_ENV = {"INGOT_RUNNER_TIMEOUT": str(RUNNER_TIMEOUT)}


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def ci_forge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Forge]:
    with database(request.param) as database_url:
        tmp = tmp_path_factory.mktemp(f"ci-{request.param}")
        forge = start_server(tmp, database_url, CI_ENV)
        forge.backend = request.param
        try:
            yield forge
        finally:
            forge.stop()


@pytest.fixture(scope="session")
def ci_runner(ci_forge: Forge) -> Iterator[subprocess.Popen[bytes]]:
    """One runner (capacity 2) serving ``ci_forge`` for the whole session."""
    from tests.ci.runners import running_runner

    with running_runner(ci_forge, capacity=2) as process:
        yield process


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def agent_forge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Forge]:
    """A forge with no runner of its own: tests claim pipelines by hand or start runners.
    Each test leaves nothing pending behind it."""
    with database(request.param) as database_url:
        tmp = tmp_path_factory.mktemp(f"agent-{request.param}")
        forge = start_server(tmp, database_url, CI_ENV)
        forge.backend = request.param
        try:
            yield forge
        finally:
            forge.stop()
