"""Branches and tags."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pygit2
from pygit2.enums import ReferenceType

from app.git import locks
from app.git.revision import InvalidRevision, check_name


@dataclass(frozen=True)
class RefInfo:
    """A ref by its full name and the object it names (an annotated tag's tag object)."""

    name: str
    target_oid: str

    @property
    def prefix(self) -> str:
        """``refs/heads/`` for ``refs/heads/feature/x``: the first two segments."""
        first, _, rest = self.name.partition("/")
        second, _, _ = rest.partition("/")
        return f"{first}/{second}/"

    @property
    def short_name(self) -> str:
        return self.name[len(self.prefix) :]


def _info(ref: pygit2.Reference) -> RefInfo | None:
    if ref.type != ReferenceType.DIRECT:
        return None
    return RefInfo(name=ref.name, target_oid=str(ref.target))


def list_refs(repo: pygit2.Repository, prefix: str) -> list[RefInfo]:
    """Direct refs whose full name starts with ``prefix``, sorted by name."""
    found = []
    for ref in repo.references.iterator():
        if ref.name.startswith(prefix):
            info = _info(ref)
            if info is not None:
                found.append(info)
    found.sort(key=lambda r: r.name)
    return found


def find_ref(repo: pygit2.Repository, qualified_name: str) -> RefInfo | None:
    """``main`` (branch, then tag) or a full ``refs/...`` name; None if absent or malformed."""
    try:
        check_name(qualified_name)
    except InvalidRevision:
        return None
    if qualified_name.startswith("refs/"):
        candidates = [qualified_name]
    else:
        candidates = [f"refs/heads/{qualified_name}", f"refs/tags/{qualified_name}"]
    for name in candidates:
        try:
            ref = repo.references.get(name)
        except (ValueError, pygit2.InvalidSpecError):
            continue
        if ref is not None:
            info = _info(ref)
            if info is not None:
                return info
    return None


def is_empty(repo: pygit2.Repository) -> bool:
    """No branch and no tag: nothing has been pushed."""
    return not any(name.startswith(("refs/heads/", "refs/tags/")) for name in repo.references)


def default_branch(repo: pygit2.Repository) -> str | None:
    """The branch ``HEAD`` names (it may not exist yet); None for a detached ``HEAD``."""
    try:
        head = repo.references.get("HEAD")
    except (ValueError, pygit2.GitError):
        return None
    if head is None or head.type != pygit2.enums.ReferenceType.SYMBOLIC:
        return None
    target = str(head.target)
    return target.removeprefix("refs/heads/") if target.startswith("refs/heads/") else None


class RefConflict(Exception):
    """The ref exists (creating) or no longer points where the caller saw it (deleting)."""


def _update_ref(path: Path, *args: str) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
    }
    with locks.writing(path):  # the ref's lock file is ours while this runs, not a crash's
        result = subprocess.run(
            ["git", f"--git-dir={path}", "update-ref", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    if result.returncode != 0:
        raise RefConflict(result.stderr.strip())


def create_ref(path: Path, full_name: str, oid: str) -> None:
    """Create ``full_name`` at ``oid``, atomically refused (RefConflict) if it exists.

    The name must have passed ``app.git.refname``'s policy; ``oid`` a full object id.
    """
    check_name(full_name)
    _update_ref(path, "--create-reflog", "--", full_name, oid, "0" * len(oid))


def delete_ref(path: Path, full_name: str, expected_oid: str) -> None:
    """Delete ``full_name`` if it still names ``expected_oid``; else RefConflict."""
    check_name(full_name)
    _update_ref(path, "-d", "--", full_name, expected_oid)
