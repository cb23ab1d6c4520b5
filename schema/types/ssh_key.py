"""SSH keys: an account's public keys and a repository's deploy keys."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.errors import NotFound
from app.models import SshKey
from schema.context import Info
from schema.node import Node
from schema.types import registry
from schema.types.account import User


@strawberry.interface(name="SshKey", description="What every SSH key shows.")
class SshKeyFields:
    model: strawberry.Private[SshKey]

    @strawberry.field(description="A name to recognise the key by.")
    def title(self) -> str:
        return self.model.title

    @strawberry.field(description="The public key as OpenSSH writes it: 'type base64'.")
    def key(self) -> str:
        return self.model.key

    @strawberry.field(description="'SHA256:...', as 'ssh-keygen -l' prints it.")
    def fingerprint(self) -> str:
        return self.model.fingerprint

    @strawberry.field(
        description="ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, "
        "ecdsa-sha2-nistp521 or ssh-rsa."
    )
    def key_type(self) -> str:
        return self.model.key_type

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="When the key last authenticated (to the minute); null if never.")
    def last_used_at(self) -> datetime | None:
        return self.model.last_used_at


@strawberry.type(description="A public key of a user's account: git over SSH as that user.")
class PublicKey(SshKeyFields, Node):
    model: strawberry.Private[SshKey]

    @staticmethod
    def of(model: SshKey) -> PublicKey:
        return PublicKey(model=model)

    @strawberry.field(description="The user the key belongs to.")
    async def user(self, info: Info) -> User:
        account = await info.context.loaders.accounts_by_id.load(self.model.user_id or 0)
        if account is None:
            raise NotFound("The key's user no longer exists.")
        return User(model=account)


@strawberry.type(description="A key that reaches one repository only: read-only unless not.")
class DeployKey(SshKeyFields, Node):
    model: strawberry.Private[SshKey]

    @staticmethod
    def of(model: SshKey) -> DeployKey:
        return DeployKey(model=model)

    @strawberry.field(description="Whether the key may only fetch (true) or also push.")
    def read_only(self) -> bool:
        return self.model.read_only


registry.register(SshKey, PublicKey)
