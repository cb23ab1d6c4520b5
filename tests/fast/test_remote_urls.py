"""The URL and address checks, as pure functions (no server needed)."""

from __future__ import annotations

import ipaddress

import pytest

from app.git import remote


@pytest.mark.parametrize(
    "url",
    [
        "",
        "file:///etc",
        "/etc/passwd",
        "../x",
        "ext::sh -c touch% /tmp/pwned",
        "fd::17",
        "https://example.com/a::b",
        "--upload-pack=touch /tmp/x",
        "-c",
        "ssh://git@example.com/x.git",
        "git@example.com:x.git",
        "https://example.com/x .git",
        "https://example.com/x\t.git",
        "https://example.com/\x00",
        "https://example.com/x.git\r\n",
        "https:///x.git",
        "https://-oProxyCommand=x/x.git",
        "http://evil.example\\@127.0.0.1/x.git",
        "http://ex_ample.com/x.git",
        "http://%31%32%37.0.0.1/x.git",
        "http://[fe80::1%25eth0]/x.git",
        "https://example.com:99999/x.git",
        "https://example.com/x.git#frag",
        "git://user:pw@example.com/x.git",
        "https://example.com/" + "a" * 2048,
    ],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(remote.UnsafeRemote):
        remote.parse(url)


def test_credentials_are_split_from_the_url() -> None:
    parsed = remote.parse("https://bob:p%40ss@Example.com:8443/o/r.git?x=1")
    assert parsed.url == "https://example.com:8443/o/r.git?x=1"
    assert parsed.display_url == "https://***@example.com:8443/o/r.git?x=1"
    assert (parsed.host, parsed.port, parsed.username, parsed.password) == (
        "example.com",
        8443,
        "bob",
        "p@ss",
    )
    assert parsed.authorization() == "Basic Ym9iOnBAc3M="
    env = remote.secret_env(parsed.authorization())
    assert env["GIT_CONFIG_VALUE_0"] == "Authorization: Basic Ym9iOnBAc3M="
    assert "p@ss" not in str(remote.git_config(parsed, ipaddress.ip_address("93.184.216.34")))
    assert remote.redact("https://tok@example.com/x") == "https://***@example.com/x"
    plain = remote.parse("git://example.com/x.git")
    assert (plain.port, plain.has_credentials, plain.authorization()) == (9418, False, None)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),
    ],
)
def test_only_public_addresses_are_public(address: str, public: bool) -> None:
    assert remote.is_public(ipaddress.ip_address(address)) is public


def test_the_resolved_address_is_pinned() -> None:
    address = ipaddress.ip_address("93.184.216.34")
    https = remote.parse("https://example.com/x.git")
    assert ("http.curloptResolve", "example.com:443:93.184.216.34") in remote.git_config(
        https, address
    )
    assert remote.pinned_url(https, address) == "https://example.com/x.git"
    daemon = remote.parse("git://example.com/x.git")
    assert remote.pinned_url(daemon, address) == "git://93.184.216.34:9418/x.git"
    v6 = ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946")
    assert ("http.curloptResolve", "example.com:443:[2606:2800:220:1:248:1893:25c8:1946]") in (
        remote.git_config(https, v6)
    )
    for key, value in [("http.followRedirects", "false"), ("protocol.file.allow", "never")]:
        assert (key, value) in remote.git_config(daemon, address)
