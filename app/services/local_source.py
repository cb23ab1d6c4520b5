"""Importing from a local path: only under ``INGOT_IMPORT_LOCAL_ROOT``, never out of it.

Kod imports "a local or remote Git repository"; on a shared forge a path is
a way to read the server's disk, so Ingot takes one only from a site
administrator and only under the configured root. The path is checked
without trusting the file system: no ``..``, the resolved path (symlinks
followed) inside the root, and every symlink inside the repository's git
directory leading inside the root too; git's own pointers to other
directories (a ``.git`` file, ``objects/info/alternates``, ``commondir``)
are refused. The job checks again just before cloning (``app.jobs.importing``),
and clones through git's pack protocol (``--no-local``) so every object
passes the same checks as a push's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from app.errors import Forbidden, InvalidInput
from app.services.actor import Actor

ENABLE_HINT = (
    "Importing from a local path is off on this server. A site administrator can "
    "enable it by setting INGOT_IMPORT_LOCAL_ROOT to the directory to import from "
    "and restarting Ingot."
)
# git's pointers from one repository to another directory's objects or refs.
_POINTERS = ("objects/info/alternates", "objects/info/http-alternates", "commondir")
_MAX_LENGTH = 2048  # RepositoryImport.source_url holds it


def is_local(source: str) -> bool:
    """Whether an import source is a local path (absolute) rather than a URL."""
    return source.startswith("/")


def require_allowed(actor: Actor, root: Path | None) -> Path:
    """The root, if ``actor`` may import local paths. Off (no root): InvalidInput for
    everyone, as for any source this server does not take; on: Forbidden but for a site
    administrator (the account's flag and the ``admin`` scope)."""
    if root is None:
        raise InvalidInput(ENABLE_HINT, field="url")
    if not actor.is_site_admin:
        raise Forbidden("Only a site administrator can import from a local path.")
    return root


def _within(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def check(root: Path, source: str, field: str = "url") -> Path:
    """The resolved repository directory ``source`` names under ``root``; InvalidInput if not.

    Synchronous (it walks the git directory): run it in a thread.
    """

    def refuse(message: str) -> InvalidInput:
        return InvalidInput(message, field=field)

    if not source or len(source) > _MAX_LENGTH:
        raise refuse("A local source must be a path.")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in source):
        raise refuse("The path may not contain control characters.")
    if not is_local(source):
        raise refuse("A local source must be an absolute path.")
    if ".." in PurePosixPath(source).parts:
        raise refuse("The path may not contain '..'.")
    try:
        resolved = Path(source).resolve(strict=True)
    except (OSError, RuntimeError):
        raise refuse(f"No directory '{source}' under the import root.") from None
    if not _within(resolved, root) or not resolved.is_dir():
        raise refuse(f"'{source}' is not a directory under the import root.")
    git_dir = _git_dir(resolved)
    if git_dir is None:
        raise refuse(f"'{source}' is not a git repository.")
    for pointer in _POINTERS:
        if (git_dir / pointer).exists() or (git_dir / pointer).is_symlink():
            raise refuse(f"'{source}' borrows from another directory ({pointer}).")
    _check_links(git_dir, root, refuse)
    return resolved


def _git_dir(path: Path) -> Path | None:
    """The git directory of a bare repository or of a working tree with a ``.git`` directory."""
    dot_git = path / ".git"
    if dot_git.is_symlink() or dot_git.is_file():
        return None  # a gitdir pointer or link: the repository would be elsewhere
    if dot_git.is_dir():
        path = dot_git
    if (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir():
        return path
    return None


def _check_links(git_dir: Path, root: Path, refuse: Callable[[str], InvalidInput]) -> None:
    """Every symlink under ``git_dir`` (followed, each directory once) leads inside ``root``."""
    seen: set[Path] = set()
    for current, dirs, files in os.walk(git_dir, followlinks=True):
        here = Path(current).resolve()
        if here in seen:
            dirs[:] = []
            continue
        seen.add(here)
        for entry in (*dirs, *files):
            path = Path(current) / entry
            if path.is_symlink() and not _within(path.resolve(), root):
                raise refuse(f"'{path.relative_to(git_dir)}' leads out of the import root.")
