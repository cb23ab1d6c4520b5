"""Git objects: the GitObject interface, commits, trees, blobs, tags and their people.

They live together because they build one another: a commit's tree, a tree entry's object
and a tag's target are all made by ``wrap``.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import strawberry

from app.auth.scopes import WORKFLOW_READ
from app.errors import InvalidInput, NotFound
from app.services import contents, file_commit
from app.services.contents import TEXT_LIMIT
from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.contents import RepositoryContents
from schema.context import Info
from schema.markdown import HTML, file_html, is_markdown
from schema.types.account import User
from schema.types.commit_cursor import (
    decode_commit_cursor,
    decode_history_cursor,
    encode_commit_cursor,
    encode_history_cursor,
)
from schema.types.connection import PageInfo
from schema.types.diff import Diff
from schema.types.pipeline import Pipeline


@strawberry.type(description="A person as git records them on a commit or tag.")
class GitActor:
    name: str
    email: str
    date: datetime

    @staticmethod
    def of(actor: contents.Actor) -> GitActor:
        return GitActor(name=actor.name, email=actor.email, date=actor.date)

    @strawberry.field(
        description="The user whose email address this is (exact match), unless they keep "
        "their address private."
    )
    async def user(self, info: Info) -> User | None:
        found = await info.context.loaders.users_by_public_email.load(self.email)
        return User(model=found) if found else None


@strawberry.type(description="A commit's authors: git records one.")
class GitActorConnection:
    nodes: list[GitActor]
    total_count: int


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
    # The revision the tree was read at, when known (a Markdown blob's links resolve there).
    revision: strawberry.Private[str | None] = None

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
        found = await self.git.object(self.data.oid, self.data.path)
        return wrap(self.git, found, revision=self.revision, path=self.data.path)


@strawberry.type(description="A directory listing.")
class Tree(GitObject):
    data: strawberry.Private[contents.TreeInfo]
    revision: strawberry.Private[str | None] = None

    @strawberry.field(description="Directories first, then files, each by name.")
    def entries(self) -> list[TreeEntry]:
        return [
            TreeEntry(git=self.git, data=entry, revision=self.revision)
            for entry in self.data.entries
        ]


@strawberry.type(description="A file's contents.")
class Blob(GitObject):
    data: strawberry.Private[contents.BlobInfo]
    # Where the blob was reached (``rev:path`` or a tree entry); unknown for a bare oid.
    path: strawberry.Private[str | None] = None
    revision: strawberry.Private[str | None] = None

    @strawberry.field(
        description="A Markdown file (.md, .markdown, ...) as sanitized HTML, its relative "
        "links and images resolved at the revision it was read at; null for other files, "
        "binary files and blobs looked up by oid alone."
    )
    async def html(self, info: Info) -> HTML | None:
        repo = self.git.repository
        if self.path is None or repo is None or not is_markdown(self.path):
            return None
        content = await self.git.blob(self.data.oid)
        text = content.text()
        if text is None:
            return None
        rendered = await file_html(info, repo, self.revision, self.path, text)
        return HTML(rendered) if rendered is not None else None

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
        description=(
            "The bytes, binary or not, base64-encoded (the first 1 MiB, see isTruncated). "
            "With complete: true, null for a file past 1 MiB, which is then not read at all."
        ),
    )
    async def base64_(self, complete: bool = False) -> str | None:
        if complete and self.data.size > TEXT_LIMIT:
            return None  # decided by the size in the object's header: nothing is read
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


@strawberry.type
class CommitEdge:
    cursor: str
    node: Commit


@strawberry.type(description="A page of a commit's history, newest first.")
class CommitHistoryConnection:
    nodes: list[Commit]
    page_info: PageInfo
    cursors: strawberry.Private[list[str]]
    git: strawberry.Private[RepositoryContents]
    start: strawberry.Private[str]
    path: strawberry.Private[str | None]

    @strawberry.field(
        description="How many commits the history holds: exact without 'path' (git's count, "
        "fast with the commit-graph), counted up to 10,000 with it."
    )
    async def total_count(self) -> int:
        return await contents.history_count(self.git, self.start, path=self.path)

    @strawberry.field
    def edges(self) -> list[CommitEdge]:
        return [CommitEdge(cursor=c, node=n) for c, n in zip(self.cursors, self.nodes, strict=True)]


@strawberry.type(description="A commit's parents.")
class CommitConnection:
    nodes: list[Commit]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def edges(self) -> list[CommitEdge]:
        return [CommitEdge(cursor=encode_commit_cursor(n.data.oid), node=n) for n in self.nodes]


def _page_info(cursors: list[str], has_next: bool, has_previous: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def _window(oids: list[str], first: int | None, after: str | None) -> tuple[int, int]:
    """``(start, size)`` of the page after the commit ``after`` names (past the end if absent)."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > MAX_PAGE_SIZE:
        raise InvalidInput(f"'first' must be between 0 and {MAX_PAGE_SIZE}.", field="first")
    start = 0
    if after:
        cursor = decode_commit_cursor(after)
        start = oids.index(cursor) + 1 if cursor in oids else len(oids)
    return start, size


def commit_connection(
    commits: list[Commit], first: int | None, after: str | None
) -> CommitConnection:
    """A page of an already listed run of commits (a pull request's, at most 250)."""
    start, size = _window([c.data.oid for c in commits], first, after)
    nodes = commits[start : start + size]
    cursors = [encode_commit_cursor(n.data.oid) for n in nodes]
    info = _page_info(cursors, start + size < len(commits), start > 0)
    return CommitConnection(nodes=nodes, page_info=info, total_count=len(commits))


