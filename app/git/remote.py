"""Checking a remote git URL before anything talks to it, and how git is told to fetch it.

Everything here is a pure function except ``resolve`` (DNS). The policy of
which addresses are allowed is applied by the caller (``app.services.importing``).
"""

from __future__ import annotations

import base64
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

MAX_URL_LENGTH = 2048
SCHEMES = {"http": 80, "https": 443, "git": 9418}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


class UnsafeRemote(ValueError):
    """A URL git must not be pointed at; the message is fit to show the user."""


@dataclass(frozen=True)
class Remote:
    """A checked URL, split into what git is given and what may be shown or stored."""

    scheme: str
    host: str
    port: int
    url: str  # without credentials: what git fetches
    display_url: str  # credentials replaced by ***: what is stored and shown
    username: str | None = None
    password: str | None = None

    @property
    def has_credentials(self) -> bool:
        return self.username is not None or self.password is not None

    def authorization(self) -> str | None:
        """The HTTP Basic header value for the credentials, if there are any."""
        if not self.has_credentials:
            return None
        pair = f"{self.username or ''}:{self.password or ''}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")


def parse(url: str, *, for_git: bool = True) -> Remote:
    """Check the shape of ``url``; raise UnsafeRemote for anything but plain http(s)/git URLs.

    ``for_git=False`` (webhook URLs, which git never sees) allows http(s) only and
    lets ``::`` pass (an IPv6 literal such as ``[::1]``; git would read a helper).
    """
    if not url:
        raise UnsafeRemote("A source URL is required.")
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeRemote(f"The URL is longer than {MAX_URL_LENGTH} characters.")
    if url.startswith("-"):
        raise UnsafeRemote("The URL may not start with '-'.")
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in url):
        raise UnsafeRemote("The URL may not contain whitespace, control characters or '\\'.")
    # git reads "<transport>::<address>" as a remote helper (ext::, fd::, ...).
    if for_git and "::" in url:
        raise UnsafeRemote("Remote helper URLs ('transport::address') are not allowed.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeRemote(f"The URL is malformed: {exc}.") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or "://" not in url or (not for_git and scheme == "git"):
        raise UnsafeRemote("Only http://, https:// and git:// URLs can be imported.")
    host = (parts.hostname or "").rstrip(".")
    # Only what every URL parser agrees on, so git connects to the host checked here.
    if not _HOST.fullmatch(host) and not _is_ip(host):
        raise UnsafeRemote("The URL has no valid host.")
    if parts.fragment:
        raise UnsafeRemote("The URL may not carry a fragment.")
    username = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    if scheme == "git" and (username or password):
        raise UnsafeRemote("git:// URLs cannot carry credentials.")
    netloc = _netloc(host, port)
    clean = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
    shown = clean
    if username is not None or password is not None:
        shown = urlunsplit((scheme, f"***@{netloc}", parts.path, parts.query, ""))
    return Remote(
        scheme=scheme,
        host=host,
        port=port or SCHEMES[scheme],
        url=clean,
        display_url=shown,
        username=username,
        password=password,
    )


def redact(url: str) -> str:
    """``url`` with any user information replaced by ``***`` (usernames can be tokens too)."""
    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url
        netloc = "***@" + parts.netloc.rsplit("@", 1)[1]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        return "<unparseable URL>"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _netloc(host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}" if port else shown


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeRemote(f"The host '{host}' cannot be resolved.") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeRemote(f"The host '{host}' cannot be resolved.")
    return addresses


def is_public(address: IPAddress) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and not is_public(embedded):
            return False
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def pinned_url(remote: Remote, address: IPAddress) -> str:
    """The URL git fetches: for git:// the host is replaced by the checked address.

    http(s) keeps the host name (TLS and virtual hosts need it) and is pinned
    with ``http.curloptResolve`` instead; git:// has no such option.
    """
    if remote.scheme != "git":
        return remote.url
    parts = urlsplit(remote.url)
    return urlunsplit(("git", _netloc(str(address), remote.port), parts.path, parts.query, ""))


def git_config(remote: Remote, address: IPAddress) -> list[tuple[str, str]]:
    """``-c`` settings for fetching ``remote`` from the checked ``address`` only."""
    settings = [
        ("http.followRedirects", "false"),
        ("protocol.allow", "never"),
        ("protocol.http.allow", "always"),
        ("protocol.https.allow", "always"),
        ("protocol.git.allow", "always"),
        ("protocol.file.allow", "never"),
        ("protocol.ext.allow", "never"),
        ("core.askPass", "true"),
        ("credential.helper", ""),
    ]
    if remote.scheme in {"http", "https"}:
        shown = f"[{address}]" if address.version == 6 else str(address)
        settings.append(("http.curloptResolve", f"{remote.host}:{remote.port}:{shown}"))
    return settings


def secret_env(authorization: str | None) -> dict[str, str]:
    """Environment handing an Authorization header to git as config, never on the command line."""
    if authorization is None:
        return {}
    return {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "http.extraHeader",
        "GIT_CONFIG_VALUE_0": f"Authorization: {authorization}",
    }
