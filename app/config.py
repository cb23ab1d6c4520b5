"""Settings, read from the environment once. Only this module reads ``os.environ``."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


_DURATION = re.compile(r"(\d+)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _duration(name: str, default: int) -> int:
    """Seconds, from a number of seconds or Gogs' form (``8h``, ``1h30m``, ``10m``); at least 60."""
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw.isdigit():
        return max(60, int(raw))
    parts = _DURATION.findall(raw)
    if not parts or "".join(n + u for n, u in parts) != raw:
        raise ValueError(f"{name} must be seconds or a duration such as 8h, 30m or 1h30m")
    return max(60, sum(int(n) * _UNIT_SECONDS[u] for n, u in parts))


def _ssh_port(raw: str | None) -> int | None:
    """``INGOT_SSH_PORT``: a TCP port, or ``off`` (None): no SSH server."""
    value = (raw or "").strip().lower()
    if value in {"off", "false", "no", "0", "disabled"}:
        return None
    port = int(value) if value else 2222
    if not 0 < port < 65536:
        raise ValueError("INGOT_SSH_PORT must be a TCP port (1-65535) or 'off'")
    return port


def _directory(value: str | None) -> Path | None:
    """An existing directory, resolved (symlinks followed once, here); None when unset."""
    if not (value or "").strip():
        return None
    path = Path(value or "").expanduser().resolve()
    if not path.is_dir():
        raise ValueError(f"INGOT_IMPORT_LOCAL_ROOT: '{value}' is not a directory")
    return path


MAX_ASSET_BYTES = 2**31 - 1
GIB = 1024**3


