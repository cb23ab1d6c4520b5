"""Releases and their assets: variables in, Isurus JSON out.

A release's ``:id`` is its ``databaseId``; the route looks it up with
``node(id:)`` and answers 404 unless it belongs to the repository in the path
(drafts exist only for callers with write access). Assets arrive as
``multipart/form-data`` with the file in the field ``attachment``, checked
for permission before the body is read, and handed to ``uploadReleaseAsset``
in-process.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import path_id
from rest_compat.errors import ApiError, not_found, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.isurus.repositories import repo_path
from rest_compat.isurus.users import page_variables, paged
from rest_compat.route import Call, Spec
from schema import global_id

# Mercurial's names for the default branch, as a target for a new tag.
_DEFAULT_TARGETS = {"default", "tip"}

FIELDS = {
    "tagName": "tag_name",
    "targetCommitish": "target_commitish",
    "description": "body",
    "isDraft": "draft",
    "isPrerelease": "prerelease",
    "file": "attachment",
}


def _node_id(kind: str, raw: str) -> str:
    return global_id(kind, path_id(raw, kind))


def _release_path(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "id": _node_id("Release", call.path["id"])}


def _in_repository(data: dict[str, Any], kind: str = "Release") -> dict[str, Any]:
    """The node of ``data``, if it is a release (or asset) of the path's repository."""
    repository = require(data["repository"], "Repository")
    found = data["node"] or {}
    owner = found.get("repository") or (found.get("release") or {}).get("repository")
    if owner is None or owner["id"] != repository["id"]:
        raise not_found(f"{kind} not found.")
    return dict(found)


def _release_id(call: Call) -> str:
    return str(_in_repository(call.lookup)["id"])


list_releases = Spec(
    OPS["IsurusReleases"],
    lambda data, call: paged(
        require(data["repository"], "Repository")["releases"], call, shapes.release
    ),
    lambda call: {**repo_path(call), **page_variables(call)},
)

get_release = Spec(
    OPS["IsurusRelease"],
    lambda data, call: shapes.release(_in_repository(data)),
    _release_path,
)

get_release_by_tag = Spec(
    OPS["IsurusReleaseByTag"],
    lambda data, call: shapes.release(
        require(require(data["repository"], "Repository")["release"], "Release")
    ),
    lambda call: {**repo_path(call), "tag": call.path["tag"]},
)


def _changes(call: Call) -> dict[str, Any]:
    """The release fields the body sets."""
    changes: dict[str, Any] = {}
    for name, key in (("tag_name", "tagName"), ("name", "name"), ("body", "description")):
        value = b.text(call.body, name)
        if value is not None:
            changes[key] = value
    for name, key in (("draft", "isDraft"), ("prerelease", "isPrerelease")):
        flag = b.flag(call.body, name)
        if flag is not None:
            changes[key] = flag
    return changes


def _create_variables(call: Call) -> dict[str, Any]:
    repository = require(call.lookup.get("repository"), "Repository")
    b.text(call.body, "tag_name", required=True)
    target = b.text(call.body, "target_commitish")
    release = {"repositoryId": repository["id"], **_changes(call)}
    if target is not None and target not in _DEFAULT_TARGETS:
        release["targetCommitish"] = target
    return {"input": release}


create_release = Spec(
    OPS["IsurusCreateRelease"],
    lambda data, call: shapes.release(data["createRelease"]["release"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["IsurusRepositoryId"],
    lookup_variables=repo_path,
    fields=FIELDS,
)

update_release = Spec(
    OPS["IsurusUpdateRelease"],
    lambda data, call: shapes.release(data["updateRelease"]["release"]),
    lambda call: {"input": {"releaseId": _release_id(call), **_changes(call)}},
    reads_body=True,
    lookup=OPS["IsurusReleaseId"],
    lookup_variables=_release_path,
    fields=FIELDS,
)

delete_release = Spec(
    OPS["IsurusDeleteRelease"],
    lambda data, call: None,
    lambda call: {"input": {"releaseId": _release_id(call)}},
    status=204,
    lookup=OPS["IsurusReleaseId"],
    lookup_variables=_release_path,
)

list_assets = Spec(
    OPS["IsurusReleaseAssets"],
    lambda data, call: paged(_in_repository(data)["releaseAssets"], call, shapes.asset),
    lambda call: {**_release_path(call), **page_variables(call)},
)


def _may_upload(call: Call) -> None:
    """Refuse before the body is read: absent release 404, anonymous 401, no write 403."""
    _release_id(call)
    if call.lookup.get("viewer") is None:
        raise ApiError("UNAUTHENTICATED", "Send an API token: 'Authorization: Bearer TOKEN'.")
    if call.lookup["repository"]["viewerPermission"] not in ("WRITE", "ADMIN"):
        raise ApiError("FORBIDDEN", "Uploading an asset needs write access and the write scope.")


def _upload_variables(call: Call) -> dict[str, Any]:
    attachment = b.upload(call.body, "attachment")
    name = call.query.get("name") or attachment.filename or ""
    upload = {
        "releaseId": _release_id(call),
        "file": attachment,
        "name": name,
        "contentType": attachment.content_type,
    }
    return {"input": upload}


upload_asset = Spec(
    OPS["IsurusUploadReleaseAsset"],
    lambda data, call: shapes.asset(data["uploadReleaseAsset"]["releaseAsset"]),
    _upload_variables,
    status=201,
    reads_form=True,
    lookup=OPS["IsurusReleaseId"],
    lookup_variables=_release_path,
    admit=_may_upload,
    fields=FIELDS,
)


def _asset_id(call: Call) -> str:
    asset = _in_repository(call.lookup, "Asset")
    if asset["release"]["databaseId"] != path_id(call.path["id"], "Release"):
        raise not_found("Asset not found.")
    return str(asset["id"])


delete_asset = Spec(
    OPS["IsurusDeleteReleaseAsset"],
    lambda data, call: None,
    lambda call: {"input": {"releaseAssetId": _asset_id(call)}},
    status=204,
    lookup=OPS["IsurusReleaseAssetId"],
    lookup_variables=lambda call: {
        **repo_path(call),
        "asset": _node_id("ReleaseAsset", call.path["asset_id"]),
    },
)
