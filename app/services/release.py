"""Releases: one per tag, creating a lightweight tag when it does not exist yet.

Reading follows the repository; drafts exist only for those with WRITE.
Creating, changing and deleting releases needs WRITE (and ``repo:write``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.errors import Conflict, InvalidInput, NotFound
from app.git import storage, tags
from app.models import ActivityKind, Release, ReleaseAsset, Repository
from app.services import activity, blobstore, naming, permission, webhook_event
from app.services.actor import Actor
from app.services.repository import path_of
from app.services.runtime import Storage

MAX_BODY = 125_000


def releases_query(repo: Repository, access: permission.Access) -> QuerySet[Release]:
    query = Release.filter(repository_id=repo.id)
    return query if access >= permission.Access.WRITE else query.filter(is_draft=False)


async def visible_release(actor: Actor, repo: Repository, release: Release | None) -> Release:
    """The release, if the actor may see it: drafts need WRITE."""
    access = await permission.repository_access(actor, repo)
    if release is None or access < permission.Access.READ:
        raise NotFound("Release not found.")
    if release.is_draft and access < permission.Access.WRITE:
        raise NotFound("Release not found.")
    return release


def _shadows_branch(name: str) -> Conflict:
    return Conflict(
        f"'{name}' is the name of a branch: a tag of that name would make "
        f"'git push origin {name}' ambiguous for everyone. Choose another tag name.",
        field="tagName",
    )


async def _check_new_tag(path: Path, tag_name: str) -> None:
    """A tag that does not exist yet must follow the ref-name policy and not shadow a branch."""
    if await anyio.to_thread.run_sync(tags.tag_commit, path, tag_name):
        return  # existing tags are left as they are
    naming.tag_name(tag_name)
    if await anyio.to_thread.run_sync(storage.has_branch, path, tag_name):
        raise _shadows_branch(tag_name)


async def _ensure_tag(store: Storage, repo: Repository, tag_name: str, target: str) -> None:
    """Create ``tag_name`` at ``target`` unless the tag exists already."""
    path = await path_of(store, repo)
    if await anyio.to_thread.run_sync(tags.tag_commit, path, tag_name):
        return
    await _check_new_tag(path, tag_name)
    commit = await anyio.to_thread.run_sync(tags.resolve_commitish, path, target)
    if commit is None:
        raise InvalidInput(
            f"'{target}' is not a branch, tag or commit of this repository.",
            field="targetCommitish",
        )
    try:
        await anyio.to_thread.run_sync(tags.create_lightweight_tag, path, tag_name, commit)
    except tags.TagExists:
        pass  # Someone else created it meanwhile; theirs stands.
    except tags.ShadowsBranch:
        raise _shadows_branch(tag_name) from None


async def create_release(
    store: Storage,
    actor: Actor,
    repo: Repository,
    tag_name: str,
    *,
    target_commitish: str | None = None,
    name: str = "",
    body: str = "",
    is_draft: bool = False,
    is_prerelease: bool = False,
) -> Release:
    await permission.require_access(actor, repo, permission.Access.WRITE)
    author = actor.require_account()
    naming.validate_text(tag_name, field="tagName", max_length=255, required=True)
    target = target_commitish or repo.default_branch
    naming.validate_text(target, field="targetCommitish", max_length=255, required=True)
    naming.validate_line(name, field="name", max_length=255)
    naming.validate_text(body, field="description", max_length=MAX_BODY)
    if await Release.exists(repository_id=repo.id, tag_name=tag_name):
        raise Conflict(f"A release for tag '{tag_name}' already exists.", field="tagName")
    # A draft's tag is made when it is published, as on GitHub; the target must resolve now.
    path = await path_of(store, repo)
    await _check_new_tag(path, tag_name)
    if not await anyio.to_thread.run_sync(tags.tag_commit, path, tag_name):
        if await anyio.to_thread.run_sync(tags.resolve_commitish, path, target) is None:
            raise InvalidInput(
                f"'{target}' is not a branch, tag or commit of this repository.",
                field="targetCommitish",
            )
    if not is_draft:
        await _ensure_tag(store, repo, tag_name, target)
    try:
        async with in_transaction():
            release = await Release.create(
                repository_id=repo.id,
                tag_name=tag_name,
                target_commitish=target,
                name=name,
                body=body,
                is_draft=is_draft,
                is_prerelease=is_prerelease,
                author=author,
                published_at=None if is_draft else datetime.now(UTC),
            )
            if not is_draft:
                await activity.record(ActivityKind.RELEASE_PUBLISHED, repo, author, release=release)
                await webhook_event.release(repo, author, "published", release.id, tag_name)
    except IntegrityError:
        raise Conflict(f"A release for tag '{tag_name}' already exists.", field="tagName") from None
    return release


async def update_release(
    store: Storage,
    actor: Actor,
    repo: Repository,
    release: Release,
    *,
    tag_name: str | None = None,
    name: str | None = None,
    body: str | None = None,
    is_draft: bool | None = None,
    is_prerelease: bool | None = None,
) -> Release:
    await permission.require_access(actor, repo, permission.Access.WRITE)
    if tag_name is not None and tag_name != release.tag_name:
        naming.validate_text(tag_name, field="tagName", max_length=255, required=True)
        await _check_new_tag(await path_of(store, repo), tag_name)
        release.tag_name = tag_name
    if name is not None:
        release.name = naming.validate_line(name, field="name", max_length=255)
    if body is not None:
        release.body = naming.validate_text(body, field="description", max_length=MAX_BODY)
    if is_prerelease is not None:
        release.is_prerelease = is_prerelease
    if is_draft is not None:
        release.is_draft = is_draft
    first_publication = not release.is_draft and release.published_at is None
    if not release.is_draft:
        await _ensure_tag(store, repo, release.tag_name, release.target_commitish)
        release.published_at = release.published_at or datetime.now(UTC)
    try:
        async with in_transaction():
            await release.save()
            if first_publication:
                await activity.record(
                    ActivityKind.RELEASE_PUBLISHED, repo, actor.account, release=release
                )
            # Drafts are the writers' business: receivers hear of a release once published.
            if not release.is_draft:
                action = "published" if first_publication else "updated"
                await webhook_event.release(
                    repo, actor.account, action, release.id, release.tag_name
                )
    except IntegrityError:
        raise Conflict(
            f"A release for tag '{release.tag_name}' already exists.", field="tagName"
        ) from None
    return release


async def delete_release(store: Storage, actor: Actor, repo: Repository, release: Release) -> None:
    """Deletes its assets too; blobs nothing else references are removed from disk."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    async with in_transaction():
        hashes = await ReleaseAsset.filter(release_id=release.id).values_list("sha256", flat=True)
        await ReleaseAsset.filter(release_id=release.id).delete()
        await Release.filter(id=release.id).delete()
        if not release.is_draft:
            await webhook_event.release(
                repo,
                actor.account,
                "deleted",
                release.id,
                release.tag_name,
                release={
                    "tag_name": release.tag_name,
                    "name": release.name,
                    "body": release.body,
                    "is_draft": release.is_draft,
                    "is_prerelease": release.is_prerelease,
                    "author_id": release.author_id,
                    "created_at": release.created_at.isoformat(),
                },
            )
    for sha256 in set(hashes):
        await blobstore.forget(store, str(sha256))
