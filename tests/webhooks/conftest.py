"""A forge that may deliver to loopback receivers, retrying after one second."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import database
from tests.conftest import start_server
from tests.forge import Forge
from tests.webhooks.receiver import Receiver, receiver

HOOK_ENV = {
    "INGOT_ALLOW_PRIVATE_WEBHOOKS": "true",
    "INGOT_WEBHOOK_RETRY_DELAYS": "1,1,1",
    "INGOT_SECRET_KEY": "test-server-key",
}


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def hooks(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Forge]:
    with database(request.param) as url:
        forge = start_server(tmp_path_factory.mktemp(f"hooks-{request.param}"), url, HOOK_ENV)
        forge.backend = request.param
        try:
            yield forge
        finally:
            forge.stop()


@pytest.fixture
def sink() -> Iterator[Receiver]:
    with receiver() as hub:
        yield hub
