"""Resolvers that several types share, each attached as ``name = strawberry.field(resolver=...)``.

They read ``root.model`` (the type's private Tortoise row), so one function serves every type
whose row has the attribute. Declared without an annotation on the class, the field keeps its
place among the type's fields. The module sits above accounts and below the aggregates and
repositories (see schema.types.registry).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Protocol

import strawberry

from app.models import Repository as RepositoryModel
from schema.context import Info
from schema.types import registry
from schema.types.account import User

if TYPE_CHECKING:
    from schema.types.repository import Repository

# The repository resolver answers Repository's connections back (issues, labels, milestones,
# pull requests, releases, activity), so its type is lazy and its objects come from the registry.
RepositoryRef = Annotated["Repository", strawberry.lazy("schema.types.repository")]


class _Created(Protocol):
    created_at: datetime


class _Updated(Protocol):
    updated_at: datetime


class _Authored(Protocol):
    author_id: int | None


class _InRepository(Protocol):
    repository_id: int


class _HasCreated(Protocol):
    @property
    def model(self) -> _Created: ...


class _HasUpdated(Protocol):
    @property
    def model(self) -> _Updated: ...


class _HasAuthor(Protocol):
    @property
    def model(self) -> _Authored: ...


class _HasRepository(Protocol):
    @property
    def model(self) -> _InRepository: ...


def created_at(root: _HasCreated) -> datetime:
    return root.model.created_at


def updated_at(root: _HasUpdated) -> datetime:
    return root.model.updated_at


async def user_by_id(info: Info, account_id: int | None) -> User | None:
    """The user with this id, batched per request; null for none (e.g. a deleted account)."""
    if account_id is None:
        return None
    account = await info.context.loaders.accounts_by_id.load(account_id)
    return User(model=account) if account else None


async def author(root: _HasAuthor, info: Info) -> User | None:
    return await user_by_id(info, root.model.author_id)


async def repository(root: _HasRepository, info: Info) -> RepositoryRef:
    repo = await info.context.loaders.repositories_by_id.load(root.model.repository_id)
    return registry.type_for(RepositoryModel).of(repo)


async def full_name(info: Info, model: RepositoryModel) -> str:
    """``owner/name``, with the owner batched per request."""
    owner = await info.context.loaders.accounts_by_id.load(model.owner_id)
    return f"{owner.login if owner else ''}/{model.name}"


async def repository_url(info: Info, repository_id: int, path: str) -> str:
    """``<base>/<owner>/<name>/<path>``, or empty if the repository is gone."""
    repo = await info.context.loaders.repositories_by_id.load(repository_id)
    if repo is None:
        return ""
    return f"{info.context.base_url}/{await full_name(info, repo)}/{path}"
