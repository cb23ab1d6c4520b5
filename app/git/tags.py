"""Tags: validating their names and creating lightweight ones.

Synchronous pygit2 on a bare repository at a ``Path``; callers run it in a thread.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygit2

from app.git import locks

_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")
_HEX = re.compile(r"[0-9a-fA-F]{4,40}")


class BadTagName(ValueError):
    """The name is not one ``git check-ref-format`` accepts for ``refs/tags/<name>``."""


class TagExists(ValueError):
    pass


def validate_tag_name(name: str) -> str:
    """The name, if git would accept ``refs/tags/<name>`` and it does not look like an option."""
    if not name or len(name) > 255 or name.startswith("-") or name == "@":
        raise BadTagName(name)
    if _FORBIDDEN.search(name) or ".." in name or "@{" in name:
        raise BadTagName(name)
    if name.startswith("/") or name.endswith(("/", ".")):
        raise BadTagName(name)
    for component in name.split("/"):
        if not component or component.startswith(".") or component.endswith(".lock"):
            raise BadTagName(name)
    return name


def tag_commit(path: Path, name: str) -> str | None:
    """The commit ``refs/tags/<name>`` points at (annotated tags peeled), or None."""
    repo = pygit2.Repository(str(path))
    ref = repo.references.get(f"refs/tags/{name}")
    if ref is None:
        return None
    return str(ref.peel(pygit2.Commit).id)


def resolve_commitish(path: Path, commitish: str) -> str | None:
    """The commit a branch, a tag or a (possibly abbreviated) commit id names, or None.

    Only those three forms: no revision expressions such as ``main~1`` or ``@{u}``.
    """
    repo = pygit2.Repository(str(path))
    for ref_name in (f"refs/heads/{commitish}", f"refs/tags/{commitish}"):
        try:
            ref = repo.references.get(ref_name)
        except (ValueError, pygit2.InvalidSpecError):
            ref = None
        if ref is not None:
            return str(ref.peel(pygit2.Commit).id)
    if _HEX.fullmatch(commitish):
        try:
            obj = repo.revparse_single(commitish)
            return str(obj.peel(pygit2.Commit).id)
        except (KeyError, ValueError, pygit2.GitError):
            return None
    return None


def create_lightweight_tag(path: Path, name: str, commit_id: str) -> None:
    """Create ``refs/tags/<name>`` at ``commit_id``; TagExists if it is already there."""
    repo = pygit2.Repository(str(path))
    try:
        with locks.writing(path):  # the ref's lock file is ours while this runs
            repo.references.create(
                f"refs/tags/{validate_tag_name(name)}", pygit2.Oid(hex=commit_id)
            )
    except pygit2.AlreadyExistsError:
        raise TagExists(name) from None