@strawberry.type(description="A commit.")
class Commit(GitObject):
    data: strawberry.Private[contents.CommitInfo]

    @strawberry.field
    def message(self) -> str:
        return self.data.message

    @strawberry.field(description="The message's first line.")
    def message_headline(self) -> str:
        return self.data.message.split("\n", 1)[0].strip()

    @strawberry.field(description="The message after its first line.")
    def message_body(self) -> str:
        parts = self.data.message.split("\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""

    @strawberry.field
    def author(self) -> GitActor:
        return GitActor.of(self.data.author)

    @strawberry.field
    def committer(self) -> GitActor:
        return GitActor.of(self.data.committer)

    @strawberry.field(description="GitHub's list of authors: the commit's one author.")
    def authors(self, first: int | None = None, after: str | None = None) -> GitActorConnection:
        everyone = [] if after or first == 0 else [GitActor.of(self.data.author)]
        return GitActorConnection(nodes=everyone, total_count=1)

    @strawberry.field(
        description="The newest pipeline run on this commit (its status is the icon beside "
        "a branch or commit); null if none ran, or for a token without workflow:read."
    )
    async def latest_pipeline(self, info: Info) -> Pipeline | None:
        if info.context.actor.scopes is not None and WORKFLOW_READ not in info.context.actor.scopes:
            return None
        found = await self.git.latest_pipelines.load(str(self.data.oid))
        return Pipeline.of(found) if found is not None else None

    @strawberry.field(description="The parents' ids, in order (none for a root commit).")
    def parent_oids(self) -> list[str]:
        return list(self.data.parent_oids)

    @strawberry.field
    def authored_date(self) -> datetime:
        return self.data.author.date

    @strawberry.field
    def committed_date(self) -> datetime:
        return self.data.committer.date

    @strawberry.field(description="The commit's page (null when its repository is not known).")
    async def url(self, info: Info) -> str | None:
        repo = self.git.repository
        if repo is None:
            return None
        owner = await info.context.loaders.accounts_by_id.load(repo.owner_id)
        if owner is None:
            return None
        return f"{info.context.base_url}/{owner.login}/{repo.name}/commit/{self.data.oid}"

    @strawberry.field(description="The file or directory at 'path' in this commit; null if none.")
    async def file(self, path: str) -> TreeEntry | None:
        found = await file_commit.file_at(self.git, str(self.data.oid), path)
        return TreeEntry(git=self.git, data=found, revision=str(self.data.oid)) if found else None

    @strawberry.field(description="The root tree's id, without reading the tree.")
    def tree_oid(self) -> str:
        return self.data.tree_oid

    @strawberry.field(description="The commit's root tree.")
    async def tree(self) -> Tree:
        found = await self.git.object(self.data.tree_oid)
        if not isinstance(found, contents.TreeInfo):
            raise NotFound("The commit's tree is missing.")
        return Tree(git=self.git, data=found)

    @strawberry.field
    async def parents(self, first: int | None = None, after: str | None = None) -> CommitConnection:
        oids = list(self.data.parent_oids)
        start, size = _window(oids, first, after)
        page = oids[start : start + size]
        found = await self.git.objects.load_many([(oid, "") for oid in page])
        nodes = [Commit(git=self.git, data=c) for c in found if isinstance(c, contents.CommitInfo)]
        cursors = [encode_commit_cursor(n.data.oid) for n in nodes]
        info = _page_info(cursors, start + size < len(oids), start > 0)
        return CommitConnection(nodes=nodes, page_info=info, total_count=len(oids))

    @strawberry.field(
        description="Commits reachable from this one, newest first; 'page' numbers pages "
        "of 'first' (pages past 10,000 commits are empty)."
    )
    async def history(
        self,
        first: int | None = None,
        after: str | None = None,
        path: str | None = None,
        page: int | None = None,
    ) -> CommitHistoryConnection:
        found = await contents.history(
            self.git,
            self.data.oid,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=decode_history_cursor(after) if after else None,
            path=path,
            page=page,
        )
        nodes = [Commit(git=self.git, data=c) for c in found.commits]
        cursors = [encode_history_cursor(r) for r in found.resume]
        has_previous = after is not None or (page or 1) > 1
        return CommitHistoryConnection(
            nodes=nodes,
            cursors=cursors,
            git=self.git,
            start=self.data.oid,
            path=path,
            page_info=_page_info(cursors, found.has_next_page, has_previous),
        )

    @strawberry.field(
        description="How many commits this one descends from, itself not counted: a stable "
        "number for it (Mercurial's local revision number on a linear history)."
    )
    async def ancestor_count(self) -> int:
        key = (self.data.oid, tuple(self.data.parent_oids))
        return await self.git.ancestor_counts.load(key)

    @strawberry.field(
        description="A branch whose history holds this commit: the default branch when it "
        "does, else the first by name; null when no branch does."
    )
    async def containing_branch(self) -> str | None:
        return await self.git.containing_branches.load(self.data.oid)

    @strawberry.field(description="The changes against the first parent (all of a root commit).")
    async def diff(self) -> Diff:
        return Diff(data=await contents.commit_diff(self.git, self.data.oid))


def wrap(
    git: RepositoryContents,
    obj: contents.GitObject | None,
    *,
    revision: str | None = None,
    path: str | None = None,
) -> GitObject | None:
    """The GraphQL type for an object read from ``git`` (at ``revision`` and ``path`` if known)."""
    if isinstance(obj, contents.CommitInfo):
        return Commit(git=git, data=obj)
    if isinstance(obj, contents.TreeInfo):
        return Tree(git=git, data=obj, revision=revision)
    if isinstance(obj, contents.BlobInfo):
        return Blob(git=git, data=obj, path=path, revision=revision)
    if isinstance(obj, contents.TagInfo):
        return Tag(git=git, data=obj)
    return None
