"""An Ingot that may import from private addresses (the git daemon on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import database
from tests.conftest import start_server
from tests.forge import Forge
from tests.gitsource import source  # noqa: F401 (a fixture)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def importer(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Forge]:
    with database(request.param) as url:
        forge = start_server(
            tmp_path_factory.mktemp(f"importer-{request.param}"),
            url,
            {"INGOT_ALLOW_PRIVATE_IMPORTS": "1", "INGOT_MAINTENANCE_DELAY": "0"},
        )
        forge.backend = request.param
        try:
            yield forge
        finally:
            forge.stop()
