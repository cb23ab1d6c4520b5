"""The ``ingot`` command: serve, migrate, and administer."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tortoise import Tortoise

from app.auth.password import Passwords
from app.config import Settings, load_settings, redact_url, tortoise_config
from app.errors import IngotError
from app.models import Account, AccountKind
from app.services.initial_admin import INITIAL_ADMIN_FILE
from app.services.runtime import secure_data_dir

# The commands that create or open the data dir: it and its files are made private first.
DATA_COMMANDS = frozenset({"serve", "migrate", "admin"})


async def _with_db(settings: Settings, work: Callable[[], Awaitable[Any]]) -> Any:
    await Tortoise.init(config=tortoise_config(settings))
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


async def migrate(settings: Settings, *, quiet: bool = False) -> None:
    from tortoise.migrations.api import migrate as run_migrations

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        await run_migrations(config=tortoise_config(settings, migrating=True))
    finally:
        await Tortoise.close_connections()
    if not quiet:
        print(f"Database is up to date ({redact_url(settings.database_url)}).")


def _makemigrations(settings: Settings, name: str | None) -> None:
    from tortoise.cli import cli as tortoise_cli

    globals()["TORTOISE_ORM"] = tortoise_config(settings)
    ctx = tortoise_cli.CLIContext(config="server.cli.TORTOISE_ORM", config_file=None)
    asyncio.run(tortoise_cli.makemigrations(ctx, (), False, name))


def _passwords(settings: Settings) -> Passwords:
    from app.services.runtime import Runtime

    return Runtime.from_settings(settings).passwords


async def _ensure_initial_admin(settings: Settings) -> None:
    """On a fresh install, create ``admin`` and leave its password in a 0600 file."""
    from app.services import account as accounts

    if await Account.filter(kind=AccountKind.USER).exists():
        return
    password = secrets.token_urlsafe(18)
    print("First start: creating the administrator account 'admin'...", flush=True)
    await accounts.create_user(
        _passwords(settings),
        "admin",
        "admin@ingot.localhost",
        password,
        is_admin=True,
        display_name="Administrator",
    )
    path = settings.data_dir / INITIAL_ADMIN_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")


def raise_open_file_limit() -> int:
    """Raise this process's soft limit on open files to the hard limit; the new soft limit.

    Each git transfer holds a socket, three pipes and a pidfd; a default soft
    limit of 1,024 ran out under a few hundred of them (docs/security.md).
    """
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    infinite = resource.RLIM_INFINITY
    if soft != infinite and (hard == infinite or soft < hard):
        # Linux refuses more than fs.nr_open (2**20 by default) even under an unlimited hard limit.
        wanted = hard if hard != infinite else max(soft, 2**20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass  # not allowed here (a container's policy): keep what we have
    return soft


def bind(settings: Settings) -> socket.socket:
    """The listening socket, bound before anything is written: a port already in use
    ends the start (exit status 1) before a data dir, database or account exists."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        sock.close()
        print(f"Cannot listen on {settings.host}:{settings.port}: {exc.strerror}.", file=sys.stderr)
        raise SystemExit(1) from None
    sock.set_inheritable(True)
    return sock


# Routes to mount first, or a module-level function making them (picklable by name,
# which spawned workers need: a Route holds closures).
ExtraRoutes = Sequence[Any] | Callable[[], Sequence[Any]]


