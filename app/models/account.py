"""Accounts: users and organizations share one namespace (as in Gitea)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model


def case_key(text: str) -> str:
    """What a unique index compares when case does not tell two names apart ("Bug", "bug").
    Lowering may lengthen a few letters (U+0130), so key columns are wider than the text."""
    return text.lower()


def with_key(update_fields: Iterable[str] | None, source: str, key: str) -> list[str] | None:
    """``update_fields`` for ``save``, with the key column whenever its source is saved."""
    if update_fields is None:
        return None
    names = list(update_fields)
    return [*names, key] if source in names and key not in names else names


class AccountKind(StrEnum):
    USER = "user"
    ORGANIZATION = "organization"


class MembershipRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class Account(Model):
    """A user or an organization (login_lower keeps logins unique case-insensitively)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(AccountKind, max_length=16, default=AccountKind.USER)
    login = fields.CharField(max_length=40)
    login_lower = fields.CharField(max_length=40, unique=True)
    email = fields.CharField(max_length=255, null=True)
    # Unique: two accounts never share an address (as in Gitea and Gogs); set by ``save``.
    email_lower = fields.CharField(max_length=512, null=True)
    display_name = fields.CharField(max_length=255, default="")
    description = fields.TextField(default="")
    # Shown for organizations (Gogs' website and location). Nullable because
    # Tortoise's AddField gives an empty-string default no DEFAULT on SQLite.
    website_url = fields.CharField(max_length=255, null=True)
    location = fields.CharField(max_length=255, null=True)
    avatar_url = fields.CharField(max_length=512, default="")
    is_admin = fields.BooleanField(default=False)
    # False: a site administrator disabled the account (Gogs' ``active``): no sign-in,
    # no token, no SSH key works until it is enabled again.
    is_active = fields.BooleanField(default=True, db_default=True)
    # Gitea's "keep e-mail private": hides the address from other signed-in users.
    keep_email_private = fields.BooleanField(default=False, db_default=False)
    password_hash = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "account"
        # A constraint, not ``unique=True``: adding it then needs no rebuild of the table
        # on SQLite (whose DROP TABLE would cascade to every repository).
        unique_together = (("email_lower",),)

    @property
    def is_organization(self) -> bool:
        return self.kind == AccountKind.ORGANIZATION

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.email_lower = None if self.email is None else case_key(self.email)
        columns = with_key(update_fields, "email", "email_lower")
        await super().save(using_db, columns, force_create, force_update)


class Membership(Model):
    """A user's role in an organization."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="memberships", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="organization_memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(MembershipRole, max_length=16, default=MembershipRole.MEMBER)
    # Shown to people outside the organization only when the member opts in (as on
    # GitHub and Gitea); members, the user themself and site admins always see it.
    is_public = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int
    user_id: int

    class Meta:
        table = "membership"
        unique_together = (("organization", "user"),)
