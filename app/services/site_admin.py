"""What only site administrators do to other accounts: edit, disable and delete users.

Creating a user is ``app/services/account.py`` ``create_user`` (the same checks and the
same argon2 hashing as any account). Every function here needs a site administrator
acting with the ``admin`` scope (``Actor.is_site_admin``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.auth.password import Passwords
from app.errors import Conflict, Forbidden, InvalidInput
from app.models import AccessToken, Account, Membership, MembershipRole, Repository
from app.services import account as accounts
from app.services.actor import Actor
from app.services.naming import validate_email, validate_person_name, validate_text


def require_site_admin(actor: Actor) -> Account:
    account = actor.require_scope(sc.ADMIN)
    if not actor.is_site_admin:
        raise Forbidden("Only a site administrator can do this.")
    return account


async def update_user(
    passwords: Passwords,
    actor: Actor,
    user: Account,
    *,
    display_name: str | None = None,
    email: str | None = None,
    password: str | None = None,
    website_url: str | None = None,
    location: str | None = None,
    is_site_admin: bool | None = None,
    is_active: bool | None = None,
) -> Account:
    """Change another (or one's own) account as a site administrator.

    Disabling an account revokes its tokens and web sessions; an administrator cannot
    disable or demote themself (the site would keep no way back)."""
    admin = require_site_admin(actor)
    if user.id == admin.id and (is_site_admin is False or is_active is False):
        raise InvalidInput("You cannot disable or demote your own account.", field="admin")
    if display_name is not None:
        user.display_name = validate_person_name(display_name, field="name")
    if email is not None:
        user.email = validate_email(email.strip())
        await accounts._require_free(user.login, user.email, user.id)
    if website_url is not None:
        user.website_url = accounts.validate_website(website_url)
    if location is not None:
        user.location = validate_text(location, field="location", max_length=255)
    if password is not None:
        # An empty password leaves it as it is (Gogs' edit form does the same).
        if password:
            accounts._validate_new_password(password, field="password")
            user.password_hash = await anyio.to_thread.run_sync(passwords.hash, password)
    if is_site_admin is not None:
        user.is_admin = is_site_admin
    disabling = is_active is False and user.is_active
    if is_active is not None:
        user.is_active = is_active
    try:
        async with in_transaction():
            await user.save()
            if disabling:
                await AccessToken.filter(user_id=user.id, revoked_at=None).update(
                    revoked_at=datetime.now(UTC)
                )
    except IntegrityError:
        raise Conflict("Another account uses this email address.", field="email") from None
    return user


async def delete_user(actor: Actor, user: Account) -> None:
    """Delete a user who owns no repository and no organization (as Gogs refuses then:
    nothing is left without an owner). Their issues, comments and pushes stay, authored
    by nobody; their tokens, keys, memberships and collaborations go."""
    admin = require_site_admin(actor)
    if user.is_organization:
        raise InvalidInput("That account is an organization.", field="login")
    if user.id == admin.id:
        raise InvalidInput("You cannot delete your own account.", field="login")
    async with in_transaction():
        # Locked: a repository or membership inserted meanwhile (which locks the account's
        # key on PostgreSQL; SQLite's writers queue) cannot slip past the checks below.
        await Account.select_for_update().filter(id=user.id).first()
        if await Repository.exists(owner_id=user.id):
            raise InvalidInput(
                f"'{user.login}' still owns repositories; delete or transfer them first.",
                field="login",
            )
        if await Membership.exists(user_id=user.id, role=MembershipRole.OWNER):
            raise InvalidInput(
                f"'{user.login}' still owns organizations; give them another owner first.",
                field="login",
            )
        await Account.filter(id=user.id).delete()
