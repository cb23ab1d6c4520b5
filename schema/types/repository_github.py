"""Repository fields GitHub's clients read (``gh repo view --json``, ``gh pr create``),
mixed into ``Repository``: real where Ingot has the concept, documented constants where
it has none (docs/github-graphql.md)."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

import anyio.to_thread
import strawberry

from app.models import AccountKind
from app.models import Repository as RepositoryModel
from app.services import permission
from app.services import repository as repositories
from schema.context import Info


@strawberry.enum(description="GitHub's PullRequestMergeMethod (as a repository's default).")
class RepositoryMergeMethod(Enum):
    MERGE = "MERGE"
    SQUASH = "SQUASH"
    REBASE = "REBASE"


@strawberry.type
class WatcherConnection:
    total_count: int


@strawberry.type(description="GitHub's License (Ingot detects none).")
class License:
    key: str
    name: str
    nickname: str | None
    spdx_id: str | None
    url: str | None


@strawberry.type(description="GitHub's Language (Ingot detects none).")
class Language:
    name: str
    color: str | None


@strawberry.type
class LanguageEdge:
    size: int
    node: Language


@strawberry.type
class LanguageConnection:
    edges: list[LanguageEdge]
    nodes: list[Language]
    total_count: int
    total_size: int


@strawberry.type
class Topic:
    name: str


@strawberry.type
class RepositoryTopic:
    topic: Topic
    url: str


@strawberry.type
class RepositoryTopicConnection:
    nodes: list[RepositoryTopic]
    total_count: int


def _disk_kilobytes(path: Path) -> int:
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total // 1024


@strawberry.type
class RepositoryGitHubFields:
    model: strawberry.Private[RepositoryModel]

    @strawberry.field(description="True: every merge method is allowed in Ingot.")
    def merge_commit_allowed(self) -> bool:
        return True

    @strawberry.field(description="True: every merge method is allowed in Ingot.")
    def squash_merge_allowed(self) -> bool:
        return True

    @strawberry.field(description="True: every merge method is allowed in Ingot.")
    def rebase_merge_allowed(self) -> bool:
        return True

    @strawberry.field(description="MERGE: mergePullRequest's default.")
    def viewer_default_merge_method(self) -> RepositoryMergeMethod:
        return RepositoryMergeMethod.MERGE

    @strawberry.field(description="False: Ingot keeps the head branch after a merge.")
    def delete_branch_on_merge(self) -> bool:
        return False

    @strawberry.field(description="False: Ingot has no projects.")
    def has_projects_enabled(self) -> bool:
        return False

    @strawberry.field(description="False: Ingot does not archive repositories yet.")
    def is_archived(self) -> bool:
        return False

    @strawberry.field(description="False: Ingot has no template repositories.")
    def is_template(self) -> bool:
        return False

    @strawberry.field(description="Whether an organization owns the repository.")
    async def is_in_organization(self, info: Info) -> bool:
        owner = await info.context.loaders.accounts_by_id.load(self.model.owner_id)
        return owner is not None and owner.kind == AccountKind.ORGANIZATION

    @strawberry.field(description="Whether the viewer administers the repository.")
    async def viewer_can_administer(self, info: Info) -> bool:
        return await info.context.access(self.model) >= permission.Access.ADMIN

    @strawberry.field(description="Null: Ingot repositories have no homepage.")
    def homepage_url(self) -> str | None:
        return None

    @strawberry.field(description="0: Ingot has no stars yet.")
    def stargazer_count(self) -> int:
        return 0

    @strawberry.field(description="Nobody: Ingot has no watching yet.")
    def watchers(self, first: int | None = None) -> WatcherConnection:
        return WatcherConnection(total_count=0)

    @strawberry.field(description="Null: Ingot does not detect licenses.")
    def license_info(self) -> License | None:
        return None

    @strawberry.field(description="Null: Ingot does not detect languages.")
    def primary_language(self) -> Language | None:
        return None

    @strawberry.field(description="None: Ingot does not detect languages.")
    def languages(self, first: int | None = None) -> LanguageConnection:
        return LanguageConnection(edges=[], nodes=[], total_count=0, total_size=0)

    @strawberry.field(description="None: Ingot has no topics.")
    def repository_topics(self, first: int | None = None) -> RepositoryTopicConnection:
        return RepositoryTopicConnection(nodes=[], total_count=0)

    @strawberry.field(description="The bare repository's size on disk, in kilobytes.")
    async def disk_usage(self, info: Info) -> int:
        path = await repositories.path_of(info.context.runtime.storage, self.model)
        return await anyio.to_thread.run_sync(_disk_kilobytes, path)