def _git_process_cap() -> int:
    """Concurrent git processes and streamed downloads: 16 a core, at least 32."""
    return max(32, 16 * (os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """Everything Ingot can be told from outside.

    ``INGOT_DATA_DIR`` holds the SQLite database, the bare repositories and
    uploads; ``INGOT_DATABASE_URL`` overrides the database (``postgres://``).
    ``INGOT_MAX_ASSET_BYTES`` caps one release asset (below 2 GiB).
    ``INGOT_MAX_QUERY_DEPTH`` and ``INGOT_MAX_QUERY_COST`` bound the operations
    clients send to ``/graphql``. ``INGOT_ARGON2_*`` set the password hash's cost.
    """

    data_dir: Path
    database_url: str
    secret_key: str
    base_url: str
    api_v1: str
    host: str = "127.0.0.1"
    port: int = 3000
    # The key ``ingot admin rotate-secret-key`` re-encrypts every stored secret under.
    new_secret_key: str = ""
    max_body_bytes: int = 10 * 1024 * 1024
    # GraphQL's Int is 32-bit and ReleaseAsset.size is an Int, so this stays below 2 GiB.
    max_asset_bytes: int = MAX_ASSET_BYTES
    max_query_depth: int = 12
    max_query_cost: int = 50_000
    allow_private_imports: bool = False
    # Where site administrators may import local repositories from (None: nowhere).
    import_local_root: Path | None = None
    import_timeout: int = 3600
    # Seconds between the periodic syncs of a pull mirror (INGOT_MIRROR_INTERVAL, default 8h).
    mirror_interval: int = 8 * 3600
    maintenance_delay: int = 30
    job_workers: int = 2
    rate_limit_token: int = 5000
    rate_limit_anonymous: int = 60
    rate_limit_window_seconds: int = 3600
    # The SPA's anonymous requests (a browser cookie, docs/rate-limits.md): per address.
    rate_limit_browser: int = 5000
    # Sign-in and token minting with a password (app.services.sign_in_limit).
    sign_in_address_limit: int = 20
    sign_in_account_limit: int = 100
    sign_in_window_seconds: int = 900
    # Peers whose X-Forwarded-For names the client (addresses or CIDR networks).
    trusted_proxies: tuple[str, ...] = ()
    # Transport limits (docs/security.md "Transport limits"); 0 turns a byte limit off.
    git_max_processes: int = 32
    git_max_processes_per_client: int = 8
    git_idle_timeout: float = 60.0
    max_push_bytes: int = 2 * GIB
    max_object_bytes: int = GIB // 2
    base_url_explicit: bool = False
    # argon2id's cost (argon2-cffi's defaults, RFC 9106's second recommendation).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    # PATH for the git programs the server runs.
    path_env: str = os.defpath
    # Webhooks (docs/webhooks.md): whether deliveries may reach loopback and private
    # addresses, the delays before attempts 2, 3, 4 and how many deliveries one process
    # sends at once.
    allow_private_webhooks: bool = False
    webhook_retry_delays: tuple[int, ...] = (30, 300, 1800)
    webhook_senders: int = 8
    # Git over SSH: the port (None: off), the host clone URLs name ("" for the base
    # URL's), and whether the user ``anonymous`` may fetch public repositories keyless.
    ssh_port: int | None = None
    ssh_host: str = ""
    ssh_anonymous_read: bool = False
    # Server processes ``ingot serve`` starts (``--workers``); 0: the default, one per
    # core on PostgreSQL and 1 on SQLite (see ``server_processes``).
    workers: int = 0

    def server_processes(self) -> int:
        """How many server processes to run: ``workers``, or one per core on PostgreSQL.

        SQLite serves from one: its events reach only the process that raised them
        (live pipeline logs), and every write waits on one file lock anyway.
        """
        if self.workers > 0:
            return self.workers
        return (os.cpu_count() or 1) if self.is_postgres else 1

    @property
    def ssh_clone_host(self) -> str:
        """The host in SSH clone URLs: ``INGOT_SSH_HOST``, else the base URL's host."""
        return self.ssh_host or urlsplit(self.base_url).hostname or "localhost"

    def ssh_url(self, owner: str, name: str) -> str | None:
        """``ssh://git@HOST:PORT/OWNER/NAME.git``; None when SSH is off."""
        if self.ssh_port is None:
            return None
        host = self.ssh_clone_host
        if ":" in host and not host.startswith("["):  # an IPv6 literal
            host = f"[{host}]"
        return f"ssh://git@{host}:{self.ssh_port}/{owner}/{name}.git"

    # GraphQL over WebSocket (docs/security.md "WebSocket subscriptions"): connections per
    # process, seconds to send connection_init, subscriptions per connection, seconds a
    # connection without subscriptions may stay silent.
    ws_max_connections: int = 1000
    ws_init_timeout: float = 10.0
    ws_max_subscriptions: int = 20
    ws_idle_timeout: float = 300.0
    # CI: seconds a runner may stay silent before its pipelines become ``error``.
    runner_timeout: int = 120

    def at(self, host: str | None, port: int | None) -> Settings:
        """These settings served at another address (the base URL follows unless it was set)."""
        host, port = host or self.host, port or self.port
        base_url = self.base_url if self.base_url_explicit else f"http://localhost:{port}"
        return replace(self, host=host, port=port, base_url=base_url)

    @property
    def repositories_dir(self) -> Path:
        return self.data_dir / "repositories"

    @property
    def hooks_dir(self) -> Path:
        """The git hooks receive-pack runs (written at start-up)."""
        return self.data_dir / "hooks"

    @property
    def assets_dir(self) -> Path:
        return self.data_dir / "assets"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, when the database is SQLite."""
        if not self.database_url.startswith("sqlite://"):
            return None
        return Path(self.database_url[len("sqlite://") :])

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))


def _delays(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """Comma-separated seconds, e.g. ``30,300,1800``."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        delays = tuple(max(0, int(part)) for part in raw.split(","))
    except ValueError:
        raise ValueError(f"{name} must be comma-separated seconds, e.g. 30,300,1800") from None
    return delays or default


def _networks(name: str) -> tuple[str, ...]:
    """Comma-separated addresses or CIDR networks, each checked (``10.0.0.1,192.168.0.0/16``)."""
    raw = (os.environ.get(name) or "").strip()
    networks = []
    for part in filter(None, (part.strip() for part in raw.split(","))):
        try:
            networks.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError:
            raise ValueError(f"{name}: {part!r} is not an address or CIDR network") from None
    return tuple(networks)


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("INGOT_DATA_DIR") or "./data").resolve()
    database_url = os.environ.get("INGOT_DATABASE_URL") or f"sqlite://{data_dir / 'ingot.db'}"
    port = _int("INGOT_PORT", 3000)
    base_url = (os.environ.get("INGOT_BASE_URL") or f"http://localhost:{port}").rstrip("/")
    api_v1 = (os.environ.get("INGOT_API_V1") or "gogs").strip().lower()
    if api_v1 not in {"gogs", "isurus"}:
        raise ValueError("INGOT_API_V1 must be 'gogs' or 'isurus'")
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=os.environ.get("INGOT_SECRET_KEY") or "",
        new_secret_key=os.environ.get("INGOT_NEW_SECRET_KEY") or "",
        base_url=base_url,
        api_v1=api_v1,
        host=os.environ.get("INGOT_HOST") or "127.0.0.1",
        port=port,
        max_body_bytes=_int("INGOT_MAX_BODY_BYTES", 10 * 1024 * 1024),
        max_asset_bytes=min(_int("INGOT_MAX_ASSET_BYTES", MAX_ASSET_BYTES), MAX_ASSET_BYTES),
        max_query_depth=max(1, _int("INGOT_MAX_QUERY_DEPTH", 12)),
        max_query_cost=max(1, _int("INGOT_MAX_QUERY_COST", 50_000)),
        allow_private_imports=_bool(os.environ.get("INGOT_ALLOW_PRIVATE_IMPORTS")),
        import_local_root=_directory(os.environ.get("INGOT_IMPORT_LOCAL_ROOT")),
        import_timeout=_int("INGOT_IMPORT_TIMEOUT", 3600),
        mirror_interval=_duration("INGOT_MIRROR_INTERVAL", 8 * 3600),
        maintenance_delay=_int("INGOT_MAINTENANCE_DELAY", 30),
        job_workers=max(1, _int("INGOT_JOB_WORKERS", 2)),
        rate_limit_token=_int("INGOT_RATE_LIMIT_TOKEN", 5000),
        rate_limit_anonymous=_int("INGOT_RATE_LIMIT_ANONYMOUS", 60),
        rate_limit_window_seconds=max(1, _int("INGOT_RATE_LIMIT_WINDOW_SECONDS", 3600)),
        rate_limit_browser=_int("INGOT_RATE_LIMIT_BROWSER", 5000),
        sign_in_address_limit=max(1, _int("INGOT_SIGN_IN_ADDRESS_LIMIT", 20)),
        sign_in_account_limit=max(1, _int("INGOT_SIGN_IN_ACCOUNT_LIMIT", 100)),
        sign_in_window_seconds=max(1, _int("INGOT_SIGN_IN_WINDOW_SECONDS", 900)),
        trusted_proxies=_networks("INGOT_TRUSTED_PROXIES"),
        git_max_processes=max(1, _int("INGOT_GIT_MAX_PROCESSES", _git_process_cap())),
        git_max_processes_per_client=max(1, _int("INGOT_GIT_MAX_PROCESSES_PER_CLIENT", 8)),
        git_idle_timeout=max(1.0, float(os.environ.get("INGOT_GIT_IDLE_TIMEOUT") or 60)),
        max_push_bytes=max(0, _int("INGOT_MAX_PUSH_BYTES", 2 * GIB)),
        max_object_bytes=max(0, _int("INGOT_MAX_OBJECT_BYTES", GIB // 2)),
        base_url_explicit=bool(os.environ.get("INGOT_BASE_URL")),
        argon2_time_cost=_int("INGOT_ARGON2_TIME_COST", 3),
        argon2_memory_kib=_int("INGOT_ARGON2_MEMORY_KIB", 65536),
        argon2_parallelism=_int("INGOT_ARGON2_PARALLELISM", 4),
        path_env=os.environ.get("PATH") or os.defpath,
        allow_private_webhooks=_bool(os.environ.get("INGOT_ALLOW_PRIVATE_WEBHOOKS")),
        webhook_retry_delays=_delays("INGOT_WEBHOOK_RETRY_DELAYS", (30, 300, 1800)),
        webhook_senders=max(1, _int("INGOT_WEBHOOK_SENDERS", 8)),
        ssh_port=_ssh_port(os.environ.get("INGOT_SSH_PORT")),
        ssh_host=(os.environ.get("INGOT_SSH_HOST") or "").strip(),
        ssh_anonymous_read=_bool(os.environ.get("INGOT_SSH_ANONYMOUS_READ")),
        ws_max_connections=max(1, _int("INGOT_WS_MAX_CONNECTIONS", 1000)),
        ws_init_timeout=max(1.0, float(os.environ.get("INGOT_WS_INIT_TIMEOUT") or 10)),
        ws_max_subscriptions=max(1, _int("INGOT_WS_MAX_SUBSCRIPTIONS", 20)),
        ws_idle_timeout=max(1.0, float(os.environ.get("INGOT_WS_IDLE_TIMEOUT") or 300)),
        runner_timeout=max(1, _int("INGOT_RUNNER_TIMEOUT", 120)),
        workers=max(0, _int("INGOT_WORKERS", 0)),
    )


def listen_credentials(settings: Settings) -> dict | None:
    """asyncpg.connect arguments for a connection of its own (the pipeline events'
    ``LISTEN``); None on SQLite."""
    if not settings.is_postgres:
        return None
    credentials = dict(tortoise_config(settings)["connections"]["default"]["credentials"])
    for pool_only in ("minsize", "maxsize"):
        credentials.pop(pool_only, None)
    return credentials


def redact_url(url: str) -> str:
    """The URL with any password replaced, for logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _pool_size(query: str, default: int = 10) -> int:
    """Connections per server process: ``?maxsize=N`` on a PostgreSQL URL, else 10."""
    values = parse_qs(query).get("maxsize") or [""]
    try:
        return max(1, min(100, int(values[-1])))
    except ValueError:
        return default


def tortoise_config(settings: Settings, *, migrating: bool = False) -> dict:
    """The Tortoise ORM configuration for these settings (SQLite or PostgreSQL).

    ``migrating``: for running migrations. On SQLite, foreign keys are then not enforced:
    Tortoise changes a table there by copying it into a new one and dropping the old,
    and with enforcement that drop would cascade into every table referring to it (a
    change to ``repository`` would delete every issue). Django's SQLite editor does the
    same."""
    url = settings.database_url
    if settings.is_postgres:
        parts = urlsplit(url)
        connection: dict = {
            "engine": "tortoise.backends.asyncpg",
            "credentials": {
                "host": parts.hostname or "127.0.0.1",
                "port": parts.port or 5432,
                "user": parts.username or "postgres",
                "password": parts.password or "",
                "database": parts.path.lstrip("/") or "ingot",
                "minsize": 1,
                "maxsize": _pool_size(parts.query),
            },
        }
    elif url.startswith("sqlite://"):
        path = url[len("sqlite://") :]
        connection = {
            "engine": "app.models.sqlite_engine",
            "credentials": {"file_path": path, "busy_timeout": 15000, "synchronous": "NORMAL"},
        }
        if migrating:
            connection["credentials"]["foreign_keys"] = "OFF"
    else:
        raise ValueError("INGOT_DATABASE_URL must start with sqlite:// or postgres://")
    return {
        "connections": {"default": connection},
        "apps": {
            "ingot": {
                "models": ["app.models"],
                "default_connection": "default",
                "migrations": "app.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }
