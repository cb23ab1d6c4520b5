"""Adding and removing the viewer's email addresses (Gogs' ``/user/emails``)."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.services import email_address as email_addresses
from schema.context import Info
from schema.inputs import bounded
from schema.types.account import User
from schema.types.email_address import UserEmail


@bounded(tables.EmailAddress, emails="email")
class AddEmailsInput:
    emails: list[str] = strawberry.field(
        description="Addresses no account has yet (any letter case), at most 100."
    )


@strawberry.type
class AddEmailsPayload:
    emails: list[UserEmail] = strawberry.field(description="The addresses added, unverified.")
    user: User


@strawberry.input
class RemoveEmailsInput:
    emails: list[str] = strawberry.field(
        description="The viewer's addresses to remove; others are ignored. The primary "
        "address cannot be removed."
    )


@strawberry.type
class RemoveEmailsPayload:
    emails: list[UserEmail] = strawberry.field(description="The addresses removed.")
    user: User


@strawberry.type
class EmailAddressMutations:
    @strawberry.mutation(
        description="Add email addresses to the viewer, all or none: an address any "
        "account has already is a CONFLICT. Needs the 'admin' scope."
    )
    async def add_emails(self, info: Info, input: AddEmailsInput) -> AddEmailsPayload:
        added = await email_addresses.add(info.context.actor, input.emails)
        viewer = info.context.actor.require_account()
        return AddEmailsPayload(emails=[UserEmail(model=r) for r in added], user=User(model=viewer))

    @strawberry.mutation(
        description="Remove email addresses of the viewer other than the primary. Needs the "
        "'admin' scope."
    )
    async def remove_emails(self, info: Info, input: RemoveEmailsInput) -> RemoveEmailsPayload:
        removed = await email_addresses.remove(info.context.actor, input.emails)
        viewer = info.context.actor.require_account()
        return RemoveEmailsPayload(
            emails=[UserEmail(model=r) for r in removed], user=User(model=viewer)
        )
