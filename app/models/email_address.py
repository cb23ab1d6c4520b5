"""A user's email addresses: one primary (``account.email``) and any number of others."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from app.models.account import Account, case_key, with_key


class EmailAddress(Model):
    """One address of one user, unique across all accounts in any letter case.

    The primary row mirrors ``account.email``.
    """

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="email_addresses", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=255)
    email_lower = fields.CharField(max_length=512, unique=True)
    is_primary = fields.BooleanField(default=False)
    # Ingot sends no confirmation mail: only the primary address, chosen at sign-up or by an
    # administrator, counts as verified (as Gogs treats an active account's address).
    is_verified = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    account_id: int

    class Meta:
        table = "email_address"

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.email_lower = case_key(self.email)
        columns = with_key(update_fields, "email", "email_lower")
        await super().save(using_db, columns, force_create, force_update)
