"""Users and organizations: creation, sign-in, membership."""

from __future__ import annotations

from datetime import UTC, datetime

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.auth.password import Passwords
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from app.models import (
    AccessToken,
    Account,
    AccountKind,
    Membership,
    MembershipRole,
    case_key,
    columns,
)
from app.models.prepared import Prepared
from app.services import email_address as email_addresses
from app.services.actor import Actor
from app.services.naming import (
    validate_email,
    validate_login,
    validate_person_name,
    validate_text,
)
from app.services.sign_in_limit import SignInLimit

MIN_PASSWORD_LENGTH = 8


async def create_user(
    passwords: Passwords,
    login: str,
    email: str,
    password: str,
    *,
    is_admin: bool = False,
    display_name: str = "",
) -> Account:
    validate_login(login)
    validate_email(email)
    if not isinstance(password, str):
        raise InvalidInput("A password is required.", field="password")
    _validate_new_password(password, field="password")
    validate_person_name(display_name, field="displayName")
    await _require_free(login, email)
    password_hash = await anyio.to_thread.run_sync(passwords.hash, password)
    try:
        async with in_transaction() as connection:
            account = await Account.create(
                using_db=connection,
                kind=AccountKind.USER,
                login=login,
                login_lower=login.lower(),
                email=email,
                display_name=display_name,
                is_admin=is_admin,
                password_hash=password_hash,
            )
            await email_addresses.set_primary(account, connection)
            return account
    except IntegrityError:
        # Someone took the login or the address meanwhile: the unique indexes tell.
        await _require_free(login, email)
        raise Conflict(f"The name '{login}' is already taken.", field="login") from None


async def _require_free(login: str, email: str | None, account_id: int | None = None) -> None:
    """Conflict naming the field, if another account has this login or email address."""
    if await Account.filter(login_lower=login.lower()).exclude(id=account_id or 0).exists():
        raise Conflict(f"The name '{login}' is already taken.", field="login")
    if email is not None and (
        await Account.filter(email_lower=case_key(email)).exclude(id=account_id or 0).exists()
        or await email_addresses.is_used_elsewhere(email, account_id)
    ):
        raise Conflict("Another account uses this email address.", field="email")


async def authenticate_password(
    passwords: Passwords,
    login: str,
    password: str,
    *,
    limit: SignInLimit | None = None,
    address: str = "unknown",
) -> Account:
    """The user whose password this is; one message for every failure.

    With ``limit``, an attempt from ``address`` may first be refused (RateLimited) and a
    failure is counted against the login and the address (``app.services.sign_in_limit``).

    A password hashed with other cost parameters than the current ones is
    hashed again with them.
    """
    login_key = login[: columns.max_length(Account, "login_lower")]
    if limit is not None:
        await limit.check(login_key, address)
    account = None
    if columns.fits(Account, "login_lower", login):
        account = await Account.get_or_none(login_lower=login.lower(), kind=AccountKind.USER)
    stored = account.password_hash if account else None
    if not await _verify(passwords, stored, password) or not account:
        if limit is not None:
            await limit.failed(login_key, address)
        raise Unauthenticated("Incorrect login or password.")
    if not account.is_active:
        raise Unauthenticated("This account is disabled.")
    if stored and passwords.needs_rehash(stored):
        account.password_hash = await anyio.to_thread.run_sync(passwords.hash, password)
        await Account.filter(id=account.id, password_hash=stored).update(
            password_hash=account.password_hash
        )
    return account


async def _verify(passwords: Passwords, password_hash: str | None, password: str) -> bool:
    # argon2 takes tens to hundreds of milliseconds of CPU: keep it off the event loop.
    return await anyio.to_thread.run_sync(passwords.verify, password_hash, password)


async def get_account(login: str, kind: AccountKind | None = None) -> Account | None:
    if not isinstance(login, str) or not columns.fits(Account, "login_lower", login):
        return None
    account = await _BY_LOGIN.first(login.lower())
    if account is None or (kind is not None and account.kind != kind):
        return None
    return account


