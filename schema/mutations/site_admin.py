"""Site administration of other accounts: ``updateUser`` and ``deleteUser``.

``createUser`` is with the other account mutations (``schema/mutations/account.py``).
Both need a site administrator acting with the ``admin`` scope (``User.isSiteAdmin``);
anyone else is FORBIDDEN (UNAUTHENTICATED without credentials).
"""

from __future__ import annotations

import strawberry

from app import models as tables
from app.errors import NotFound
from app.models import AccountKind
from app.services import site_admin
from schema.context import Info
from schema.inputs import bounded
from schema.types.account import User


@bounded(tables.Account, "email", "website_url", "location", name="display_name")
class UpdateUserInput:
    login: str = strawberry.field(description="The user to change.")
    name: str | None = None
    email: str | None = None
    password: str | None = strawberry.field(
        default=None, description="A new password (at least 8 characters); empty keeps it."
    )
    website_url: str | None = None
    location: str | None = None
    is_site_admin: bool | None = None
    is_active: bool | None = strawberry.field(
        default=None,
        description="False disables the account: its password, tokens and SSH keys stop "
        "working (its tokens are revoked).",
    )


@strawberry.type
class UpdateUserPayload:
    user: User


@strawberry.input
class DeleteUserInput:
    login: str


@strawberry.type
class DeleteUserPayload:
    login: str


async def _target(info: Info, login: str) -> tables.Account:
    site_admin.require_site_admin(info.context.actor)
    user = await info.context.account_named(login, AccountKind.USER)
    if user is None:
        raise NotFound(f"No user named '{login}'.", field="login")
    return user


@strawberry.type
class SiteAdminMutations:
    @strawberry.mutation(
        description="Change a user's profile, password, admin flag or whether "
        "the account is active (site administrators only)."
    )
    async def update_user(self, info: Info, input: UpdateUserInput) -> UpdateUserPayload:
        user = await _target(info, input.login)
        await site_admin.update_user(
            info.context.runtime.passwords,
            info.context.actor,
            user,
            display_name=input.name,
            email=input.email,
            password=input.password,
            website_url=input.website_url,
            location=input.location,
            is_site_admin=input.is_site_admin,
            is_active=input.is_active,
        )
        return UpdateUserPayload(user=User(model=user))

    @strawberry.mutation(
        description="Delete a user who owns no repository and no organization (BAD_USER_INPUT "
        "otherwise; site administrators only)."
    )
    async def delete_user(self, info: Info, input: DeleteUserInput) -> DeleteUserPayload:
        user = await _target(info, input.login)
        await site_admin.delete_user(info.context.actor, user)
        return DeleteUserPayload(login=user.login)
