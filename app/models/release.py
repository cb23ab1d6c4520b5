"""Releases and their downloadable assets (the bytes live content-addressed on disk)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.account import Account
from app.models.repository import Repository


class Release(Model):
    """A named point in the history, one per tag. Drafts are seen only by writers."""

    id = fields.IntField(primary_key=True)
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="releases", on_delete=fields.CASCADE
    )
    tag_name = fields.CharField(max_length=255)
    target_commitish = fields.CharField(max_length=255, default="")
    name = fields.CharField(max_length=255, default="")
    body = fields.TextField(default="")
    is_draft = fields.BooleanField(default=False)
    is_prerelease = fields.BooleanField(default=False)
    author: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="releases", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    published_at = fields.DatetimeField(null=True)

    repository_id: int
    author_id: int | None

    class Meta:
        table = "release"
        unique_together = (("repository", "tag_name"),)


class ReleaseAsset(Model):
    """A file attached to a release, stored under its SHA-256 (shared by equal files)."""

    id = fields.IntField(primary_key=True)
    release: fields.ForeignKeyRelation[Release] = fields.ForeignKeyField(
        "ingot.Release", related_name="assets", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=255, default="application/octet-stream")
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64, db_index=True)
    download_count = fields.IntField(default=0)
    uploader: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="uploaded_assets", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    release_id: int
    uploader_id: int | None

    class Meta:
        table = "release_asset"
        unique_together = (("release", "name"),)
