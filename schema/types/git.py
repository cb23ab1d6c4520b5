"""Git objects: the GitObject interface, trees, blobs, tags and their people."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import strawberry

from app.services import contents
from app.services.contents import TEXT_LIMIT
from schema.contents import RepositoryContents


@strawberry.type(description="A person as git records them on a commit or tag.")
class GitActor:
    name: str
    email: str
    date: datetime

    @staticmethod
    def of(actor: contents.Actor) -> GitActor:
        return GitActor(name=actor.name, email=actor.email, date=actor.date)


@strawberry.interface(description="A commit, tree, blob or tag in a repository.")
class GitObject:
    git: strawberry.Private[RepositoryContents]
    data: strawberry.Private[Any]

    @strawberry.field(description="The object's full id (40 hex digits).")
    def oid(self) -> str:
        return str(self.data.oid)

    @strawberry.field(description="The first 7 hex digits of the id.")
    def abbreviated_oid(self) -> str:
        return str(self.data.oid)[:7]


@strawberry.type(description="A file or directory in a tree.")
class TreeEntry:
    git: strawberry.Private[RepositoryContents]
    data: strawberry.Private[contents.TreeEntry]

    @strawberry.field
    def name(self) -> str:
        return self.data.name

    @strawberry.field(description="The path from the repository root.")
    def path(self) -> str:
        return self.data.path

    @strawberry.field(description="'blob', 'tree' or 'commit' (a submodule).")
    def type(self) -> str:
        return self.data.type

    @strawberry.field(description="The file mode, e.g. 33188 (0o100644) or 16384 (a tree).")
    def mode(self) -> int:
        return self.data.mode

    @strawberry.field
    def oid(self) -> str:
        return self.data.oid

    @strawberry.field(description="The blob's size in bytes; null for trees and submodules.")
    def size(self) -> int | None:
        return self.data.size

    @strawberry.field(description="The entry's tree or blob; null for a submodule's commit.")
    async def object(self) -> GitObject | None:
        if self.data.type == "commit":
            return None
        return wrap(self.git, await self.git.object(self.data.oid, self.data.path))


@strawberry.type(description="A directory listing.")
class Tree(GitObject):
    data: strawberry.Private[contents.TreeInfo]

    @strawberry.field(description="Directories first, then files, each by name.")
    def entries(self) -> list[TreeEntry]:
        return [TreeEntry(git=self.git, data=entry) for entry in self.data.entries]


@strawberry.type(description="A file's contents.")
class Blob(GitObject):
    data: strawberry.Private[contents.BlobInfo]

    @strawberry.field(description="The whole file's size in bytes.")
    def byte_size(self) -> int:
        return self.data.size

    @strawberry.field(description="Whether the file holds a NUL byte in its first 8000 bytes.")
    async def is_binary(self) -> bool:
        return (await self.git.blob(self.data.oid)).is_binary

    @strawberry.field(description="Whether text stops short of the file's end (past 1 MiB).")
    def is_truncated(self) -> bool:
        return self.data.size > TEXT_LIMIT

    @strawberry.field(description="The contents as UTF-8 text (the first 1 MiB); null if binary.")
    async def text(self) -> str | None:
        return (await self.git.blob(self.data.oid)).text()

    @strawberry.field(
        name="base64",
        description="The bytes, binary or not, base64-encoded (the first 1 MiB, see isTruncated).",
    )
    async def base64_(self) -> str:
        return base64.b64encode((await self.git.blob(self.data.oid)).data).decode("ascii")


@strawberry.type(description="An annotated tag.")
class Tag(GitObject):
    data: strawberry.Private[contents.TagInfo]

    @strawberry.field
    def name(self) -> str:
        return self.data.name

    @strawberry.field
    def message(self) -> str:
        return self.data.message

    @strawberry.field
    def tagger(self) -> GitActor | None:
        return GitActor.of(self.data.tagger) if self.data.tagger else None

    @strawberry.field(description="The tagged object, usually a commit.")
    async def target(self) -> GitObject | None:
        return wrap(self.git, await self.git.object(self.data.target_oid))


def wrap(git: RepositoryContents, obj: contents.GitObject | None) -> GitObject | None:
    """The GraphQL type for an object read from ``git``."""
    from schema.types.commit import Commit

    if isinstance(obj, contents.CommitInfo):
        return Commit(git=git, data=obj)
    if isinstance(obj, contents.TreeInfo):
        return Tree(git=git, data=obj)
    if isinstance(obj, contents.BlobInfo):
        return Blob(git=git, data=obj)
    if isinstance(obj, contents.TagInfo):
        return Tag(git=git, data=obj)
    return None
