"""One SSH session: the command it asks for, refused or run, with git's streams relayed.

git runs as over HTTPS (``server/git_http.py``), only not stateless: the same
command line (``app.git.transport.command``), the same push begin and finish
(``app.services.push``: hooks, protected branches, the writers lock, the record,
activity), under a transfer slot for the client's address. The channel's data goes
into git's stdin (reading pauses while git's pipe is full); git's stdout goes out
as it comes (reading git pauses while the client's window is full). A client that
sends and takes nothing for ``INGOT_GIT_IDLE_TIMEOUT``, or goes away, has its git
killed; ``pushes.discard`` then lets go of the lock and removes what was left.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.errors import IngotError
from app.git import hooks, transport
from app.services import push as pushes
from app.services.transfers import Busy
from server.gitproc import GitProcess
from server.ssh import access, kod
from server.ssh.command import GitCommand, KodCommand, Refused, parse

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*DSA.*")
    import asyncssh

if TYPE_CHECKING:
    from server.ssh.server import Connection

log = logging.getLogger("ingot.ssh")

CHUNK = 1024 * 1024
NO_SHELL = "Ingot: you are signed in as {who}, but there is no shell here; only git runs."
NO_PTY = "Ingot: no terminal here; only git runs (drop -t)."


def fatal(message: str) -> str:
    text = message.removeprefix("fatal: ")
    return f"fatal: {text if text.startswith('Ingot:') else 'Ingot: ' + text}"


class GitSession(asyncssh.SSHServerSession):
    """asyncssh's callbacks for one channel; ``run`` does the work in a task."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.chan: Any = None
        self.command: str | None = None
        self.asked_pty = False
        self.process: GitProcess | None = None
        self.pending: list[bytes] = []
        self.eof = False
        self.lost = False
        self.writable = asyncio.Event()
        self.writable.set()
        self.last_activity = time.monotonic()
        self.task: asyncio.Task[None] | None = None

    # asyncssh callbacks

    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        self.asked_pty = True
        return False

    def shell_requested(self) -> bool:
        return True  # accepted, to answer with one line (see run)

    def exec_requested(self, command: str) -> bool:
        self.command = (
            command if isinstance(command, str) else bytes(command).decode("utf-8", "replace")
        )
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        self.task = asyncio.create_task(self.run())
        self.connection.session_began(self.task)

    def data_received(self, data: bytes, datatype: Any) -> None:
        if datatype is not None:
            return
        self.last_activity = time.monotonic()
        process = self.process
        if process is None or process.stdin is None:
            self.pending.append(data)
            if sum(map(len, self.pending)) > CHUNK:
                self.chan.pause_reading()
            return
        process.stdin.write(data)
        if not process.writable.is_set():
            self.chan.pause_reading()
            asyncio.get_running_loop().create_task(self._resume_reading(process))

    def eof_received(self) -> bool:
        self.eof = True
        process = self.process
        if process is not None and process.stdin is not None:
            process.stdin.close()
        return True  # half open: git's answer still goes out

    def connection_lost(self, exc: BaseException | None) -> None:
        self.lost = True
        self.writable.set()
        if self.process is not None:
            self.process.kill()  # the client left: nothing it started keeps running
            if self.process.stdin is not None:
                self.process.stdin.close()

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    async def _resume_reading(self, process: GitProcess) -> None:
        await process.writable.wait()
        if not self.lost:
            self.chan.resume_reading()

    # the work

    def _stderr(self, line: str) -> None:
        if not self.lost:
            self.chan.write_stderr((line.rstrip("\n") + "\n").encode())

    def _exit(self, status: int) -> None:
        if not self.lost:
            self.chan.exit(status)

    async def run(self) -> None:
        started = time.monotonic()
        status = 1
        what = self.command if self.command is not None else "(shell)"
        try:
            status = await self._run()
        except Exception:
            log.exception("ssh: %s: %r failed", self.connection.identity_label, what[:200])
            self._stderr("fatal: Ingot: internal error.")
            status = 1
        finally:
            log.info(
                "ssh: command #%d from %s %s: %r exit %s in %.2fs",
                self.connection.service.next_command(),
                self.connection.address,
                self.connection.identity_label,
                what[:200],
                status,
                time.monotonic() - started,
            )
            self._exit(status)

    async def _run(self) -> int:
        if self.asked_pty:
            self._stderr(NO_PTY)
            return 1
        if self.command is None:
            self._stderr(NO_SHELL.format(who=self.connection.identity_label))
            return 1
        try:
            command = parse(self.command)
        except Refused as exc:
            self._stderr(str(exc))
            return 1
        identity = self.connection.identity
        try:
            who = await access.caller(identity)
        except access.KeyGone:
            self._stderr("fatal: Ingot: this key is no longer registered.")
            return 1
        decision = await who.budget(self.connection.limiter, self.connection.address)
        if not decision.allowed:
            self._stderr(
                f"fatal: Ingot: rate limit exceeded; retry in {decision.retry_after} seconds."
            )
            return 1
        runtime = self.connection.runtime
        try:
            if isinstance(command, KodCommand):
                text = await kod.answer(runtime, who, command)
                if not self.lost:
                    self.chan.write(text.encode())
                return 0
            grant = await access.grant(runtime.storage, who, command.path, write=command.write)
        except IngotError as exc:
            self._stderr(fatal(exc.message))
            return 1
        try:
            async with runtime.transfers.slot(self.connection.address):
                return await self._git(command, grant)
        except Busy as exc:
            self._stderr(fatal(exc.reason))
            return 1

    async def _git(self, command: GitCommand, grant: Any) -> int:
        runtime = self.connection.runtime
        settings = runtime.settings
        session = None
        if command.write:
            try:
                session = await pushes.begin(settings.data_dir, grant, settings.base_url)
            except IngotError as exc:
                self._stderr(fatal(exc.message))
                return 1
        try:
            env = {"PATH": settings.path_env, "LANG": "C", "GIT_TERMINAL_PROMPT": "0"}
            protocol = transport.git_protocol(_environment(self.chan).get("GIT_PROTOCOL"))
            if protocol:
                env["GIT_PROTOCOL"] = protocol
            if session is not None:
                env.update(session.env)
                if settings.max_object_bytes:
                    env[hooks.MAX_OBJECT_ENV] = str(settings.max_object_bytes)
            argv = transport.command(
                command.service,
                grant.path,
                advertise=False,
                hooks_dir=settings.hooks_dir if command.write else None,
                max_input_bytes=settings.max_push_bytes,
                stateless=False,
            )
            status = await self._relay(argv, env, session.pass_fds if session else ())
            if session is not None:
                # Recorded before the channel closes, so the pusher sees its push listed.
                await pushes.finish(runtime, session)
            return status
        finally:
            if session is not None:
                await pushes.discard(runtime, session)

    async def _relay(self, argv: list[str], env: dict[str, str], pass_fds: tuple[int, ...]) -> int:
        process = await GitProcess.start(argv, env, stdin=True, limit=CHUNK, pass_fds=pass_fds)
        self.process = process
        if self.lost:
            process.kill()
        assert process.stdin is not None
        for data in self.pending:
            process.stdin.write(data)
        self.pending.clear()
        if self.eof:
            process.stdin.close()
        else:
            self.chan.resume_reading()
        idle = self.connection.runtime.settings.git_idle_timeout
        watchdog = asyncio.create_task(self._watch(process, idle))
        try:
            async for chunk in process.chunks():
                if self.lost:
                    process.kill()
                    continue
                await self.writable.wait()
                if self.lost:
                    continue
                self.chan.write(chunk)
                self.last_activity = time.monotonic()
        except BaseException:
            process.kill()
            process.close()
            raise
        finally:
            # git closed its output (it is exiting): its stdin writer must let go too.
            process.stdin.close()
            returncode = await process.wait()
            watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watchdog
        if returncode and process.stderr:
            self._stderr(bytes(process.stderr[-2000:]).decode("utf-8", "replace"))
        return 0 if returncode == 0 else max(1, returncode)

    async def _watch(self, process: GitProcess, idle: float) -> None:
        """Kill git when nothing has moved either way for ``idle`` seconds."""
        while True:
            left = self.last_activity + idle - time.monotonic()
            if left <= 0:
                log.info("ssh: %s idle for %gs: git killed", self.connection.address, idle)
                process.kill()
                self.lost = True
                if process.stdin is not None:
                    process.stdin.close()
                self.chan.abort()
                return
            await asyncio.sleep(min(left, idle / 4) + 0.05)


def _environment(chan: Any) -> Mapping[str, str]:
    """The channel's environment requests; only ``GIT_PROTOCOL`` is ever read."""
    try:
        env = chan.get_environment()
    except Exception:
        return {}
    result: dict[str, str] = {}
    for key, value in dict(env).items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        v = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        result[k] = v
    return result
