"""A git process whose pipes the event loop drives, for smart HTTP and archive downloads.

Started with ``subprocess.Popen`` (``vfork`` on Linux) rather than the event
loop's own ``subprocess_exec``: under uvloop that forks the whole server,
measured at about 11 ms a spawn for a 100 MB process against 0.2 ms, and a
clone starts three git processes. The output pipes are then attached to the loop;
the exit is seen through a pidfd (a thread waits where there is none).

Output is handed on in the pieces the pipe gave, without a stream buffer
copying each byte in and out again. Reading pauses while more than
``limit`` bytes wait to be sent, so a slow client never makes the server
hold a clone; writing waits while more than ``limit`` bytes wait for git's stdin,
which a thread writes (``StdinWriter``).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import queue
import subprocess
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import IO, Any, cast

STDERR_KEEP = 16 * 1024
PIPE_BYTES = 1024 * 1024
# How long the stdin writer sleeps when the pipe is full (see StdinWriter).
NAP_SECONDS = 0.001
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_F_GETPIPE_SZ = getattr(fcntl, "F_GETPIPE_SZ", 1032)


class _Reader(asyncio.Protocol):
    def __init__(self, process: GitProcess, fd: int) -> None:
        self.process, self.fd = process, fd

    def data_received(self, data: bytes) -> None:
        self.process._received(self.fd, data)

    def eof_received(self) -> bool:
        return False  # close the pipe

    def connection_lost(self, exc: Exception | None) -> None:
        self.process._closed(self.fd)


class StdinWriter:
    """git's stdin, written by a thread of its own.

    index-pack reads its input 4 KiB at a time, so a full pipe turns writable
    again after every read: a writer on the event loop was woken about 9,500
    times for a 54 MB push, which was most of the server's CPU for it. A
    blocking write in a thread fares little better: the kernel wakes it for
    every 4 KiB index-pack takes (~13,000 times, ~90 ms of CPU a 54 MB push,
    and index-pack pays for each wakeup too). So where the pipe is large
    (``PIPE_BYTES``), a full pipe makes the thread sleep ``NAP_SECONDS`` and
    then fill what index-pack took meanwhile: ~400 wakeups, ~25 ms. Draining
    1 MiB takes index-pack several milliseconds, so it never waits for input.
    The loop hands chunks over and waits (``GitProcess.writable``) while more
    than ``limit`` bytes are queued. Only the thread closes the pipe, once it
    has taken the end mark ``close`` queues.
    """

    def __init__(self, pipe: IO[bytes], process: GitProcess, limit: int) -> None:
        self._pipe, self._process, self._limit = pipe, process, limit
        self._loop = asyncio.get_running_loop()
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._queued = 0
        self._closing = False
        self._broken = False
        self.done = asyncio.Event()
        threading.Thread(target=self._run, name="git-stdin", daemon=True).start()

    def is_closing(self) -> bool:
        """Whether nothing more will reach git: closed, or git stopped reading."""
        return self._closing or self._broken

    def write(self, data: bytes) -> None:
        if self.is_closing() or not data:
            return
        self._queued += len(data)
        if self._queued > self._limit:
            self._process.writable.clear()
        self._queue.put(data)

    def close(self) -> None:
        if not self._closing:
            self._closing = True
            self._queue.put(None)
            self._process.writable.set()

    def _run(self) -> None:
        fd = self._pipe.fileno()
        if _pipe_size(fd) >= PIPE_BYTES:  # else blocking writes (see the docstring)
            os.set_blocking(fd, False)
        broken = False
        try:
            while (data := self._queue.get()) is not None:
                if not broken:
                    try:
                        view = memoryview(data)
                        while view:
                            try:
                                view = view[os.write(fd, view) :]
                            except BlockingIOError:  # full: let index-pack take some
                                time.sleep(NAP_SECONDS)
                    except OSError:  # EPIPE: git exited or stopped reading
                        broken = True
                self._call(self._written, len(data), broken)
        finally:
            with contextlib.suppress(OSError):
                self._pipe.close()
            self._call(self.done.set)

    def _call(self, callback: Callable[..., None], *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone: the server stopped
            self._loop.call_soon_threadsafe(callback, *args)

    def _written(self, size: int, broken: bool) -> None:
        self._queued -= size
        self._broken = self._broken or broken
        if self._broken or self._queued <= self._limit:
            self._process.writable.set()


def _pipe_size(fd: int) -> int:
    try:
        return int(fcntl.fcntl(fd, _F_GETPIPE_SZ))
    except OSError:
        return 0


def _spawn(
    argv: list[str], env: dict[str, str], *, stdin: bool, pass_fds: tuple[int, ...] = ()
) -> subprocess.Popen[bytes]:
    """Start git; vfork and exec take well under a millisecond, so the loop may wait.

    ``pass_fds`` (a repository's writers lock) stay open in git and its children.
    """
    popen = subprocess.Popen(  # argv is built by app.git.transport
        argv,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        pass_fds=pass_fds,
    )
    for pipe in (popen.stdin, popen.stdout):
        if pipe is not None:
            # A 64 KiB pipe between the server and index-pack made a 54 MB push ~10%
            # slower than the socket pairs uvloop's own spawn uses.
            with contextlib.suppress(OSError):
                fcntl.fcntl(pipe.fileno(), _F_SETPIPE_SZ, PIPE_BYTES)
    return popen


class GitProcess:
    def __init__(self, popen: subprocess.Popen[bytes], limit: int) -> None:
        self.popen = popen
        self.limit = limit
        self.stdin: StdinWriter | None = None
        self.stderr = bytearray()
        self.writable = asyncio.Event()
        self.writable.set()
        self._stdout: asyncio.ReadTransport | None = None
        self._readers: list[asyncio.BaseTransport] = []
        self._output: deque[bytes] = deque()
        self._waiting = 0
        self._paused = False
        self._open = {1, 2}
        self._readable = asyncio.Event()
        self._exited = asyncio.Event()

    @classmethod
    async def start(
        cls,
        argv: list[str],
        env: dict[str, str],
        *,
        stdin: bool,
        limit: int,
        pass_fds: tuple[int, ...] = (),
    ) -> GitProcess:
        process = cls(_spawn(argv, env, stdin=stdin, pass_fds=pass_fds), limit)
        try:
            await process._attach()
        except BaseException:
            process.kill()
            process.close()
            raise
        return process

    async def _attach(self) -> None:
        loop = asyncio.get_running_loop()
        popen = self.popen
        assert popen.stdout is not None and popen.stderr is not None
        out, _ = await loop.connect_read_pipe(lambda: _Reader(self, 1), popen.stdout)
        self._stdout = cast(asyncio.ReadTransport, out)  # uvloop's pipes do not subclass asyncio's
        err, _ = await loop.connect_read_pipe(lambda: _Reader(self, 2), popen.stderr)
        self._readers = [out, err]
        if popen.stdin is not None:
            self.stdin = StdinWriter(popen.stdin, self, self.limit)
        try:
            pidfd = os.pidfd_open(popen.pid)
        except (AttributeError, OSError):
            waiter = loop.run_in_executor(None, popen.wait)
            waiter.add_done_callback(lambda _: self._exited.set())
            return

        def exited() -> None:
            loop.remove_reader(pidfd)
            os.close(pidfd)
            popen.poll()  # reaps it
            self._exited.set()

        loop.add_reader(pidfd, exited)

    def _received(self, fd: int, data: bytes) -> None:
        if fd == 2:
            self.stderr.extend(data[: max(0, STDERR_KEEP - len(self.stderr))])
            return
        self._output.append(data)
        self._waiting += len(data)
        self._readable.set()
        if self._waiting > self.limit and not self._paused and self._stdout is not None:
            self._paused = True
            self._stdout.pause_reading()

    def _closed(self, fd: int) -> None:
        self._open.discard(fd)
        self._readable.set()

    async def chunks(self) -> AsyncIterator[bytes]:
        """git's output, piece by piece, until it closes its stdout."""
        while True:
            if self._output:
                chunk = self._output.popleft()
                self._waiting -= len(chunk)
                if self._paused and self._waiting <= self.limit // 2 and self._stdout is not None:
                    self._paused = False
                    self._stdout.resume_reading()
                yield chunk
            elif 1 not in self._open:
                return
            else:
                self._readable.clear()
                await self._readable.wait()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.popen.kill()

    def close(self) -> None:
        """Close every pipe (a paused read included, so its end can be seen)."""
        for transport in (*self._readers, self.stdin):
            if transport is not None:
                transport.close()

    async def wait(self) -> int:
        """The exit status, once git exited and closed its output pipes."""
        await self._exited.wait()
        while self._open:
            self._readable.clear()
            await self._readable.wait()
        self.close()
        if self.stdin is not None:
            await self.stdin.done.wait()  # the writer thread has let go of the pipe
        return self.popen.returncode


@contextlib.asynccontextmanager
async def download(
    argv: list[str], env: dict[str, str], receive: Callable[[], Any], limit: int
) -> AsyncIterator[tuple[GitProcess, asyncio.Event]]:
    """git started for a download (raw file, archive): killed as soon as the client
    disconnects (the event is set then) and reaped on the way out, whatever happens."""
    process = await GitProcess.start(argv, env, stdin=False, limit=limit)
    left = asyncio.Event()

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        left.set()
        process.kill()

    watcher = asyncio.create_task(watch())
    try:
        yield process, left
    finally:
        watcher.cancel()
        process.kill()
        process.close()
        await process.wait()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(watcher, return_exceptions=True)


async def send_rest(
    process: GitProcess,
    chunks: AsyncIterator[bytes],
    left: asyncio.Event,
    send: Callable[[Any], Any],
    what: str,
) -> None:
    """The rest of a download's body once its head is out, then its end.

    A git that fails after the headers left raises: failing the response cuts the
    connection, so the client sees a truncated download, not a complete-looking one.
    """
    async for chunk in chunks:
        if left.is_set():
            return  # git is killed and its pipes closed on the way out
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    if left.is_set():
        return
    returncode = await process.wait()
    if returncode:
        raise RuntimeError(f"{what} exited with {returncode}: {bytes(process.stderr)!r}")
    await send({"type": "http.response.body", "body": b"", "more_body": False})
