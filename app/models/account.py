"""Accounts: users and organizations share one namespace (as in Gitea)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


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
    display_name = fields.CharField(max_length=255, default="")
    description = fields.TextField(default="")
    # Shown for organizations (Gogs' website and location). Nullable because
    # Tortoise's AddField gives an empty-string default no DEFAULT on SQLite.
    website_url = fields.CharField(max_length=255, null=True)
    location = fields.CharField(max_length=255, null=True)
    avatar_url = fields.CharField(max_length=512, default="")
    is_admin = fields.BooleanField(default=False)
    password_hash = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "account"

    @property
    def is_organization(self) -> bool:
        return self.kind == AccountKind.ORGANIZATION


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
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int
    user_id: int

    class Meta:
        table = "membership"
        unique_together = (("organization", "user"),)
