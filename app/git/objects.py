"""Reading git objects into plain, immutable values.

Every function takes an open ``pygit2.Repository`` and returns dataclasses
that hold no libgit2 state, so callers can use them from any thread.
"""

from __future__ import annotations

import codecs
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pygit2
from pygit2.enums import ObjectType, RepositoryOpenFlag

from app.git import revision
from app.git.revision import BlobId

TEXT_LIMIT = 1024 * 1024
# Git's own test for binary content (buffer_is_binary): a NUL in the first 8000 bytes.
BINARY_SNIFF = 8000

_TYPE_NAMES = {ObjectType.BLOB: "blob", ObjectType.TREE: "tree", ObjectType.COMMIT: "commit"}


class MissingRepository(LookupError):
    """There is no git repository at the given path."""


@dataclass(frozen=True)
class Actor:
    name: str
    email: str
    date: datetime


@dataclass(frozen=True)
class CommitInfo:
    oid: str
    tree_oid: str
    parent_oids: tuple[str, ...]
    message: str
    author: Actor
    committer: Actor


@dataclass(frozen=True)
class TreeEntry:
    """``type`` is ``blob``, ``tree`` or ``commit`` (a submodule); ``size`` is for blobs only."""

    name: str
    path: str
    type: str
    mode: int
    oid: str
    size: int | None


@dataclass(frozen=True)
class TreeInfo:
    """A tree, read at ``path`` (``""`` for a root tree or one looked up by oid)."""

    oid: str
    path: str
    entries: tuple[TreeEntry, ...]


@dataclass(frozen=True)
class BlobInfo:
    """A blob's id and size; its content is read separately, only when asked for."""

    oid: str
    size: int


@dataclass(frozen=True)
class BlobContent:
    """``data`` holds at most the text limit; ``is_truncated`` says whether it was cut."""

    oid: str
    size: int
    is_binary: bool
    is_truncated: bool
    data: bytes

    def text(self) -> str | None:
        if self.is_binary:
            return None
        # An incremental decoder drops a multi-byte character cut by the truncation.
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        return decoder.decode(self.data, final=not self.is_truncated)


@dataclass(frozen=True)
class TagInfo:
    oid: str
    name: str
    message: str
    tagger: Actor | None
    target_oid: str


GitObject = CommitInfo | TreeInfo | BlobInfo | TagInfo


def open_repository(path: Path) -> pygit2.Repository:
    """Open the bare repository at exactly ``path``, never a parent directory's."""
    flags = RepositoryOpenFlag.NO_SEARCH | RepositoryOpenFlag.BARE
    try:
        return pygit2.Repository(str(path), flags)
    except pygit2.GitError:
        raise MissingRepository(str(path)) from None


def decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def actor(signature: pygit2.Signature) -> Actor:
    tz = timezone(timedelta(minutes=signature.offset))
    return Actor(
        name=decode(signature.raw_name),
        email=decode(signature.raw_email),
        date=datetime.fromtimestamp(signature.time, tz),
    )


def commit_info(commit: pygit2.Commit) -> CommitInfo:
    return CommitInfo(
        oid=str(commit.id),
        tree_oid=str(commit.tree_id),
        parent_oids=tuple(str(p) for p in commit.parent_ids),
        message=decode(commit.raw_message),
        author=actor(commit.author),
        committer=actor(commit.committer),
    )


def tree_info(repo: pygit2.Repository, tree: pygit2.Tree, path: str = "") -> TreeInfo:
    """The tree's entries, trees first then by name as forges list them."""
    entries = []
    for entry in tree:
        type_name = _TYPE_NAMES.get(entry.type, "blob")
        size = None
        if type_name == "blob":
            # The header gives the size without inflating the whole blob.
            size = repo.odb.read_header(entry.id)[1]
        name = decode(entry.raw_name or b"")
        entries.append(
            TreeEntry(
                name=name,
                path=f"{path}/{name}" if path else name,
                type=type_name,
                mode=int(entry.filemode),
                oid=str(entry.id),
                size=size,
            )
        )
    entries.sort(key=lambda e: (e.type != "tree", e.name))
    return TreeInfo(oid=str(tree.id), path=path, entries=tuple(entries))


