"""Forks share their parent's objects through git alternates.

A fork's ``objects/info/alternates`` names its parent's object directory, so
forking copies refs, never a pack. The path is relative to the fork's object
directory (git resolves it so), which keeps both repositories correct when the
whole data directory moves; renaming either one rewrites it (``link``).

Two rules keep every fork whole (git-clone(1), ``--shared``: a repository
others borrow from must not lose objects they need):

- the parent is never pruned: a repository with forks repacks with
  ``--keep-unreachable`` (``maintenance_steps``), so an object a branch no
  longer reaches, which a fork's branch may still reach, stays;
- before the parent's directory goes, each fork copies what it borrows into a
  pack of its own (``git repack -a -d`` without ``-l`` packs borrowed objects
  too, git-repack(1)) and only then drops its alternates file (``detach``).

A linked fork's own maintenance repacks with ``-l``, so it never copies what
it borrows (and writes no bitmap, which needs every reachable object in the
pack).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pygit2

from app.git import locks, transport

ALTERNATES = Path("objects") / "info" / "alternates"


class DetachFailed(RuntimeError):
    """git could not copy the borrowed objects into the fork."""


def link(fork: Path, parent: Path) -> None:
    """Make ``fork`` borrow the objects of ``parent`` (written atomically)."""
    target = os.path.relpath(parent / "objects", fork / "objects")
    path = fork / ALTERNATES
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name("alternates.ingot-tmp")
    temporary.write_text(target + "\n", encoding="utf-8")
    temporary.replace(path)


def is_linked(path: Path) -> bool:
    return (path / ALTERNATES).is_file()


def copy_refs(parent: Path, fork: Path) -> None:
    """Give ``fork`` every branch and tag of ``parent``, and the same HEAD."""
    source = pygit2.Repository(str(parent))
    target = pygit2.Repository(str(fork))  # opened after ``link``: sees the parent's objects
    for name in source.references:
        if not name.startswith(("refs/heads/", "refs/tags/")):
            continue
        ref = source.references.get(name)
        if ref is None:
            continue
        resolved = ref.resolve()
        target.references.create(name, resolved.target, force=True)
    head = source.references.get("HEAD")
    if head is not None and isinstance(head.target, str):
        target.set_head(head.target)


def detach(fork: Path, env: dict[str, str], timeout: float = 3600) -> None:
    """Copy what ``fork`` borrows into its own pack, then stop borrowing.

    ``git repack -a -d`` without ``-l`` packs every object the fork reaches,
    borrowed ones included; the alternates file goes only once that pack is in
    place, so the fork is whole at every moment.
    """
    if not is_linked(fork):
        return
    # The fork's own maintenance (``repack -l``) must not run meanwhile: it decides from
    # the alternates file whether to borrow.
    held = locks.lock(fork, locks.MAINTENANCE)
    try:
        done = subprocess.run(
            ["git", "-C", str(fork), "repack", "-a", "-d", "-q"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DetachFailed(message[-1] if message else f"git exited with {done.returncode}")
        (fork / ALTERNATES).unlink(missing_ok=True)
    finally:
        locks.release(held)


def maintenance_steps(path: Path, *, has_forks: bool) -> list[str]:
    """The ``git repack`` arguments of a repository's maintenance."""
    args = ["repack", "-a", "-d", "-q"]
    if is_linked(path):
        args.append("-l")  # keep borrowing: never copy the parent's objects
    else:
        args.append("--write-bitmap-index")
    if has_forks:
        args.append("--keep-unreachable")  # forks may reach what our branches no longer do
    return args


def fetch_branch(
    base: Path, head: Path, branch: str, target: str, env: dict[str, str], timeout: float = 600
) -> str:
    """Fetch ``branch`` of repository ``head`` into ``target`` of ``base`` (forced); its oid.

    A fork's pull request keeps its head in the base repository this way
    (``refs/pull/<n>/head``), so merging and every later read stay inside the base.
    """
    # A local path is the file transport, which the isolated environment does not allow
    # by default; the objects were checked when pushed to the fork, and are again here.
    config = [("protocol.file.allow", "always"), *transport.object_checks("fetch")]
    done = subprocess.run(
        [
            "git",
            *[arg for key, value in config for arg in ("-c", f"{key}={value}")],
            "-C",
            str(base),
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            "--",
            str(head),
            f"+refs/heads/{branch}:{target}",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FetchFailed(message[-1] if message else f"git exited with {done.returncode}")
    ref = pygit2.Repository(str(base)).references.get(target)
    if ref is None:
        raise FetchFailed(f"{target} was not written")
    return str(ref.resolve().target)


class FetchFailed(RuntimeError):
    """git could not fetch a fork's branch into its parent."""
