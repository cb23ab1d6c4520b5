"""Release assets: uploading (streamed, size-limited), deleting, and finding one to download."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.queryset import QuerySet

from app.errors import Conflict, InvalidInput, NotFound
from app.models import Account, Release, ReleaseAsset, Repository, columns
from app.services import blobstore, permission
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.release import visible_release
from app.services.runtime import Storage

MAX_ASSETS = 1000
_CONTENT_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")


def validate_asset_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 255 or name in {".", ".."} or _BAD_NAME.search(name):
        raise InvalidInput(
            "An asset name is 1 to 255 characters, without slashes or control characters.",
            field="name",
        )
    return name


def clean_content_type(value: str | None) -> str:
    value = (value or "").split(";")[0].strip().lower()
    return value if _CONTENT_TYPE.fullmatch(value) else "application/octet-stream"


def assets_query(release: Release) -> QuerySet[ReleaseAsset]:
    return ReleaseAsset.filter(release_id=release.id)


async def authorize_upload(
    actor: Actor, repo: Repository | None, release: Release | None
) -> Account:
    """The uploader, if ``release`` exists, is visible to ``actor`` and takes their files.

    NotFound for a release the actor cannot see, Forbidden without WRITE (or without
    ``repo:write``). Checked before the file's bytes are read, and again on upload.
    """
    if repo is None:
        raise NotFound("Release not found.", field="releaseId")
    try:
        await visible_release(actor, repo, release)
    except NotFound:
        raise NotFound("Release not found.", field="releaseId") from None
    await permission.require_access(actor, repo, permission.Access.WRITE)
    return actor.require_account()


async def upload_asset(
    store: Storage,
    actor: Actor,
    repo: Repository,
    release: Release,
    name: str,
    source: blobstore.Readable,
    *,
    content_type: str | None,
) -> ReleaseAsset:
    """Needs WRITE. The bytes are stored before the row; a refused upload leaves neither."""
    uploader = await authorize_upload(actor, repo, release)
    name = validate_asset_name(name)
    if await ReleaseAsset.exists(release_id=release.id, name=name):
        raise Conflict(f"This release already has an asset named '{name}'.", field="name")
    if await ReleaseAsset.filter(release_id=release.id).count() >= MAX_ASSETS:
        raise Conflict(f"A release has at most {MAX_ASSETS} assets.", field="file")
    staged = await blobstore.stage(store, source, store.max_asset_bytes)
    try:
        asset = await ReleaseAsset.create(
            release_id=release.id,
            name=name,
            content_type=clean_content_type(content_type),
            size=staged.size,
            sha256=staged.sha256,
            uploader=uploader,
        )
    except IntegrityError:
        await staged.discard()
        raise Conflict(f"This release already has an asset named '{name}'.", field="name") from None
    try:
        await staged.place()
    except BaseException:
        await ReleaseAsset.filter(id=asset.id).delete()
        await staged.discard()
        raise
    return asset


async def delete_asset(store: Storage, actor: Actor, repo: Repository, asset: ReleaseAsset) -> None:
    await permission.require_access(actor, repo, permission.Access.WRITE)
    await ReleaseAsset.filter(id=asset.id).delete()
    await blobstore.forget(store, asset.sha256)


async def for_download(
    actor: Actor, owner: str, repo_name: str, tag_name: str, asset_name: str, *, count: bool
) -> ReleaseAsset:
    """The asset behind a download URL, counted if ``count``; NotFound unless visible."""
    repo = await repositories.get_visible(actor, owner, repo_name)
    release = None
    if columns.fits(Release, "tag_name", tag_name):
        release = await Release.get_or_none(repository_id=repo.id, tag_name=tag_name)
    release = await visible_release(actor, repo, release)
    asset = None
    if columns.fits(ReleaseAsset, "name", asset_name):
        asset = await ReleaseAsset.get_or_none(release_id=release.id, name=asset_name)
    if asset is None:
        raise NotFound("Asset not found.")
    if count:
        await ReleaseAsset.filter(id=asset.id).update(download_count=F("download_count") + 1)
    return asset
