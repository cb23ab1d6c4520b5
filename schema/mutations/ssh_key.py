"""Adding and removing SSH keys: an account's public keys and a repository's deploy keys."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.errors import NotFound
from app.models import AccountKind
from app.services import ssh_key as ssh_keys
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import repository_by_id
from schema.node import decode_global_id
from schema.types.ssh_key import DeployKey, PublicKey


@bounded(tables.SshKey, "title")
class AddPublicKeyInput:
    title: str = strawberry.field(description="A name to recognise the key by.")
    key: str = strawberry.field(
        description="The public key, as in a .pub file: ed25519, ECDSA, or RSA of 2048+ bits."
    )
    login: str | None = strawberry.field(
        default=None,
        description="The user the key is for; the viewer when omitted (others: site admins).",
    )


@strawberry.type
class AddPublicKeyPayload:
    public_key: PublicKey


@strawberry.input
class DeletePublicKeyInput:
    id: strawberry.ID


@strawberry.type
class DeletePublicKeyPayload:
    deleted_public_key_id: strawberry.ID


@bounded(tables.SshKey, "title")
class AddDeployKeyInput:
    repository_id: strawberry.ID
    title: str = strawberry.field(description="A name to recognise the key by.")
    key: str = strawberry.field(description="The public key, as in a .pub file.")
    read_only: bool = strawberry.field(
        default=True, description="Whether the key may only fetch (the default) or also push."
    )


@strawberry.type
class AddDeployKeyPayload:
    deploy_key: DeployKey


@strawberry.input
class DeleteDeployKeyInput:
    id: strawberry.ID


@strawberry.type
class DeleteDeployKeyPayload:
    deleted_deploy_key_id: strawberry.ID


def _pk(global_id: strawberry.ID, type_name: str, missing: str) -> int:
    try:
        return decode_global_id(str(global_id), type_name, "id")[1]
    except NotFound:
        raise NotFound(missing, field="id") from None


@strawberry.type
class SshKeyMutations:
    @strawberry.mutation(
        description="Add an SSH key to the viewer's account (a site admin: to login's); needs "
        "repo:write. A key is registered once across the server: again is CONFLICT."
    )
    async def add_public_key(self, info: Info, input: AddPublicKeyInput) -> AddPublicKeyPayload:
        owner = None
        if input.login is not None:
            owner = await info.context.account_named(input.login, AccountKind.USER)
            if owner is None:
                raise NotFound(f"No user named '{input.login}'.", field="login")
        key = await ssh_keys.add_public_key(info.context.actor, input.title, input.key, owner)
        return AddPublicKeyPayload(public_key=PublicKey.of(key))

    @strawberry.mutation(description="Remove one of the viewer's keys (a site admin: anyone's).")
    async def delete_public_key(
        self, info: Info, input: DeletePublicKeyInput
    ) -> DeletePublicKeyPayload:
        pk = _pk(input.id, "PublicKey", "No such public key.")
        await ssh_keys.delete_public_key(info.context.actor, pk)
        return DeletePublicKeyPayload(deleted_public_key_id=input.id)

    @strawberry.mutation(
        description="Add a key that reaches this repository only; for its admins, with repo:write."
    )
    async def add_deploy_key(self, info: Info, input: AddDeployKeyInput) -> AddDeployKeyPayload:
        repo = await repository_by_id(info, str(input.repository_id))
        key = await ssh_keys.add_deploy_key(
            info.context.actor, repo, input.title, input.key, read_only=input.read_only
        )
        return AddDeployKeyPayload(deploy_key=DeployKey.of(key))

    @strawberry.mutation(description="Remove a deploy key; for the repository's admins.")
    async def delete_deploy_key(
        self, info: Info, input: DeleteDeployKeyInput
    ) -> DeleteDeployKeyPayload:
        pk = _pk(input.id, "DeployKey", "No such deploy key.")
        await ssh_keys.delete_deploy_key(info.context.actor, pk)
        return DeleteDeployKeyPayload(deleted_deploy_key_id=input.id)
