"""Releases and their assets; assets arrive as GraphQL multipart uploads."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from app import models as tables
from app.errors import InvalidInput
from app.services import asset as assets
from app.services import release as releases
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import asset_by_id, release_by_id, repository_by_id
from schema.types.release import Release, ReleaseAsset


@bounded(tables.Release, "tag_name", "target_commitish", "name")
class CreateReleaseInput:
    repository_id: strawberry.ID
    tag_name: str
    target_commitish: str | None = strawberry.field(
        default=None, description="Where a new tag goes; the default branch when omitted."
    )
    name: str = ""
    description: str = ""
    is_draft: bool = False
    is_prerelease: bool = False


@bounded(tables.Release, "tag_name", "name")
class UpdateReleaseInput:
    release_id: strawberry.ID
    tag_name: str | None = None
    name: str | None = None
    description: str | None = None
    is_draft: bool | None = None
    is_prerelease: bool | None = None


@strawberry.type
class ReleasePayload:
    release: Release


@strawberry.input
class DeleteReleaseInput:
    release_id: strawberry.ID


@strawberry.type
class DeleteReleasePayload:
    deleted_release_id: strawberry.ID


@bounded(tables.ReleaseAsset, "name", "content_type")
class UploadReleaseAssetInput:
    release_id: strawberry.ID
    file: Upload
    name: str | None = strawberry.field(
        default=None, description="The asset's name; the uploaded file's name when omitted."
    )
    content_type: str | None = None


@strawberry.type
class UploadReleaseAssetPayload:
    release_asset: ReleaseAsset


@strawberry.input
class DeleteReleaseAssetInput:
    release_asset_id: strawberry.ID


@strawberry.type
class DeleteReleaseAssetPayload:
    deleted_release_asset_id: strawberry.ID


@strawberry.type
class ReleaseMutations:
    @strawberry.mutation(description="Needs WRITE; creates the tag if it does not exist.")
    async def create_release(self, info: Info, input: CreateReleaseInput) -> ReleasePayload:
        repo = await repository_by_id(info, str(input.repository_id))
        release = await releases.create_release(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            input.tag_name,
            target_commitish=input.target_commitish,
            name=input.name,
            body=input.description,
            is_draft=input.is_draft,
            is_prerelease=input.is_prerelease,
        )
        return ReleasePayload(release=Release.of(release))

    @strawberry.mutation(description="Needs WRITE; publishing a draft creates its tag.")
    async def update_release(self, info: Info, input: UpdateReleaseInput) -> ReleasePayload:
        repo, release = await release_by_id(info, str(input.release_id))
        release = await releases.update_release(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            release,
            tag_name=input.tag_name,
            name=input.name,
            body=input.description,
            is_draft=input.is_draft,
            is_prerelease=input.is_prerelease,
        )
        return ReleasePayload(release=Release.of(release))

    @strawberry.mutation(description="Needs WRITE; deletes the assets too, keeps the tag.")
    async def delete_release(self, info: Info, input: DeleteReleaseInput) -> DeleteReleasePayload:
        repo, release = await release_by_id(info, str(input.release_id))
        await releases.delete_release(
            info.context.runtime.storage, info.context.actor, repo, release
        )
        return DeleteReleasePayload(deleted_release_id=input.release_id)

    @strawberry.mutation(
        description="Attach a file (GraphQL multipart request). Needs WRITE; the size is "
        "limited by INGOT_MAX_ASSET_BYTES."
    )
    async def upload_release_asset(
        self, info: Info, input: UploadReleaseAssetInput
    ) -> UploadReleaseAssetPayload:
        repo, release = await release_by_id(info, str(input.release_id))
        upload = input.file
        if not callable(getattr(upload, "read", None)):
            raise InvalidInput(
                "Send the file as a GraphQL multipart request (multipart/form-data).",
                field="file",
            )
        name = input.name or getattr(upload, "filename", None) or ""
        content_type = input.content_type or getattr(upload, "content_type", None)
        asset = await assets.upload_asset(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            release,
            name,
            upload,  # type: ignore[arg-type]
            content_type=content_type,
        )
        return UploadReleaseAssetPayload(release_asset=ReleaseAsset(model=asset, release=release))

    @strawberry.mutation(description="Needs WRITE.")
    async def delete_release_asset(
        self, info: Info, input: DeleteReleaseAssetInput
    ) -> DeleteReleaseAssetPayload:
        repo, asset = await asset_by_id(info, str(input.release_asset_id))
        await assets.delete_asset(info.context.runtime.storage, info.context.actor, repo, asset)
        return DeleteReleaseAssetPayload(deleted_release_asset_id=input.release_asset_id)
