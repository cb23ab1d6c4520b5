"""Where bare repositories live on disk, and creating, moving and removing them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygit2

from app.git import locks, transport


class UnsafePath(ValueError):
    """A computed path would fall outside the repositories root."""


def repository_path(root: Path, owner_login: str, name: str) -> Path:
    """``root/<owner>/<name>.git``, lower-cased; refuses anything escaping ``root``.

    Names are validated before they get here; this is the second lock on the door.
    """
    root = root.resolve()
    path = (root / owner_login.lower() / f"{name.lower()}.git").resolve()
    if path.parent.parent != root:
        raise UnsafePath(f"{owner_login}/{name}")
    return path


def init_bare(path: Path, default_branch: str) -> None:
    """Create a bare repository whose HEAD points at ``default_branch``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    repo = pygit2.init_repository(str(path), bare=True, initial_head=default_branch)
    configure_served(repo)


def configure_served(repo: pygit2.Repository) -> None:
    """The settings every served bare repository has (new or imported)."""
    config = repo.config
    # Served over HTTP: accept pushes, keep reflogs for recovery, check pushed objects
    # (receive-pack also gets these checks on its command line, for older repositories).
    config["http.receivepack"] = True
    config["core.logAllRefUpdates"] = True
    for key, value in transport.object_checks("receive"):
        config[key] = value
    config["uploadpack.allowFilter"] = True
    config["uploadpack.allowAnySHA1InWant"] = False


def set_head(path: Path, branch: str) -> None:
    repo = pygit2.Repository(str(path))
    with locks.writing(path):  # HEAD.lock is ours while this runs, not a crash's
        repo.set_head(f"refs/heads/{branch}")


def move(src: Path, dst: Path) -> None:
    if src == dst:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    src.rename(dst)
    _remove_empty_parent(src)


def remove(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    _remove_empty_parent(path)


def _remove_empty_parent(path: Path) -> None:
    try:
        path.parent.rmdir()
    except OSError:
        pass


def has_branch(path: Path, branch: str) -> bool:
    return _has_ref(path, f"refs/heads/{branch}")


def has_tag(path: Path, tag: str) -> bool:
    return _has_ref(path, f"refs/tags/{tag}")


def has_only_tag(path: Path, name: str) -> bool:
    """A tag ``name`` exists and no branch ``name`` (False when there is no repository)."""
    if not path.exists():
        return False
    return has_tag(path, name) and not has_branch(path, name)


def _has_ref(path: Path, name: str) -> bool:
    repo = pygit2.Repository(str(path))
    try:
        return repo.references.get(name) is not None
    except (ValueError, pygit2.InvalidSpecError):
        return False  # a name git could not have stored


def branch_names(path: Path) -> list[str]:
    repo = pygit2.Repository(str(path))
    return list(repo.branches.local)
