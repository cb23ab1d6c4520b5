"""The SSH listener: host keys, who connects (account keys, deploy keys, ``anonymous``).

Started and stopped with the application (``server/asgi.py``'s lifespan) when
``INGOT_SSH_PORT`` is a port. Only public keys authenticate, looked up by
fingerprint in ``app.services.ssh_key``; with ``INGOT_SSH_ANONYMOUS_READ`` the
user ``anonymous`` needs no key. Each key that fails draws on the client
address's budget (the HTTP one, ``app.services.rate_limit``); once it is spent
the connection is dropped. Sessions may run one command (``server/ssh/session.py``);
no port, agent or X11 forwarding, no terminal, no subsystems.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import warnings
from typing import Any

from app.services import ssh_key as ssh_keys
from app.services.rate_limit import RateLimiter
from app.services.runtime import Runtime
from server.ssh import host_keys
from server.ssh.access import Identity
from server.ssh.session import GitSession

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*DSA.*")
    import asyncssh

log = logging.getLogger("ingot.ssh")

ANONYMOUS_USER = "anonymous"
# How long a client may take to authenticate.
LOGIN_TIMEOUT = 30.0
_SESSIONS_AT_ONCE = 8


class Connection(asyncssh.SSHServer):
    """One client connection (asyncssh makes one per connection)."""

    def __init__(self, service: SshService, number: int) -> None:
        self.service = service
        self.number = number
        self.runtime = service.runtime
        self.limiter = service.limiter
        self.address = "unknown"
        self.identity = Identity(None, "anonymous")
        self.tasks: set[asyncio.Task[None]] = set()
        self.conn: Any = None
        self._offered: dict[str, Any] = {}
        self._last_valid: Any = None

    @property
    def identity_label(self) -> str:
        return self.identity.label

    def connection_made(self, conn: Any) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "unknown"
        self.service.connections.add(self)
        log.info("ssh: connection #%d from %s", self.number, self.address)

    def connection_lost(self, exc: BaseException | None) -> None:
        self.service.connections.discard(self)

    def begin_auth(self, username: str) -> bool:
        if username == ANONYMOUS_USER and self.runtime.settings.ssh_anonymous_read:
            self.identity = Identity(None, "anonymous")
            log.info("ssh: #%d %s as anonymous", self.number, self.address)
            return False  # no authentication needed
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    async def validate_public_key(self, username: str, key: Any) -> bool:
        fingerprint = str(key.get_fingerprint("sha256"))
        if fingerprint not in self._offered:
            # asyncssh asks twice per key (the offer, then the signature): one lookup.
            self._offered[fingerprint] = await ssh_keys.find_by_fingerprint(fingerprint)
            if self._offered[fingerprint] is None:
                decision = await self.limiter.check_account(None, self.address)
                if not decision.allowed:
                    log.warning("ssh: %s: too many failed authentications", self.address)
                    self.conn.close()
                    return False
        found = self._offered[fingerprint]
        if found is None:
            return False
        self._last_valid = found
        return True

    def auth_completed(self) -> None:
        key = self._last_valid
        if key is None:
            return
        if key.user_id is not None:
            label = f"{key.user.login} ({key.fingerprint})"
        else:
            label = f"deploy key {key.id} of repository {key.repository_id} ({key.fingerprint})"
        self.identity = Identity(key.fingerprint, label)
        log.info("ssh: #%d %s authenticated as %s", self.number, self.address, label)
        task = asyncio.get_running_loop().create_task(ssh_keys.touch(key))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def session_requested(self) -> GitSession | bool:
        if len(self.tasks) >= _SESSIONS_AT_ONCE:
            return False
        return GitSession(self)


class SshService:
    """The listener and its connections, for one application's runtime."""

    def __init__(self, runtime: Runtime, limiter: RateLimiter) -> None:
        self.runtime = runtime
        self.limiter = limiter
        self.connections: set[Connection] = set()
        self._numbers = itertools.count(1)
        self._acceptor: Any = None

    async def start(self) -> list[tuple[str, str]]:
        """Listen on ``INGOT_SSH_PORT``; the host keys' ``(algorithm, fingerprint)``."""
        settings = self.runtime.settings
        keys = host_keys.load_or_create(settings.data_dir)
        self._acceptor = await asyncssh.create_server(
            lambda: Connection(self, next(self._numbers)),
            settings.host,
            settings.ssh_port,
            server_host_keys=keys,
            encoding=None,
            allow_pty=False,
            agent_forwarding=False,
            x11_forwarding=False,
            login_timeout=LOGIN_TIMEOUT,
            keepalive_interval=0,
            server_version="Ingot",
        )
        return host_keys.fingerprints(keys)

    async def stop(self) -> None:
        """Stop listening, drop every connection (their git is killed), and wait for the
        sessions to let go of their locks."""
        if self._acceptor is not None:
            self._acceptor.close()
            with contextlib.suppress(Exception):
                await self._acceptor.wait_closed()
        tasks = [task for connection in self.connections for task in connection.tasks]
        for connection in list(self.connections):
            if connection.conn is not None:
                connection.conn.abort()
        if tasks:
            await asyncio.wait(tasks, timeout=10)
