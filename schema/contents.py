"""A repository's git contents for one request: the opened repository and its object loader."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from strawberry.dataloader import DataLoader

from app.errors import NotFound
from app.models import Pipeline, Repository
from app.services import contents, pipeline_source
from schema.context import Info


class RepositoryContents(contents.GitHandle):
    """The request's handle on one repository; objects and blob contents are batched
    per event-loop tick, so a tree's entries or a commit's parents cost one trip to a
    worker thread."""

    def __init__(self, path: Path, repository_id: int = 0) -> None:
        super().__init__(path)
        # The repository these contents are of (set by ``contents_of``), for rendering files.
        self.repository: Repository | None = None
        self.repository_id = repository_id
        # The newest pipeline of each commit asked about (Commit.latestPipeline), batched.
        self.latest_pipelines: DataLoader[str, Pipeline | None] = DataLoader(
            load_fn=self._load_latest_pipelines
        )
        self.objects: DataLoader[tuple[str, str], contents.GitObject | None] = DataLoader(
            load_fn=self._load
        )
        self.blobs: DataLoader[str, contents.BlobContent | None] = DataLoader(
            load_fn=self._load_blobs
        )
        self.ancestor_counts: DataLoader[tuple[str, tuple[str, ...]], int] = DataLoader(
            load_fn=self._load_ancestor_counts
        )
        self.containing_branches: DataLoader[str, str | None] = DataLoader(
            load_fn=self._load_containing_branches
        )

    async def _load(self, keys: Sequence[tuple[str, str]]) -> list[contents.GitObject | None]:
        return await contents.read_objects(self, list(keys))

    async def _load_latest_pipelines(self, oids: Sequence[str]) -> list[Pipeline | None]:
        return await pipeline_source.latest_by_commit(self.repository_id, oids)

    async def _load_blobs(self, oids: Sequence[str]) -> list[contents.BlobContent | None]:
        return await contents.read_blobs(self, list(oids))

    async def _load_ancestor_counts(self, keys: Sequence[tuple[str, tuple[str, ...]]]) -> list[int]:
        return await contents.ancestor_counts(self, list(keys))

    async def _load_containing_branches(self, oids: Sequence[str]) -> list[str | None]:
        return await contents.containing_branches(self, list(oids))

    async def blob(self, oid: str) -> contents.BlobContent:
        found = await self.blobs.load(oid)
        if found is None:
            raise NotFound("The blob is missing.")
        return found

    async def object(self, oid: str, path: str = "") -> contents.GitObject | None:
        return await self.objects.load((oid, path))


async def contents_of(info: Info, repo: Repository) -> RepositoryContents:
    """The repository's contents; the caller has already been allowed to read ``repo``."""
    cache = info.context.repositories
    found = cache.get(repo.id)
    if isinstance(found, RepositoryContents):
        return found
    owner = await info.context.loaders.accounts_by_id.load(repo.owner_id)
    if owner is None:
        raise NotFound("Repository owner not found.")
    found = RepositoryContents(
        info.context.runtime.storage.repository_path(owner.login, repo.name), repo.id
    )
    found.repository = repo
    cache[repo.id] = found
    return found
