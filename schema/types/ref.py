"""Branches and tags as ``Ref`` objects, with keyset pages over their names."""

from __future__ import annotations

import base64
import binascii

import strawberry

from app.errors import InvalidInput, NotFound
from app.services import contents
from app.services.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.contents import RepositoryContents
from schema.context import Info
from schema.types import comparison
from schema.types.comparison import Comparison
from schema.types.connection import PageInfo
from schema.types.git import GitObject, wrap

_CURSOR = "ref:v1:"
_ID = "Ref:"


def encode_ref_id(repository_id: int, qualified_name: str) -> str:
    """The opaque id of a ref: its repository and full name (``deleteRef`` takes it)."""
    return base64.urlsafe_b64encode(f"{_ID}{repository_id}:{qualified_name}".encode()).decode()


def decode_ref_id(ref_id: str, field: str = "refId") -> tuple[int, str]:
    """``(repository id, full name)``; NotFound for anything that is not a ref's id."""
    try:
        raw = base64.urlsafe_b64decode(ref_id.encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raw = ""
    repository, _, name = raw[len(_ID) :].partition(":")
    if not raw.startswith(_ID) or not repository.isdigit() or not name:
        raise NotFound("Ref not found.", field=field)
    return int(repository), name


def encode_ref_cursor(name: str) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR}{name}".encode()).decode()


def decode_ref_cursor(cursor: str, field: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raw = ""
    if not raw.startswith(_CURSOR):
        raise InvalidInput("That cursor is not valid.", field=field)
    return raw[len(_CURSOR) :]


@strawberry.type(description="A branch or tag.")
class Ref:
    git: strawberry.Private[RepositoryContents]
    data: strawberry.Private[contents.RefInfo]

    @strawberry.field(description="Opaque id of the ref (deleteRef's refId).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_ref_id(self.git.repository_id, self.data.name))

    @strawberry.field(description="The short name, e.g. 'main' or 'feature/x'.")
    def name(self) -> str:
        return self.data.short_name

    @strawberry.field(description="'refs/heads/' or 'refs/tags/'.")
    def prefix(self) -> str:
        return self.data.prefix

    @strawberry.field(description="The full name, e.g. 'refs/heads/main'.")
    def qualified_name(self) -> str:
        return self.data.name

    @strawberry.field(
        description="The commit (or tag) headRef names compared with this ref: counts, "
        "commits and the diff; null if headRef names no commit."
    )
    async def compare(self, info: Info, head_ref: str) -> Comparison | None:
        base = await contents.commit_oid(self.git, self.data.name)
        if base is None:
            return None
        return await comparison.compare(info, self.git, base, head_ref)

    @strawberry.field(description="A commit, or the Tag object of an annotated tag.")
    async def target(self) -> GitObject | None:
        return wrap(self.git, await self.git.object(self.data.target_oid))


@strawberry.type
class RefEdge:
    cursor: str
    node: Ref


@strawberry.type(description="A page of refs, ordered by name.")
class RefConnection:
    nodes: list[Ref]
    page_info: PageInfo
    total_count: int

    @strawberry.field(description="Always true: refs are listed whole, so the count is exact.")
    def is_total_count_exact(self) -> bool:
        return True

    @strawberry.field
    def edges(self) -> list[RefEdge]:
        return [RefEdge(cursor=encode_ref_cursor(n.data.name), node=n) for n in self.nodes]


def _size(value: int | None, field: str) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
        raise InvalidInput(f"'{field}' must be between 0 and {MAX_PAGE_SIZE}.", field=field)
    return value


def ref_page(
    git: RepositoryContents,
    refs: list[contents.RefInfo],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    page: int | None = None,
) -> RefConnection:
    """A page of ``refs`` (sorted by name), by keyset on the full name, or the
    ``page``-th page of ``first`` (1-based) for page-numbered REST lists."""
    first, last = _size(first, "first"), _size(last, "last")
    if first is not None and last is not None:
        raise InvalidInput("Pass either 'first' or 'last', not both.", field="last")
    if page is not None and (page < 1 or last is not None or after or before):
        raise InvalidInput("'page' is a number from 1 and goes with 'first' only.", field="page")
    window = refs
    if page is not None:
        window = refs[(page - 1) * (DEFAULT_PAGE_SIZE if first is None else first) :]
    if after:
        key = decode_ref_cursor(after, "after")
        window = [r for r in window if r.name > key]
    if before:
        key = decode_ref_cursor(before, "before")
        window = [r for r in window if r.name < key]
    if last is not None:
        chosen = window[max(0, len(window) - last) :]
        has_next, has_previous = bool(before), len(window) > last
    else:
        size = DEFAULT_PAGE_SIZE if first is None else first
        chosen = window[:size]
        has_next, has_previous = len(window) > size, bool(after) or (page or 1) > 1
    nodes = [Ref(git=git, data=r) for r in chosen]
    cursors = [encode_ref_cursor(r.name) for r in chosen]
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
    return RefConnection(nodes=nodes, page_info=info, total_count=len(refs))