# Logins are unique across users and organizations (one table).
_BY_LOGIN = Prepared(Account, 1, lambda login: Account.filter(login_lower=login).limit(1))


def visible_email(actor: Actor, account: Account) -> str | None:
    """The address ``actor`` may read, or ``None``: the user themself and site admins
    always; other signed-in callers unless the user keeps it private; anonymous never."""
    viewer = actor.account
    if viewer is None:
        return None
    if viewer.id == account.id or viewer.is_admin or not account.keep_email_private:
        return account.email
    return None


# Changing who you are (name, email, password) is account administration: a
# token scoped to repositories cannot do it. Session tokens hold every scope.
PROFILE_SCOPE = sc.ADMIN
MAX_PASSWORD_LENGTH = 1024


async def update_profile(
    actor: Actor,
    *,
    display_name: str | None,
    email: str | None,
    avatar_url: str | None = None,
    keep_email_private: bool | None = None,
) -> Account:
    """Change the acting user's own profile; an email another user has is a conflict."""
    account = actor.require_scope(PROFILE_SCOPE)
    if keep_email_private is not None:
        account.keep_email_private = keep_email_private
    if display_name is not None:
        account.display_name = validate_person_name(display_name, field="name")
    if avatar_url is not None:
        account.avatar_url = validate_text(avatar_url, field="avatarUrl", max_length=512)
    if email is not None:
        account.email = validate_email(email.strip())
        await _require_free(account.login, account.email, account.id)
    try:
        async with in_transaction() as connection:
            await account.save(using_db=connection)
            if email is not None:
                await email_addresses.set_primary(account, connection)
    except IntegrityError:
        # Another account took the address since the check: the unique index decides.
        raise Conflict("Another account uses this email address.", field="email") from None
    return account


def _validate_new_password(password: str, field: str = "newPassword") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"A password has at least {MIN_PASSWORD_LENGTH} characters.", field=field
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"A password has at most {MAX_PASSWORD_LENGTH} characters.", field=field)
    return password


async def change_password(
    passwords: Passwords, actor: Actor, current_password: str, new_password: str
) -> tuple[Account, int]:
    """Set a new password after checking the current one.

    Access tokens keep working (they are credentials of their own); every web
    session of the user ends except the one making the change. Returns the
    account and how many sessions ended.
    """
    account = actor.require_scope(PROFILE_SCOPE)
    _validate_new_password(new_password)
    if not await _verify(passwords, account.password_hash, current_password):
        raise InvalidInput("The current password is incorrect.", field="currentPassword")
    new_hash = await anyio.to_thread.run_sync(passwords.hash, new_password)
    now = datetime.now(UTC)
    async with in_transaction():
        account.password_hash = new_hash
        await account.save(update_fields=["password_hash", "updated_at"])
        live = AccessToken.filter(
            user_id=account.id, is_session=True, revoked_at=None, expires_at__gt=now
        )
        if actor.token_id is not None:
            live = live.exclude(id=actor.token_id)
        ended = await live.update(revoked_at=now)
    return account, ended


async def create_organization(
    actor: Actor,
    login: str,
    *,
    display_name: str = "",
    description: str = "",
    website_url: str = "",
    location: str = "",
    owner: Account | None = None,
) -> Account:
    """A new organization whose first owner is the actor, or ``owner`` (whom the
    caller, a site administrator, named)."""
    user = actor.require_scope(sc.ADMIN)
    if owner is not None:
        if not actor.is_site_admin:
            raise Forbidden(
                "Only a site administrator can create an organization for someone else."
            )
        user = owner
    validate_login(login)
    validate_text(display_name, field="displayName", max_length=255)
    validate_text(description, field="description", max_length=2000)
    validate_website(website_url)
    validate_text(location, field="location", max_length=255)
    try:
        async with in_transaction():
            org = await Account.create(
                kind=AccountKind.ORGANIZATION,
                login=login,
                login_lower=login.lower(),
                display_name=display_name,
                description=description,
                website_url=website_url,
                location=location,
            )
            await Membership.create(organization=org, user=user, role=MembershipRole.OWNER)
    except IntegrityError:
        raise Conflict(f"The name '{login}' is already taken.", field="login") from None
    return org


