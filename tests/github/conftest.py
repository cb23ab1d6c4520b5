"""A forge per backend with GitHub's query budget (500,000 objects, ``INGOT_MAX_QUERY_COST``):
gh's ``issue list --json comments`` asks for up to ~400,000, past Ingot's default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fresh_postgres_database, start_server
from tests.forge import Forge

GITHUB_BUDGET = {"INGOT_MAX_QUERY_COST": "500000"}


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
        return
    with fresh_postgres_database("ingot_github") as url:
        yield url


@pytest.fixture
def github_forge(tmp_path: Path, database_url: str | None) -> Iterator[Forge]:
    forge = start_server(tmp_path, database_url, GITHUB_BUDGET)
    try:
        yield forge
    finally:
        forge.stop()