def blob_content(blob: pygit2.Blob, limit: int = TEXT_LIMIT) -> BlobContent:
    view = memoryview(blob)
    head = bytes(view[:limit])
    return BlobContent(
        oid=str(blob.id),
        size=blob.size,
        is_binary=b"\0" in head[:BINARY_SNIFF],
        is_truncated=blob.size > limit,
        data=head,
    )


def tag_info(tag: pygit2.Tag) -> TagInfo:
    return TagInfo(
        oid=str(tag.id),
        name=decode(tag.raw_name),
        message=decode(tag.raw_message) if tag.raw_message else "",
        tagger=actor(tag.tagger) if tag.tagger else None,
        target_oid=str(tag.target),
    )


def object_info(repo: pygit2.Repository, obj: pygit2.Object | BlobId, path: str = "") -> GitObject:
    """Any object as its value; ``path`` gives a tree's entries their full paths."""
    if isinstance(obj, BlobId):
        return BlobInfo(oid=str(obj.id), size=obj.size)
    if isinstance(obj, pygit2.Commit):
        return commit_info(obj)
    if isinstance(obj, pygit2.Tree):
        return tree_info(repo, obj, path)
    if isinstance(obj, pygit2.Tag):
        return tag_info(obj)
    if isinstance(obj, pygit2.Blob):
        # The header gives the size without inflating the whole blob.
        return BlobInfo(oid=str(obj.id), size=repo.odb.read_header(obj.id)[1])
    raise TypeError(f"unexpected object {obj!r}")


def lookup(repo: pygit2.Repository, oid: str) -> pygit2.Object | BlobId | None:
    """The object with exactly this (full, hex) id, a blob unread; or None."""
    try:
        full = pygit2.Oid(hex=oid)
    except ValueError:
        return None
    return revision.get(repo, full)


def read(repo: pygit2.Repository, keys: list[tuple[str, str]]) -> list[GitObject | None]:
    """Objects by ``(oid, path)``, in key order; None where an object is missing."""
    found: list[GitObject | None] = []
    for oid, path in keys:
        obj = lookup(repo, oid)
        found.append(object_info(repo, obj, path) if obj is not None else None)
    return found


def read_blobs(repo: pygit2.Repository, oids: list[str]) -> list[BlobContent | None]:
    """Blob contents (up to the text limit) by full oid, in order; None where not a blob.

    A blob past the limit is never read whole: its first bytes come from
    ``git cat-file``, which is stopped once they are in.
    """
    found: list[BlobContent | None] = []
    for oid in oids:
        obj = lookup(repo, oid)
        if not isinstance(obj, BlobId):
            found.append(None)
        elif obj.size <= TEXT_LIMIT:
            blob = repo.get(obj.id)
            found.append(blob_content(blob) if isinstance(blob, pygit2.Blob) else None)
        else:
            head = read_head(Path(repo.path), str(obj.id), TEXT_LIMIT)
            found.append(
                BlobContent(
                    oid=str(obj.id),
                    size=obj.size,
                    is_binary=b"\0" in head[:BINARY_SNIFF],
                    is_truncated=True,
                    data=head,
                )
            )
    return found


def read_blob(repo: pygit2.Repository, blob: BlobId) -> bytes:
    """The whole content of ``blob``: for blobs whose size the caller has checked."""
    found = repo.get(blob.id)
    if not isinstance(found, pygit2.Blob):
        raise LookupError(str(blob.id))
    return found.data


def blob_command(repo_path: Path, oid: str) -> list[str]:
    """The argv that writes blob ``oid`` (a full id, never user text) to stdout as it reads it."""
    pygit2.Oid(hex=oid)  # nothing but an object id reaches the command line
    return ["git", f"--git-dir={repo_path}", "cat-file", "blob", oid]


def read_head(repo_path: Path, oid: str, limit: int) -> bytes:
    """The first ``limit`` bytes of blob ``oid``, without reading the rest into this process."""
    with subprocess.Popen(  # argv from blob_command: an object id only
        blob_command(repo_path, oid),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        assert process.stdout is not None
        head = process.stdout.read(limit)
        process.kill()
    return head