def serve(
    settings: Settings, extra_routes: ExtraRoutes = (), sock: socket.socket | None = None
) -> None:
    import uvicorn
    from uvicorn.supervisors.multiprocess import Multiprocess

    from server import logging as access_logging
    from server.asgi import load_server_key
    from server.headers import MAX_HEADER_BYTES

    processes = settings.server_processes()
    if processes > 1 and not settings.is_postgres:
        raise IngotError(
            "More than one server process needs PostgreSQL (INGOT_DATABASE_URL): on SQLite "
            "the events of live pipeline logs reach only the process that raised them."
        )
    raise_open_file_limit()
    sock = sock or bind(settings)
    print(f"Preparing the database ({redact_url(settings.database_url)})...", flush=True)
    # Once, before any worker starts: each worker only connects and reads the key file.
    load_server_key(settings)
    asyncio.run(migrate(settings, quiet=True))
    asyncio.run(_with_db(settings, lambda: _ensure_initial_admin(settings)))
    admin_file = settings.data_dir / INITIAL_ADMIN_FILE
    print(f"Ingot is listening on http://{settings.host}:{settings.port}", flush=True)
    print(f"  GraphQL:  {settings.base_url}/graphql", flush=True)
    print(f"  Database: {redact_url(settings.database_url)}", flush=True)
    if admin_file.exists():
        print(
            f"  Sign in as 'admin' with the password in {admin_file}\n"
            "  (delete that file once you have signed in and changed it).",
            flush=True,
        )
    if processes > 1:
        print(f"  Workers:  {processes} processes", flush=True)
    factory = AppFactory(replace(settings, workers=processes), extra_routes)
    config = uvicorn.Config(
        factory,
        factory=True,
        workers=processes,
        host=settings.host,
        port=settings.port,
        proxy_headers=False,
        # h11 (not httptools) so that the header size limit below always applies.
        http="h11",
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    if processes == 1:
        access_logging.install()
        uvicorn.Server(config).run(sockets=[sock])
        return
    # Each worker is a spawned process that unpickles the factory and builds its own app
    # (uvicorn.run would want an import string; the factory carries the settings instead).
    Multiprocess(config, sockets=[sock]).run()


@dataclass(frozen=True)
class AppFactory:
    """Builds one server process's application (picklable: workers are spawned).

    The first call in a process also installs its access-log filter. Git process
    slots are divided between the workers so that the host's limit still holds.
    """

    settings: Settings
    extra_routes: ExtraRoutes = ()

    def __call__(self) -> Any:
        from server import logging as access_logging
        from server.asgi import create_app

        settings = self.settings
        if settings.workers > 1:
            share = max(1, -(-settings.git_max_processes // settings.workers))
            settings = replace(settings, git_max_processes=share)
            access_logging.install()
        extra = self.extra_routes() if callable(self.extra_routes) else self.extra_routes
        return create_app(settings, extra)


async def create_user(settings: Settings, args: argparse.Namespace) -> None:
    from app.services import account as accounts

    async def work() -> None:
        user = await accounts.create_user(
            _passwords(settings), args.name, args.email, args.password, is_admin=args.admin
        )
        print(
            f"Created user '{user.login}' (id {user.id}{', site admin' if user.is_admin else ''})."
        )

    await _with_db(settings, work)


async def create_token(settings: Settings, args: argparse.Namespace) -> None:
    from app.services import token as tokens
    from app.services.actor import Actor

    async def work() -> None:
        user = await Account.get_or_none(login_lower=args.user.lower(), kind=AccountKind.USER)
        if user is None:
            raise IngotError(f"No user named '{args.user}'.")
        scopes = [s for s in args.scopes.split(",") if s.strip()] if args.scopes else None
        expires = (
            datetime.now(UTC) + timedelta(days=args.expires_in_days)
            if args.expires_in_days
            else None
        )
        _, secret = await tokens.create_token(
            Actor(account=user), args.name, scopes, expires_at=expires
        )
        print(f"Created token '{args.name}' for '{user.login}'. It is shown only once:")
        print(secret)

    await _with_db(settings, work)


async def create_runner(settings: Settings, args: argparse.Namespace) -> None:
    from app.services import runner as runners

    async def work() -> None:
        runner, secret = await runners.create_runner(args.name, args.capacity)
        print(f"Created runner '{runner.name}' (id {runner.id}). Its token is shown only once:")
        print(secret)

    await _with_db(settings, work)


async def rotate_secret_key(settings: Settings) -> None:
    """Re-encrypt every stored secret under a new server key (docs/security.md)."""
    from app.services import secret_key

    old, _ = secret_key.load(settings)
    try:
        new, written = secret_key.new_key(settings)
        try:
            rotated = await _with_db(settings, lambda: secret_key.rotate(old, new))
        except BaseException:
            if written is not None:
                written.unlink(missing_ok=True)
            raise
    except secret_key.RotationRefused as exc:
        raise IngotError(str(exc)) from None
    print(
        f"Re-encrypted {rotated.webhook_secrets} webhook secret(s) and {rotated.ci_secrets} "
        f"CI secret(s): key {old.key_id} -> {new.key_id}."
    )
    if written is not None:
        print(f"The new key is in {secret_key.install_new_key(settings, written)}; back it up.")
    else:
        print("Restart the server with INGOT_SECRET_KEY set to the new key.")


def export_schema(output: str) -> None:
    from schema import sdl

    text = sdl()
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        print(f"Wrote {output}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ingot", description="A self-hosted git forge.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="run the server (migrates first)")
    serve_parser.add_argument("--host")
    serve_parser.add_argument("--port", type=int)
    serve_parser.add_argument(
        "--workers",
        type=int,
        help="server processes (default INGOT_WORKERS, else one per core on PostgreSQL, "
        "1 on SQLite)",
    )
    commands.add_parser("migrate", help="apply database migrations")
    make = commands.add_parser("makemigrations", help="write a migration for model changes")
    make.add_argument("--name")
    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--output", default="schema.graphql")
    admin = commands.add_parser("admin", help="administration").add_subparsers(
        dest="admin_command", required=True
    )
    user = admin.add_parser("create-user", help="create an account")
    user.add_argument("name")
    user.add_argument("--email", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--admin", action="store_true")
    token = admin.add_parser("create-token", help="create an access token; printed last")
    token.add_argument("user")
    token.add_argument("--name", required=True)
    token.add_argument(
        "--scopes", help="comma-separated, e.g. repo:read,repo:write (default: every scope)"
    )
    token.add_argument("--expires-in-days", type=int)
    runner = admin.add_parser("create-runner", help="register a CI runner; its token printed last")
    runner.add_argument("name")
    runner.add_argument("--capacity", type=int, default=1, help="pipelines at once (a hint)")
    agent = commands.add_parser("runner", help="run CI pipelines for a forge (the agent API)")
    agent.add_argument("--url", required=True, help="the forge's base URL")
    agent.add_argument("--token", required=True, help="a runner token (ingot admin create-runner)")
    agent.add_argument("--capacity", type=int, default=1, help="pipelines at once")
    agent.add_argument("--container-runtime", choices=["docker", "podman"])
    agent.add_argument(
        "--poll-interval", type=float, default=0.25, help="seconds between polls when idle"
    )
    admin.add_parser(
        "rotate-secret-key",
        help="re-encrypt every stored secret under INGOT_NEW_SECRET_KEY (or, on the "
        "generated key file, a fresh key); stop the server first",
    )
    return parser


def main(argv: list[str] | None = None, *, extra_routes: ExtraRoutes = ()) -> int:
    """Run the command line; ``extra_routes`` are mounted by ``serve`` (benchmarks only)."""
    args = build_parser().parse_args(argv)
    settings = load_settings()
    sock = None
    if args.command == "serve":
        settings = settings.at(args.host, args.port)
        sock = bind(settings)
        if args.workers is not None:
            settings = replace(settings, workers=max(0, args.workers))
    if args.command in DATA_COMMANDS:
        for change in secure_data_dir(settings):
            print(f"Tightened the permissions of {change}.", file=sys.stderr, flush=True)
    try:
        if args.command == "serve":
            serve(settings, extra_routes, sock)
        elif args.command == "migrate":
            asyncio.run(migrate(settings))
        elif args.command == "makemigrations":
            _makemigrations(settings, args.name)
        elif args.command == "export-schema":
            export_schema(args.output)
        elif args.command == "runner":
            from server.runner.main import run_agent

            return run_agent(args)
        elif args.admin_command == "create-user":
            asyncio.run(create_user(settings, args))
        elif args.admin_command == "create-token":
            asyncio.run(create_token(settings, args))
        elif args.admin_command == "create-runner":
            asyncio.run(create_runner(settings, args))
        elif args.admin_command == "rotate-secret-key":
            asyncio.run(rotate_secret_key(settings))
    except IngotError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
