"""Creating, changing and deleting repositories."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.services import importing
from app.services import repository as repositories
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import account_by_id, repository_by_id
from schema.types.repository import Repository, RepositoryVisibility


@bounded(tables.Repository, "name", "default_branch")
class CreateRepositoryInput:
    name: str
    description: str = ""
    visibility: RepositoryVisibility = RepositoryVisibility.PUBLIC
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="A user or organization; the viewer when omitted."
    )
    default_branch: str = "main"


@strawberry.type
class CreateRepositoryPayload:
    repository: Repository


@bounded(tables.Repository, "name", "default_branch")
class UpdateRepositoryInput:
    repository_id: strawberry.ID
    name: str | None = None
    description: str | None = None
    visibility: RepositoryVisibility | None = None
    default_branch: str | None = None


@strawberry.type
class UpdateRepositoryPayload:
    repository: Repository


@strawberry.input
class DeleteRepositoryInput:
    repository_id: strawberry.ID


@strawberry.type
class DeleteRepositoryPayload:
    deleted_repository_id: strawberry.ID


@bounded(tables.RepositoryImport, url="source_url")
class ImportRepositoryInput:
    name: str
    url: str = strawberry.field(
        description="An http://, https:// or git:// URL; credentials in it are never stored. "
        "Site administrators may also give an absolute path under INGOT_IMPORT_LOCAL_ROOT."
    )
    description: str = ""
    visibility: RepositoryVisibility = RepositoryVisibility.PUBLIC
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="A user or organization; the viewer when omitted."
    )
    mirror: bool = strawberry.field(
        default=False,
        description="Keep it a pull mirror of the source: synced every INGOT_MIRROR_INTERVAL "
        "and by syncMirror; it refuses pushes.",
    )


@strawberry.type
class ImportRepositoryPayload:
    repository: Repository


@strawberry.type
class RepositoryMutations:
    @strawberry.mutation
    async def create_repository(
        self, info: Info, input: CreateRepositoryInput
    ) -> CreateRepositoryPayload:
        actor = info.context.actor
        owner = actor.require_account()
        if input.owner_id is not None:
            owner = await account_by_id(info, str(input.owner_id), "ownerId")
        repo = await repositories.create_repository(
            info.context.runtime.storage,
            actor,
            owner,
            input.name,
            description=input.description,
            is_private=input.visibility == RepositoryVisibility.PRIVATE,
            default_branch=input.default_branch,
        )
        return CreateRepositoryPayload(repository=Repository.of(repo))

    @strawberry.mutation(
        description="Create a repository and import it from a URL in the background "
        "(follow it with Repository.importStatus)."
    )
    async def import_repository(
        self, info: Info, input: ImportRepositoryInput
    ) -> ImportRepositoryPayload:
        actor = info.context.actor
        owner = actor.require_account()
        if input.owner_id is not None:
            owner = await account_by_id(info, str(input.owner_id), "ownerId")
        repo = await importing.import_repository(
            info.context.runtime,
            actor,
            owner,
            input.name,
            input.url,
            description=input.description,
            is_private=input.visibility == RepositoryVisibility.PRIVATE,
            mirror=input.mirror,
        )
        return ImportRepositoryPayload(repository=Repository.of(repo))

    @strawberry.mutation
    async def update_repository(
        self, info: Info, input: UpdateRepositoryInput
    ) -> UpdateRepositoryPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        repo = await repositories.update_repository(
            info.context.runtime.storage,
            info.context.actor,
            repo,
            name=input.name,
            description=input.description,
            is_private=None
            if input.visibility is None
            else input.visibility == RepositoryVisibility.PRIVATE,
            default_branch=input.default_branch,
        )
        return UpdateRepositoryPayload(repository=Repository.of(repo))

    @strawberry.mutation
    async def delete_repository(
        self, info: Info, input: DeleteRepositoryInput
    ) -> DeleteRepositoryPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        await repositories.delete_repository(info.context.runtime.storage, info.context.actor, repo)
        return DeleteRepositoryPayload(deleted_repository_id=input.repository_id)
