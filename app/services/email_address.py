"""A user's email addresses: listing, adding, removing, and keeping the primary in step.

Every address is unique across all accounts in any letter case (the unique
``email_address.email_lower`` decides, so two requests racing for one address
cannot both win). The primary row is ``account.email``; it changes only through
the profile (``app/services/account.py`` ``update_profile``) and is never removed.
Adding and removing change who the account is: they need the ``admin`` scope,
like the rest of the profile.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.errors import Conflict, InvalidInput
from app.models import Account, EmailAddress, case_key
from app.services.actor import Actor
from app.services.naming import validate_email

# Ample for people; a bound for scripts.
MAX_ADDRESSES = 100
PROFILE_SCOPE = sc.ADMIN
FIELD = "emails"


def may_list(actor: Actor, account: Account) -> bool:
    """The user themself and site administrators (who see every address anyway)."""
    viewer = actor.account
    return viewer is not None and (viewer.id == account.id or viewer.is_admin)


async def list_addresses(account: Account) -> list[EmailAddress]:
    """The primary first, then the others in the order they were added."""
    return list(await EmailAddress.filter(account_id=account.id).order_by("-is_primary", "id"))


def _keys(emails: object, *, check: bool) -> dict[str, str]:
    """Address by case key, refusing what is not a short list of distinct addresses."""
    if not isinstance(emails, list) or not emails:
        raise InvalidInput("Give a list of one or more email addresses.", field=FIELD)
    if len(emails) > MAX_ADDRESSES:
        raise InvalidInput(f"Give at most {MAX_ADDRESSES} addresses at once.", field=FIELD)
    found: dict[str, str] = {}
    for email in emails:
        if check:
            validate_email(email, field=FIELD)
        elif not isinstance(email, str):
            raise InvalidInput("Email addresses are strings.", field=FIELD)
        key = case_key(email)
        if key in found:
            raise InvalidInput(f"'{email}' is listed twice.", field=FIELD)
        found[key] = email
    return found


async def _require_unused(keys: list[str]) -> None:
    taken = await EmailAddress.filter(email_lower__in=keys).first()
    if taken is None:
        # Accounts created before their primary row existed still hold their address.
        other = await Account.filter(email_lower__in=keys).first()
        taken_email = other.email if other else None
    else:
        taken_email = taken.email
    if taken_email is not None:
        raise Conflict(f"The address '{taken_email}' is already used.", field=FIELD)


async def add(actor: Actor, emails: object) -> list[EmailAddress]:
    """Add unverified addresses to the acting user, all or none; a used one is a conflict."""
    account = actor.require_scope(PROFILE_SCOPE)
    wanted = _keys(emails, check=True)
    await _require_unused(list(wanted))
    try:
        async with in_transaction() as connection:
            held = await EmailAddress.filter(account_id=account.id).using_db(connection).count()
            if held + len(wanted) > MAX_ADDRESSES:
                raise InvalidInput(
                    f"An account has at most {MAX_ADDRESSES} email addresses.", field=FIELD
                )
            added = []
            for email in wanted.values():
                row = EmailAddress(account_id=account.id, email=email)
                await row.save(using_db=connection)
                added.append(row)
    except IntegrityError:
        # Someone took one of them since the check: the unique index decides.
        await _require_unused(list(wanted))
        raise Conflict("One of the addresses is already used.", field=FIELD) from None
    return added


async def remove(actor: Actor, emails: object) -> list[EmailAddress]:
    """Remove the acting user's addresses that are listed (others are ignored, as in Gogs);
    listing the primary refuses the whole request."""
    account = actor.require_scope(PROFILE_SCOPE)
    keys = _keys(emails, check=False)
    if account.email is not None and case_key(account.email) in keys:
        raise InvalidInput(
            f"'{account.email}' is the primary address; it cannot be removed.", field=FIELD
        )
    async with in_transaction() as connection:
        rows = list(
            await EmailAddress.filter(
                account_id=account.id, email_lower__in=list(keys), is_primary=False
            ).using_db(connection)
        )
        if rows:
            await EmailAddress.filter(id__in=[r.id for r in rows]).using_db(connection).delete()
    return rows


async def is_used_elsewhere(email: str, account_id: int | None) -> bool:
    """Whether an account other than ``account_id`` holds ``email`` among its addresses."""
    rows = EmailAddress.filter(email_lower=case_key(email))
    if account_id is not None:
        rows = rows.exclude(account_id=account_id)
    return await rows.exists()


async def set_primary(account: Account, connection: BaseDBAsyncClient) -> None:
    """Make the primary row say ``account.email`` (inside the caller's transaction).

    An address the user already had becomes the primary; the former primary is dropped,
    as changing the profile's email always replaced it. A taken address raises
    ``IntegrityError`` from the unique index.
    """
    if account.email is None:
        return
    key = case_key(account.email)
    await (
        EmailAddress.filter(account_id=account.id, email_lower=key, is_primary=False)
        .using_db(connection)
        .delete()
    )
    primary = (
        await EmailAddress.filter(account_id=account.id, is_primary=True)
        .using_db(connection)
        .first()
    )
    if primary is None:
        primary = EmailAddress(account_id=account.id, is_primary=True)
    primary.email = account.email
    primary.is_verified = True
    await primary.save(using_db=connection)
