"""With INGOT_ALLOW_PRIVATE_WEBHOOKS off, no delivery reaches a non-public address."""

from __future__ import annotations

import pytest

from tests.forge import Forge
from tests.webhooks.flow import attempted, create_hook, ping
from tests.webhooks.receiver import Receiver


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/hook",
        "http://localhost:{port}/hook",
        "http://0.0.0.0:{port}/hook",
        "https://192.168.1.1/hook",
    ],
)
def test_owner_cannot_deliver_to_a_private_address(
    forge: Forge, sink: Receiver, target: str
) -> None:
    owner = forge.new_user()
    repo = forge.new_repo(owner)
    port = sink.url.split(":")[2].split("/")[0]
    hook = create_hook(forge, owner.token, repo["id"], target.format(port=port))
    sent = ping(forge, owner.token, hook["id"])
    found = attempted(forge, owner.token, sent["id"])
    error = found["attemptsLog"][0]["error"]
    assert "non-public address" in error, error
    assert found["lastError"] == error
    assert found["attemptsLog"][0]["responseStatus"] is None
    assert found["status"] == "PENDING"  # retried later, refused again
    assert sink.requests == []
