"""Running git against a remote or a bare repository: mirror clones and maintenance.

Synchronous; callers run these in a thread and may stop them with a
``threading.Event``. Every git here runs in an isolated environment: no
system or user config, no terminal prompts.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pygit2

from app.git import alternates, storage, transport


class GitFailed(RuntimeError):
    """git exited non-zero or timed out; the message is fit to show the user."""


class GitCancelled(GitFailed):
    """The run was stopped through its cancel event (the server is shutting down)."""


_LINE_END = re.compile(rb"[\r\n]")


def isolated_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A minimal environment: git finds nothing of the host's config or credentials."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "true",
        "SSH_ASKPASS": "true",
        "GIT_PROTOCOL_FROM_USER": "0",
        "LC_ALL": "C",
        **(extra or {}),
    }


def run(
    args: list[str],
    *,
    env: dict[str, str],
    timeout: float,
    cancel: threading.Event,
    on_line: Callable[[str], None] = lambda line: None,
    pass_fds: tuple[int, ...] = (),
    started: Callable[[int], None] = lambda pid: None,
) -> None:
    """Run git, handing each stderr line (progress lines end in CR) to ``on_line``.

    ``pass_fds`` (lock descriptors) stay open in git and its children; ``started``
    gets git's pid, which is also its process group. Raises GitFailed with git's
    last error line, or GitCancelled.
    """
    process = subprocess.Popen(
        ["git", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        # Its own process group, so a kill reaches git-remote-http too (which
        # holds stderr open and would otherwise keep running).
        start_new_session=True,
        pass_fds=pass_fds,
    )
    started(process.pid)
    assert process.stderr is not None
    stopped: list[GitFailed] = []

    # A watchdog kills git on timeout or cancel; reading stderr then ends with EOF.
    def watch() -> None:
        deadline = time.monotonic() + timeout
        while process.poll() is None:
            if cancel.is_set():
                stopped.append(GitCancelled("Interrupted: the server is shutting down."))
            elif time.monotonic() > deadline:
                stopped.append(GitFailed(f"git did not finish within {int(timeout)} seconds."))
            if stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                return
            time.sleep(0.1)

    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    lines: list[str] = []
    pending = b""
    while chunk := os.read(process.stderr.fileno(), 4096):
        *done, pending = _LINE_END.split(pending + chunk)
        for raw in done:
            if line := raw.decode("utf-8", "replace").strip():
                lines = [*lines[-20:], line]
                on_line(line)
    process.stderr.close()
    code = process.wait()
    watchdog.join()
    if stopped:
        raise stopped[0]
    if code != 0:
        errors = [x for x in lines if x.startswith(("fatal:", "error:"))] or lines
        # An object the checks refused is named before the generic fatal lines that follow.
        errors = [x for x in errors if x.startswith("error: object ")] or errors
        raise GitFailed(errors[-1][:500] if errors else f"git exited with status {code}.")


def clone_mirror_args(url: str, dest: Path, config: list[tuple[str, str]]) -> list[str]:
    """Arguments for ``git clone --mirror``; ``--`` keeps the URL and path from being options."""
    args: list[str] = []
    for key, value in [*config, *transport.object_checks("fetch")]:
        args += ["-c", f"{key}={value}"]
    return [*args, "clone", "--mirror", "--progress", "--", url, str(dest)]


# Only the local "file" transport, for a path already checked by the caller.
LOCAL_CONFIG = [
    ("protocol.allow", "never"),
    ("protocol.file.allow", "always"),
    ("core.askPass", "true"),
    ("credential.helper", ""),
]


def clone_local_args(source: Path, dest: Path) -> list[str]:
    """``git clone --mirror --no-local`` of a local repository: through the pack protocol
    (no hard links, no copied object files), so fetch's object checks see every object."""
    args: list[str] = []
    for key, value in [*LOCAL_CONFIG, *transport.object_checks("fetch")]:
        args += ["-c", f"{key}={value}"]
    return [*args, "clone", "--mirror", "--no-local", "--progress", "--", str(source), str(dest)]


# What a pull mirror's sync takes from its source: branches and tags, forced, pruned.
MIRROR_REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")


def fetch_args(path: Path, source: str, config: list[tuple[str, str]]) -> list[str]:
    """Arguments for a mirror's sync: ``git fetch --prune`` of its source's branches and tags
    into the served repository, with the same object checks as a push."""
    args: list[str] = []
    for key, value in [*config, *transport.object_checks("fetch")]:
        args += ["-c", f"{key}={value}"]
    return [
        f"--git-dir={path}",
        *args,
        "fetch",
        "--prune",
        "--no-write-fetch-head",
        "--progress",
        "--",
        source,
        *MIRROR_REFSPECS,
    ]


def ref_tips(path: Path) -> dict[str, str]:
    """Every branch and tag of the repository at ``path`` and the object it names."""
    repo = pygit2.Repository(str(path))
    found = {}
    for name in repo.references:
        if name.startswith(("refs/heads/", "refs/tags/")):
            ref = repo.references.get(name)
            if ref is not None and isinstance(ref.target, pygit2.Oid):
                found[name] = str(ref.target)
    return found


def adopt_mirror(clone: Path) -> str | None:
    """Make a fresh mirror clone a served repository; returns its default branch, if any.

    The ``origin`` remote is dropped (a later fetch must go through the import
    checks again) and the server-side settings of ``storage.init_bare`` applied.
    """
    repo = pygit2.Repository(str(clone))
    # Only the config section: Remotes.delete would also delete every ref the
    # mirror refspec (+refs/*:refs/*) maps, that is all of them.
    config = repo.config
    for key in ("remote.origin.url", "remote.origin.mirror"):
        if key in config:
            del config[key]
    if "remote.origin.fetch" in config:
        config.delete_multivar("remote.origin.fetch", ".*")
    storage.configure_served(repo)
    head = repo.references.get("HEAD")
    target = head.target if head is not None else None
    if isinstance(target, str) and target.startswith("refs/heads/"):
        return target.removeprefix("refs/heads/")
    return None


def maintenance_steps(path: Path, *, has_forks: bool = False) -> list[tuple[list[str], bool]]:
    """Each step, and whether it moves refs (pack-refs takes ref locks and packed-refs.lock).

    The repack keeps what forks borrow (``app.git.alternates``).
    """
    return [
        (["commit-graph", "write", "--reachable", "--changed-paths"], False),
        (alternates.maintenance_steps(path, has_forks=has_forks), False),
        (["pack-refs", "--all"], True),
    ]


def maintain(
    path: Path,
    *,
    env: dict[str, str],
    timeout: float,
    cancel: threading.Event,
    pass_fds: tuple[int, ...] = (),
    started: Callable[[int], None] = lambda pid: None,
    writing: Callable[[], AbstractContextManager[int | None]] = lambda: contextlib.nullcontext(),
    has_forks: bool = False,
) -> None:
    """Write the commit-graph, repack into one pack with a reachability bitmap, pack refs.

    Bitmaps let upload-pack count the objects of a full clone without walking history.
    The step that moves refs runs inside ``writing()``, whose descriptor git keeps too.
    """
    for step, moves_refs in maintenance_steps(path, has_forks=has_forks):
        if cancel.is_set():
            raise GitCancelled("Interrupted: the server is shutting down.")
        with writing() if moves_refs else contextlib.nullcontext() as held:
            run(
                ["-C", str(path), *step],
                env=env,
                timeout=timeout,
                cancel=cancel,
                pass_fds=(*pass_fds, *([held] if held is not None else [])),
                started=started,
            )
