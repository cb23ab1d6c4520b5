"""The composition root: builds the Starlette application."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from tortoise.contrib.starlette import RegisterTortoise

from app import jobs as background
from app.auth.secret_box import SecretBox
from app.config import Settings, load_settings, tortoise_config
from app.git import hooks
from app.services import blobstore, secret_key
from app.services.rate_limit import RateLimiter
from app.services.runtime import Runtime
from rest_compat import mount as rest
from rest_compat.dialect import RestSettings
from server import (
    archive,
    downloads,
    git_http,
    graphql,
    graphql_ws,
    kod_git,
    pages,
    raw,
    spa,
    surfaces,
    transfers,
    webhooks,
)
from server.browser_pass import BrowserPass
from server.client_address import ClientAddressMiddleware
from server.headers import MAX_HEADER_BYTES, MAX_HEADER_COUNT, HeaderLimitMiddleware
from server.rate_limit import RateLimitMiddleware
from server.ssh.server import SshService
from server.webhooks.worker import Senders

# Of a server's worker processes, the one holding this lock serves SSH (one may bind).
SSH_LOCK = "ssh.lock"
_HELD: list[int] = []


def _elected(path: Path) -> bool:
    """Whether this process took ``path``'s lock; it holds it until it exits (a worker
    that dies lets it go, and the worker started in its place takes it)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    _HELD.append(fd)
    return True


def load_server_key(settings: Settings) -> SecretBox:
    """The server key; generated (and announced) on first start. ``ingot serve`` calls
    this before its workers start, so that they all read one key file."""
    box, written = secret_key.load(settings)
    if written is not None:
        print(
            f"Generated the server key in {written} (mode 0600): it encrypts webhook secrets. "
            "Back it up with the database, or set INGOT_SECRET_KEY (docs/security.md).",
            file=sys.stderr,
            flush=True,
        )
    return box


async def _start_ssh(runtime: Runtime, limiter: RateLimiter) -> SshService | None:
    """Git over SSH beside HTTP, unless ``INGOT_SSH_PORT`` is off; host keys printed."""
    settings = runtime.settings
    if settings.ssh_port is None:
        return None
    if settings.workers > 1 and not _elected(settings.data_dir / SSH_LOCK):
        return None  # another worker of this server listens
    ssh = SshService(runtime, limiter)
    fingerprints = await ssh.start()
    print(
        f"  SSH:      ssh://git@{settings.ssh_clone_host}:{settings.ssh_port}/OWNER/NAME.git "
        f"(listening on {settings.host}:{settings.ssh_port})",
        flush=True,
    )
    for algorithm, fingerprint in fingerprints:
        print(f"  SSH host key {algorithm}: {fingerprint}", flush=True)
    return ssh


def create_app(
    settings: Settings | None = None, extra_routes: Sequence[BaseRoute] = ()
) -> Starlette:
    """The application; ``extra_routes`` go first (the benchmarks mount their raw endpoints)."""
    settings = settings or load_settings()
    box = load_server_key(settings)
    # Everything this application holds besides its database, shared with nothing else.
    runtime = Runtime.from_settings(settings, secrets=box)
    runtime.storage.repositories.mkdir(parents=True, exist_ok=True)
    hooks.install(settings.hooks_dir, sys.executable)
    blobstore.prepare(runtime.storage)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(settings)):
            try:
                await secret_key.check(runtime.secrets)
            except secret_key.ServerKeyRefused as exc:
                print(str(exc), file=sys.stderr, flush=True)
                raise
            worker = background.worker(runtime)
            worker.start()
            senders = Senders(runtime, webhooks.renderers())
            senders.start()
            ssh = await _start_ssh(runtime, limiter)
            # Every process's pipeline events, for the live subscriptions (PostgreSQL).
            await runtime.pipeline_events.start()
            # What start-up built (the schema, route tables, ORM metadata) lives as long as
            # the process: frozen, it is not traversed again by every full collection.
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                # The worker first: it hands its jobs back and kills their git processes,
                # which must happen before the process manager's patience runs out.
                await worker.stop()
                await runtime.pipeline_events.stop()
                await senders.stop()
                if ssh is not None:
                    await ssh.stop()

    graphiql = (
        [Mount("/graphiql", graphql.GraphiQLFiles(directory=graphql.GRAPHIQL_DIR))]
        if graphql.GRAPHIQL_DIR.is_dir()
        else []
    )
    # The SPA claims "/" and every path no other route claims: keep it last.
    browser = BrowserPass(settings.secret_key)
    spa_routes = (
        spa.routes(browser=browser)
        if spa.available()
        else [Route("/", pages.home, methods=["GET"])]
    )
    limiter = RateLimiter(
        token_limit=settings.rate_limit_token,
        anonymous_limit=settings.rate_limit_anonymous,
        window_seconds=settings.rate_limit_window_seconds,
        browser_limit=settings.rate_limit_browser,
        secret=settings.secret_key,
    )
    graphql_endpoint = graphql.make_endpoint(settings)
    # Subscriptions: the same paths, WebSocket scope; each connection and operation
    # draws on the same budget as an HTTP request.
    graphql_ws_endpoint = graphql_ws.make_endpoint(settings, limiter)
    routes: list[BaseRoute] = [
        *extra_routes,
        Route("/health", pages.health, methods=["GET"]),
        *[Route(path, graphql_endpoint, methods=["GET", "POST"]) for path in graphql.PATHS],
        *[WebSocketRoute(path, graphql_ws_endpoint) for path in graphql.PATHS],
        *graphiql,
        # Kod's git URLs go before its REST mount, which would claim them.
        *kod_git.routes(runtime),
        *rest.routes(settings.api_v1),
        # Keep last among the API routes: anything under /api no dialect serves.
        Route("/api/{rest:path}", pages.api_not_found),
        Route("/{owner}/{repo}/raw/{path:path}", raw.make_endpoint(runtime), methods=["GET"]),
        *git_http.routes(runtime),
        *downloads.routes(runtime),
        *archive.routes(runtime),
        *spa_routes,
    ]
    limited = surfaces.limited(settings.api_v1)
    middleware = [
        Middleware(HeaderLimitMiddleware, max_count=MAX_HEADER_COUNT, max_bytes=MAX_HEADER_BYTES),
        Middleware(ClientAddressMiddleware, trusted=settings.trusted_proxies),
        Middleware(RateLimitMiddleware, limiter=limiter, surfaces=limited, browser=browser),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=middleware,
        # Out of descriptors or processes is 503 with Retry-After, never a 500.
        exception_handlers={OSError: transfers.exhaustion_handler},
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.rest = RestSettings(
        settings.base_url, settings.max_body_bytes, settings.max_asset_bytes
    )
    return app
