"""Which address is the client's (server/client_address.py)."""

from __future__ import annotations

from server.client_address import networks, resolve

TRUSTED = networks(["10.0.0.0/8", "127.0.0.1", "::1"])


def test_the_peer_is_the_client_without_trusted_proxies() -> None:
    assert resolve("127.0.0.1", ["198.51.100.1"], ()) == "127.0.0.1"
    assert resolve("192.0.2.1", ["198.51.100.1"], TRUSTED) == "192.0.2.1"


def test_a_trusted_proxy_s_forwarded_for_is_read_right_to_left() -> None:
    assert resolve("127.0.0.1", ["198.51.100.1"], TRUSTED) == "198.51.100.1"
    assert resolve("127.0.0.1", ["6.6.6.6, 198.51.100.1, 10.0.0.2"], TRUSTED) == "198.51.100.1"
    assert resolve("::1", ["6.6.6.6", "2001:db8::1"], TRUSTED) == "2001:db8::1"
    assert resolve("127.0.0.1", ["10.0.0.3, 10.0.0.2"], TRUSTED) == "10.0.0.3"


def test_garbage_stops_the_walk() -> None:
    assert resolve("127.0.0.1", ["junk"], TRUSTED) == "127.0.0.1"
    assert resolve("127.0.0.1", ["198.51.100.1, junk, 10.0.0.2"], TRUSTED) == "10.0.0.2"
    assert resolve("127.0.0.1", [], TRUSTED) == "127.0.0.1"
