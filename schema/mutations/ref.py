"""Creating and deleting branches and tags: GitHub's ``createRef`` and ``deleteRef``."""

from __future__ import annotations

import strawberry

from app.errors import NotFound
from app.services import branch
from schema.contents import contents_of
from schema.context import Info
from schema.lookup import repository_by_id
from schema.node import encode_global_id
from schema.types.ref import Ref, decode_ref_id


@strawberry.input
class CreateRefInput:
    repository_id: strawberry.ID
    name: str = strawberry.field(
        description="The full name of the new ref: 'refs/heads/feature' or 'refs/tags/v1'."
    )
    oid: str = strawberry.field(description="The full id of the commit it points at.")
    client_mutation_id: str | None = None


@strawberry.type
class CreateRefPayload:
    ref: Ref
    client_mutation_id: str | None = None


@strawberry.input
class DeleteRefInput:
    ref_id: strawberry.ID
    client_mutation_id: str | None = None


@strawberry.type
class DeleteRefPayload:
    client_mutation_id: str | None = None


@strawberry.type
class RefMutations:
    @strawberry.mutation(
        description="Create a branch or tag at a commit. Needs WRITE; names follow the push "
        "rules (no tag and branch of one name), protected branches need the bypass."
    )
    async def create_ref(self, info: Info, input: CreateRefInput) -> CreateRefPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        git = await contents_of(info, repo)
        made = await branch.create_ref(info.context.actor, repo, git.path, input.name, input.oid)
        return CreateRefPayload(
            ref=Ref(git=git, data=made), client_mutation_id=input.client_mutation_id
        )

    @strawberry.mutation(
        description="Delete a branch (never the default one) or a tag. Needs WRITE; "
        "protected branches need the bypass."
    )
    async def delete_ref(self, info: Info, input: DeleteRefInput) -> DeleteRefPayload:
        repository_id, name = decode_ref_id(str(input.ref_id))
        try:
            repo = await repository_by_id(info, encode_global_id("Repository", repository_id))
        except NotFound:
            raise NotFound("Ref not found.", field="refId") from None
        git = await contents_of(info, repo)
        await branch.delete_ref(info.context.actor, repo, git.path, name)
        return DeleteRefPayload(client_mutation_id=input.client_mutation_id)
