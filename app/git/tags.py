"""Tags: finding them and creating lightweight ones (names follow ``app.git.refname``).

Synchronous pygit2 on a bare repository at a ``Path``; callers run it in a thread.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygit2

from app.git import locks, refname, revision

_HEX = re.compile(r"[0-9a-fA-F]{4,40}")


class TagExists(ValueError):
    pass


class ShadowsBranch(ValueError):
    """A branch of the same name exists: the tag would make ``git push origin <name>`` ambiguous."""


def tag_commit(path: Path, name: str) -> str | None:
    """The commit ``refs/tags/<name>`` points at (annotated tags peeled), or None."""
    repo = pygit2.Repository(str(path))
    try:
        ref = repo.references.get(f"refs/tags/{name}")
    except (ValueError, pygit2.InvalidSpecError):
        return None  # a name git could not have stored
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
        # Not revparse_single: libgit2 would read a blob named by the id whole.
        commit = revision.commit_named(repo, commitish)
        return str(commit.id) if commit is not None else None
    return None


def create_lightweight_tag(path: Path, name: str, commit_id: str) -> None:
    """Create ``refs/tags/<name>`` at ``commit_id``.

    ``refname.BadRefName`` for a name the policy refuses, ``ShadowsBranch`` when a
    branch has the name, TagExists if the tag is already there.
    """
    refname.check_tag(name)
    repo = pygit2.Repository(str(path))
    if repo.references.get(f"{refname.BRANCHES}{name}") is not None:
        raise ShadowsBranch(name)
    try:
        with locks.writing(path):  # the ref's lock file is ours while this runs
            repo.references.create(f"{refname.TAGS}{name}", pygit2.Oid(hex=commit_id))
    except pygit2.AlreadyExistsError:
        raise TagExists(name) from None
