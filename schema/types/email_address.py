"""A user's email address, as the user themself (or a site administrator) sees it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models import EmailAddress


@strawberry.type(description="One of a user's email addresses.")
class UserEmail:
    model: strawberry.Private[EmailAddress]

    @strawberry.field
    def email(self) -> str:
        return self.model.email

    @strawberry.field(description="Whether this is the account's primary address (User.email).")
    def is_primary(self) -> bool:
        return self.model.is_primary

    @strawberry.field(
        description="Whether the address is confirmed. Ingot sends no confirmation mail: "
        "the primary address counts as verified, added ones do not."
    )
    def is_verified(self) -> bool:
        return self.model.is_verified

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at
