"""X-Forwarded-For names the client only when the direct peer is a trusted proxy."""

from __future__ import annotations

import httpx

from tests.forge import Forge
from tests.ratelimit.conftest import StartLimited

VIEWER = {"query": "{ viewer { login } }"}


def _as(forge: Forge, forwarded_for: str) -> httpx.Response:
    return forge.client.post(
        f"{forge.url}/graphql", json=VIEWER, headers={"X-Forwarded-For": forwarded_for}
    )


def test_forwarded_for_is_ignored_from_an_untrusted_peer(start_limited: StartLimited) -> None:
    forge = start_limited(anonymous=2, token=10)
    # A client naming other addresses still spends its own (127.0.0.1's) budget.
    codes = [_as(forge, f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_forwarded_for_is_honoured_from_a_trusted_proxy(start_limited: StartLimited) -> None:
    forge = start_limited(
        anonymous=2, token=10, env={"INGOT_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1/32"}
    )
    # Behind the proxy every visitor has a budget of their own.
    for n in range(3):
        for _ in range(2):
            response = _as(forge, f"198.51.100.{n}")
            assert response.status_code == 200, response.text
    assert _as(forge, "198.51.100.0").status_code == 429
    # The rightmost address no trusted proxy stands for is the client: what the
    # client wrote further left (here "198.51.100.77") changes nothing.
    assert _as(forge, "198.51.100.77, 198.51.100.1, 10.1.2.3").status_code == 429
    assert _as(forge, "198.51.100.5, 10.1.2.3").status_code == 200
    # Garbage in the header is not an address; the proxy's own peer (127.0.0.1) stands in.
    assert _as(forge, "not-an-address").status_code == 200
    assert _as(forge, "not-an-address").status_code == 200
    assert _as(forge, "").status_code == 429