async def membership(org_id: int, user_id: int) -> Membership | None:
    return await Membership.get_or_none(organization_id=org_id, user_id=user_id)


async def require_org_owner(actor: Actor, org: Account) -> Account:
    """The acting user, who must own ``org`` (or be a site admin) and hold ``admin``."""
    user = actor.require_scope(sc.ADMIN)
    if actor.is_site_admin:
        return user
    member = await membership(org.id, user.id)
    if member is None or member.role != MembershipRole.OWNER:
        raise Forbidden("Only an owner of the organization can do this.")
    return user


async def set_membership(
    actor: Actor, org: Account, user: Account, role: MembershipRole
) -> Membership:
    await require_org_owner(actor, org)
    if user.is_organization:
        raise InvalidInput("An organization cannot be a member of another.", field="userId")
    async with in_transaction():
        existing = await Membership.get_or_none(organization_id=org.id, user_id=user.id)
        if existing is None:
            return await Membership.create(organization=org, user=user, role=role)
        if existing.role == MembershipRole.OWNER and role != MembershipRole.OWNER:
            await _keep_an_owner(org, user)
        existing.role = role
        await existing.save()
        return existing


async def update_member_role(
    actor: Actor, org: Account, user: Account, role: MembershipRole
) -> Membership:
    """Change the role of someone already a member (an organization keeps one owner)."""
    await require_org_owner(actor, org)
    if not await Membership.exists(organization_id=org.id, user_id=user.id):
        raise NotFound(f"'{user.login}' is not a member of '{org.login}'.", field="login")
    return await set_membership(actor, org, user, role)


async def update_organization(
    actor: Actor,
    org: Account,
    *,
    display_name: str | None,
    description: str | None,
    website_url: str | None = None,
    location: str | None = None,
) -> Account:
    await require_org_owner(actor, org)
    if display_name is not None:
        org.display_name = validate_text(display_name, field="displayName", max_length=255)
    if description is not None:
        org.description = validate_text(description, field="description", max_length=2000)
    if website_url is not None:
        org.website_url = validate_website(website_url)
    if location is not None:
        org.location = validate_text(location, field="location", max_length=255)
    await org.save()
    return org


def validate_website(url: str) -> str:
    """Empty, or an http(s) address of at most 255 characters."""
    validate_text(url, field="websiteUrl", max_length=255)
    if url and not (url.startswith(("http://", "https://")) and len(url) > len("https://")):
        raise InvalidInput("A website is an http:// or https:// address.", field="websiteUrl")
    if any(c.isspace() for c in url):
        raise InvalidInput("A website address has no spaces.", field="websiteUrl")
    return url


async def remove_membership(actor: Actor, org: Account, user: Account) -> None:
    await require_org_owner(actor, org)
    async with in_transaction():
        existing = await Membership.get_or_none(organization_id=org.id, user_id=user.id)
        if existing is None:
            raise NotFound(f"'{user.login}' is not a member of '{org.login}'.")
        if existing.role == MembershipRole.OWNER:
            await _keep_an_owner(org, user)
        await existing.delete()


async def _keep_an_owner(org: Account, leaving: Account) -> None:
    others = (
        await Membership.filter(organization_id=org.id, role=MembershipRole.OWNER)
        .exclude(user_id=leaving.id)
        .count()
    )
    if others == 0:
        raise Conflict("An organization must keep at least one owner.")


def search_users(text: str) -> QuerySet[Account]:
    """Users whose login or display name contains ``text`` (case-insensitive)."""
    query = Account.filter(kind=AccountKind.USER)
    text = text.strip()[:100]
    if text:
        query = query.filter(
            Q(login_lower__contains=text.lower()) | Q(display_name__icontains=text)
        )
    return query
