"""Per-repository locks that tell a live writer from what a crash left behind.

Every process of ours that writes into a repository holds ``WRITERS`` shared
(``flock``) while it does; receive-pack and maintenance's git inherit the
descriptor, so the lock lives as long as they do, even past a killed server.
``clean_leftovers`` takes it exclusively without waiting: it succeeds only when
no writer of ours is alive, and then every ``*.lock`` file and quarantine
directory in the repository is a crash's leftover, whatever its age.
``MAINTENANCE`` is held exclusively by maintenance (two repacks never run on
one repository, across workers and restarts), which takes ``WRITERS`` only for
its step that moves refs, so a long repack does not keep a crash's ref lock
in place; ``MERGES`` queues server-side merges into one repository.

A descriptor is released by closing it, never with ``LOCK_UN``: a child
sharing it would lose the lock too.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

WRITERS = "ingot-writers.flock"
MAINTENANCE = "ingot-maintenance.flock"
MERGES = "ingot-merges.flock"

# What a killed git leaves in a bare repository: ref, config, index, shallow and
# packed-refs locks and push quarantines (stale when no writer is alive) ...
_LOCK_GLOBS = ("*.lock", "refs/**/*.lock", "logs/**/*.lock")
_QUARANTINE = "objects/tmp_objdir-incoming-*"
# ... and commit-graph and multi-pack-index locks and temporary packs (stale when,
# besides, no maintenance is running: repack keeps no writers lock while it packs).
_OBJECT_GLOBS = (
    "objects/info/**/*.lock",
    "objects/pack/*.lock",
    "objects/pack/tmp_*",
    "objects/pack/.tmp-*",
)


def _open(path: Path, name: str) -> int:
    return os.open(path / name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def try_lock(path: Path, name: str, *, shared: bool = False) -> int | None:
    """A descriptor holding lock ``name`` of the repository at ``path``, or None if it is held."""
    fd = _open(path, name)
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def lock(path: Path, name: str, *, shared: bool = False) -> int:
    """A descriptor holding lock ``name``, waiting for it (call from a thread)."""
    fd = _open(path, name)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


def release(fd: int | None) -> None:
    """Let go of a lock (closing, so a git still holding a copy keeps it)."""
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[int]:
    """Hold ``WRITERS`` shared around an in-process write (a merge, a tag, HEAD)."""
    fd = lock(path, WRITERS, shared=True)
    try:
        yield fd
    finally:
        release(fd)


def clean_leftovers(
    path: Path, *, thorough: bool = False, maintaining: bool = False, wait: float = 0.0
) -> list[Path] | None:
    """Remove what killed git processes left, if no writer of ours is alive; else None.

    ``thorough`` also removes temporary loose objects (a walk of every object
    directory, for maintenance rather than every push); ``maintaining``: the
    caller holds ``MAINTENANCE`` itself; ``wait``: seconds to wait for the
    writers to finish while leftovers are there (a killed receive-pack's
    index-pack still reads the rest of the pack for a moment).
    """
    if not path.is_dir():
        return []
    deadline = time.monotonic() + wait
    fd = try_lock(path, WRITERS)
    while fd is None and time.monotonic() < deadline and _any_leftover(path):
        time.sleep(0.1)
        fd = try_lock(path, WRITERS)
    if fd is None:
        return None
    try:
        return _remove_leftovers(path, thorough, maintaining)
    finally:
        release(fd)


def has_quarantine(path: Path) -> bool:
    """Whether an incoming-objects directory is there (one directory read)."""
    return any(path.glob(_QUARANTINE))


def clean_then_write(path: Path) -> int:
    """Clean leftovers if nobody writes, then hold ``WRITERS`` shared: before a push.

    Returns the descriptor to hand to receive-pack and to release once it exited.
    """
    fd = _open(path, WRITERS)
    try:
        if _exclusive_soon(fd, path):
            _remove_leftovers(path, thorough=False)
        fcntl.flock(fd, fcntl.LOCK_SH)  # converts the exclusive lock, or waits for a cleanup
    except BaseException:
        os.close(fd)
        raise
    return fd


# How long a push waits for a brief writer (a merge, maintenance's pack-refs) to
# finish when lock files are there, so a crash's leftover does not fail it.
LEFTOVER_WAIT = 2.0


def _any_leftover(path: Path) -> bool:
    """Whether a lock file or a quarantine is there (they may still be a live writer's)."""
    return any(next(path.glob(p), None) for p in (*_LOCK_GLOBS, _QUARANTINE))


def _exclusive_soon(fd: int, path: Path) -> bool:
    """Take ``WRITERS`` exclusively on ``fd``: at once, or within ``LEFTOVER_WAIT`` when
    lock files are there; False when another writer keeps it (its locks are real)."""
    deadline = time.monotonic() + LEFTOVER_WAIT
    waited = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if not waited and not any(next(path.glob(p), None) for p in _LOCK_GLOBS):
                return False
            waited = True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def _remove_leftovers(path: Path, thorough: bool, maintaining: bool = False) -> list[Path]:
    """Remove leftovers; the caller holds ``WRITERS`` exclusively."""
    removed: list[Path] = []
    patterns = list(_LOCK_GLOBS)
    maintenance = None if maintaining else try_lock(path, MAINTENANCE)
    if maintaining or maintenance is not None:
        patterns += [*_OBJECT_GLOBS, *(["objects/??/tmp_obj_*"] if thorough else [])]
    for pattern in patterns:
        for item in path.glob(pattern):
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                item.unlink()
                removed.append(item)
    release(maintenance)
    for quarantine in path.glob(_QUARANTINE):
        if quarantine.is_dir():
            shutil.rmtree(quarantine, ignore_errors=True)
            removed.append(quarantine)
    return removed


def record_holder(fd: int, pgid: int) -> None:
    """Note in a maintenance lock which server started which git process group.

    ``kill_orphans`` reads it back after a crash: the server pid and its start
    time (a pid alone may be reused), then the group.
    """
    data = f"{os.getpid()} {_start_time(os.getpid())} {pgid}\n".encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def kill_orphans(path: Path) -> bool:
    """Kill the maintenance git a dead server left running on ``path``; True if it did.

    Only when the lock is held (the group is alive: its processes hold the
    descriptor) and the server recorded in it is gone.
    """
    lock_path = path / MAINTENANCE
    if not lock_path.is_file():
        return False
    fd = try_lock(path, MAINTENANCE)
    if fd is not None:
        release(fd)
        return False
    try:
        owner, started, pgid = (int(x) for x in lock_path.read_text().split())
    except (OSError, ValueError):
        return False
    if owner > 0 and _start_time(owner) == started:
        return False  # its server is alive: it is a live maintenance, not an orphan
    if pgid <= 1 or not _ours(pgid):
        return False
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
        return True
    return False


def _start_time(pid: int) -> int:
    """When ``pid`` started (clock ticks since boot), or -1 if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    # The command name is in parentheses and may hold spaces; field 22 is the start time.
    return int(stat.rsplit(")", 1)[1].split()[19])


def _ours(pid: int) -> bool:
    try:
        return os.stat(f"/proc/{pid}").st_uid == os.getuid()
    except OSError:
        return False
