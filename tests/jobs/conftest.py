"""Each jobs test starts its own servers on a fresh database of each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import database
from tests.gitsource import source  # noqa: F401 (a fixture)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    with database(request.param) as url:
        yield url
