"""Resolving user-supplied revisions without git's revision language.

Only a branch, a tag, ``HEAD``, a fully qualified ref, a full or abbreviated
object id and ``rev:path`` are understood. Anything else (``..``, ``^``, ``~``,
``@{``, options starting with ``-``) is refused before any lookup, and no
input ever reaches a git command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pygit2
from pygit2.enums import ObjectType

_HEX = re.compile(r"[0-9a-f]{4,64}")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
MAX_LENGTH = 1024


class InvalidRevision(ValueError):
    """The revision uses syntax Ingot does not accept."""


@dataclass(frozen=True)
class BlobId:
    """A blob named by its id and left unread: libgit2 reads a blob whole, at once."""

    id: pygit2.Oid
    size: int


@dataclass(frozen=True)
class Resolved:
    """An object and the path it was found at (``""`` unless reached by ``rev:path``)."""

    obj: pygit2.Object | BlobId
    path: str


def get(repo: pygit2.Repository, oid: pygit2.Oid | str) -> pygit2.Object | BlobId | None:
    """The object ``oid`` (full or abbreviated) names, a blob only by id and size; None if none.

    The header says what the object is without inflating it, so a large blob
    named by a user is never read here.
    """
    try:
        full = repo.expand_id(oid) if isinstance(oid, str) else oid
        kind, size = repo.odb.read_header(full)
        if kind == ObjectType.BLOB:
            return BlobId(full, size)
        return repo.get(full)
    except (KeyError, ValueError, pygit2.GitError):
        # Ambiguous prefixes, malformed and missing ids name nothing.
        return None


def _through_tags(repo: pygit2.Repository, obj: pygit2.Object | BlobId) -> pygit2.Object | None:
    """What ``obj`` names once tags are followed; None for a blob, which is not read."""
    found: pygit2.Object | BlobId | None = obj
    while isinstance(found, pygit2.Tag):
        found = get(repo, found.target)
    return None if found is None or isinstance(found, BlobId) else found


def commit_named(repo: pygit2.Repository, oid: str) -> pygit2.Commit | None:
    """The commit an id (full or abbreviated) names, through tags; None for anything else.

    A blob named by the id is never read (its header says what it is).
    """
    found = get(repo, oid)
    target = _through_tags(repo, found) if found is not None else None
    try:
        return target.peel(pygit2.Commit) if target is not None else None
    except (ValueError, pygit2.GitError):
        return None


def tree_of(repo: pygit2.Repository, obj: pygit2.Object | BlobId) -> pygit2.Tree | None:
    """The tree of a commit, tag or tree; None for anything else."""
    found = _through_tags(repo, obj)
    try:
        return found.peel(pygit2.Tree) if found is not None else None
    except (ValueError, pygit2.GitError):
        return None


def commit_of(repo: pygit2.Repository, obj: pygit2.Object | BlobId) -> pygit2.Commit | None:
    """The commit a commit or tag names; None for anything else."""
    found = _through_tags(repo, obj)
    try:
        return found.peel(pygit2.Commit) if found is not None else None
    except (ValueError, pygit2.GitError):
        return None


def check_name(rev: str) -> str:
    """Refuse anything that is not a plain ref name or object id (git check-ref-format rules)."""
    if (
        not rev
        or len(rev) > MAX_LENGTH
        or rev.startswith(("-", "/", "."))
        or rev.endswith(("/", ".", ".lock"))
        or "/." in rev
        or _FORBIDDEN.search(rev)
    ):
        raise InvalidRevision(rev)
    return rev


def check_path(path: str) -> str:
    """A repository-relative path: no empty, ``.`` or ``..`` segments, no NUL."""
    if len(path) > 4096 or "\x00" in path:
        raise InvalidRevision(path)
    if path == "":
        return path
    if any(part in {"", ".", ".."} for part in path.split("/")):
        raise InvalidRevision(path)
    return path


def _reference(repo: pygit2.Repository, name: str) -> pygit2.Object | BlobId | None:
    try:
        ref = repo.references.get(name)
    except (ValueError, pygit2.InvalidSpecError):
        return None
    if ref is None:
        return None
    try:
        target = ref.resolve().target
    except (KeyError, pygit2.GitError):
        return None
    return get(repo, target) if isinstance(target, pygit2.Oid) else None


def named(
    repo: pygit2.Repository, rev: str, *, allow_oid: bool = True
) -> pygit2.Object | BlobId | None:
    """The object a plain revision names: branch first, then tag, then object id."""
    check_name(rev)
    if rev == "HEAD" or rev.startswith("refs/"):
        return _reference(repo, rev)
    for candidate in (f"refs/heads/{rev}", f"refs/tags/{rev}"):
        found = _reference(repo, candidate)
        if found is not None:
            return found
    if allow_oid and _HEX.fullmatch(rev):
        return get(repo, rev)
    return None


def at_path(tree: pygit2.Tree, path: str) -> pygit2.Object | None:
    """The tree or blob at ``path``; None if absent or a submodule (its commit lives elsewhere)."""
    if path == "":
        return tree
    try:
        found = tree[path]
    except KeyError:
        return None
    return None if found.type == ObjectType.COMMIT else found


def resolve(repo: pygit2.Repository, expression: str) -> Resolved | None:
    """Resolve ``rev`` or ``rev:path`` (``rev:`` is the root tree); None if it names nothing."""
    rev, colon, path = expression.partition(":")
    obj = named(repo, rev)
    if obj is None or not colon:
        return Resolved(obj, "") if obj is not None else None
    path = check_path(path.rstrip("/"))
    tree = tree_of(repo, obj)
    if tree is None:
        return None
    found = at_path(tree, path)
    return Resolved(found, path) if found is not None else None


def split_rev_path(
    repo: pygit2.Repository, parts: list[str]
) -> tuple[pygit2.Object | BlobId, str] | None:
    """For ``a/b/c/file``: the longest leading segments naming a branch or tag, then the path.

    Only the first segment may be an object id. Returns the commit-ish and the rest.
    """
    for cut in range(len(parts), 0, -1):
        rev = "/".join(parts[:cut])
        try:
            obj = named(repo, rev, allow_oid=cut == 1)
        except InvalidRevision:
            continue
        if obj is not None:
            return obj, "/".join(parts[cut:])
    return None


def blob_at(repo: pygit2.Repository, rev_and_path: str) -> tuple[BlobId, str] | None:
    """The blob at ``<rev>/<path>`` (``rev`` may contain slashes) and its path, unread; None
    for anything else, directories and hostile input included."""
    parts = rev_and_path.split("/")
    try:
        check_path(rev_and_path)
    except InvalidRevision:
        return None
    found = split_rev_path(repo, parts)
    if found is None or not found[1]:
        return None
    obj, path = found
    tree = tree_of(repo, obj)
    if tree is None:
        return None
    entry = at_path(tree, path)
    if entry is None or entry.type != ObjectType.BLOB:
        return None
    # A tree entry is read only when its content is asked for: the header gives the size.
    return BlobId(entry.id, repo.odb.read_header(entry.id)[1]), path
