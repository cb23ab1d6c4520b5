"""Releases and their assets."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import strawberry

from app.models import Release as ReleaseModel
from app.models import ReleaseAsset as ReleaseAssetModel
from app.services import asset as assets
from app.services import pagination
from schema.context import Info
from schema.markdown import HTML, body_html
from schema.node import Node
from schema.types import fields
from schema.types.account import User
from schema.types.connection import Connection, connection


async def download_url(info: Info, release: ReleaseModel, asset: ReleaseAssetModel) -> str:
    tag, name = quote(release.tag_name, safe="/"), quote(asset.name, safe="")
    return await fields.repository_url(
        info, release.repository_id, f"releases/download/{tag}/{name}"
    )


@strawberry.type(description="A file attached to a release.")
class ReleaseAsset(Node):
    model: strawberry.Private[ReleaseAssetModel]
    release: strawberry.Private[ReleaseModel]

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(name="release", description="The release the file is attached to.")
    def attached_to(self) -> Release:
        return Release.of(self.release)

    @strawberry.field(description="The media type given at upload.")
    def content_type(self) -> str:
        return self.model.content_type

    @strawberry.field(description="Bytes.")
    def size(self) -> int:
        return self.model.size

    @strawberry.field(description="Hex SHA-256 of the content; also the download's ETag.")
    def sha256(self) -> str:
        return self.model.sha256

    @strawberry.field
    def download_count(self) -> int:
        return self.model.download_count

    @strawberry.field
    async def download_url(self, info: Info) -> str:
        return await download_url(info, self.release, self.model)

    @strawberry.field
    async def uploaded_by(self, info: Info) -> User | None:
        return await fields.user_by_id(info, self.model.uploader_id)

    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)


@strawberry.type(description="A named point in a repository's history, with notes and files.")
class Release(Node):
    model: strawberry.Private[ReleaseModel]

    @staticmethod
    def of(model: ReleaseModel) -> Release:
        return Release(model=model)

    repository = strawberry.field(resolver=fields.repository)

    @strawberry.field(
        description="Whether this is the repository's latest release (the newest published "
        "one that is not a prerelease; see Repository.latestRelease)."
    )
    async def is_latest(self, info: Info) -> bool:
        latest = await info.context.loaders.latest_release_by_repository_id.load(
            self.model.repository_id
        )
        return latest == self.model.id

    @strawberry.field(description="The releases page, at this release.")
    async def url(self, info: Info) -> str:
        return await fields.repository_url(
            info, self.model.repository_id, f"releases#{self.model.tag_name}"
        )

    @strawberry.field
    def tag_name(self) -> str:
        return self.model.tag_name

    @strawberry.field(description="The branch or commit the tag was (or will be) made at.")
    def target_commitish(self) -> str:
        return self.model.target_commitish

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The release notes (Markdown).")
    def description(self) -> str:
        return self.model.body

    @strawberry.field(
        name="descriptionHTML",
        description="The release notes as sanitized HTML (GitHub's name; bodyHTML is the same).",
    )
    async def description_html(self, info: Info) -> HTML:
        return HTML(await body_html(info, self.model.body, self.model.repository_id))

    @strawberry.field(name="bodyHTML", description="The release notes as sanitized HTML.")
    async def body_html(self, info: Info) -> HTML:
        return HTML(await body_html(info, self.model.body, self.model.repository_id))

    @strawberry.field
    def is_draft(self) -> bool:
        return self.model.is_draft

    @strawberry.field
    def is_prerelease(self) -> bool:
        return self.model.is_prerelease

    author = strawberry.field(resolver=fields.author)
    created_at = strawberry.field(resolver=fields.created_at)
    updated_at = strawberry.field(resolver=fields.updated_at)

    @strawberry.field(description="Null while a draft.")
    def published_at(self) -> datetime | None:
        return self.model.published_at

    @strawberry.field(description="Files, oldest first; batched across releases.")
    async def release_assets(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[ReleaseAsset]:
        rows = await info.context.loaders.release_assets_by_release_id.load(self.model.id)
        query = assets.assets_query(self.model)
        page_of = pagination.paginate_loaded(rows, query, first=first, after=after, page=page)
        return connection(page_of, lambda a: ReleaseAsset(model=a, release=self.model))
