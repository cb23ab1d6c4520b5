"""Sign-in, tokens, users and organizations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from app import models as tables
from app.auth import scopes as sc
from app.auth import token as secrets
from app.errors import Forbidden, NotFound
from app.models import AccountKind, MembershipRole
from app.services import account as accounts
from app.services import membership as memberships
from app.services import token as tokens
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import account_by_id
from schema.node import decode_global_id
from schema.types.account import AccessToken, Organization, OrganizationMemberRole, User


@strawberry.input
class SignInInput:
    login: str
    password: str


@strawberry.type
class SignInPayload:
    token: str = strawberry.field(
        description="A session token; send it as 'Authorization: Bearer'."
    )
    viewer: User


@strawberry.type
class SignOutPayload:
    signed_out: bool


@strawberry.enum(
    description="How a new token's secret starts: INGOT 'ingot_', KOD 'kod_' (as Kod's "
    "routes answer). Both have the same checksum and work on every transport."
)
class AccessTokenPrefix(Enum):
    INGOT = secrets.PREFIX
    KOD = secrets.KOD_PREFIX


@bounded(tables.AccessToken, "name")
class CreateAccessTokenInput:
    name: str
    scopes: list[str] | None = strawberry.field(
        default=None,
        description="Canonical scope names, e.g. repo:read. Omitted: the scopes of the caller.",
    )
    expires_at: datetime | None = None
    scope_dialect: str | None = strawberry.field(
        default=None,
        description="Also accept this REST dialect's scope names (gogs, isurus, opencodehub), "
        "and its managing scope where it documents one (isurus: 'read'; else 'admin').",
    )
    login: str | None = strawberry.field(
        default=None,
        description="The user the token is for; the viewer when omitted (others: site admins).",
    )
    prefix: AccessTokenPrefix = AccessTokenPrefix.INGOT


@strawberry.type
class CreateAccessTokenPayload:
    token: str = strawberry.field(description="The secret, shown only this once.")
    access_token: AccessToken


@strawberry.input
class RevokeAccessTokenInput:
    id: strawberry.ID
    scope_dialect: str | None = strawberry.field(
        default=None,
        description="The REST dialect whose routes ask: its managing scope applies where it "
        "documents one (isurus: 'read'; else 'admin'). A token may always revoke itself.",
    )


@strawberry.type
class RevokeAccessTokenPayload:
    access_token: AccessToken


@bounded(tables.Account, "email", name="display_name")
class UpdateViewerInput:
    name: str | None = strawberry.field(
        default=None, description="The display name (at most 255 characters)."
    )
    email: str | None = strawberry.field(
        default=None, description="An address no other user has (at most 254 characters)."
    )
    keep_email_private: bool | None = strawberry.field(
        default=None,
        description="Hide the email address from other users (site admins still see it).",
    )


@strawberry.type
class UpdateViewerPayload:
    viewer: User


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str = strawberry.field(description="At least 8 characters.")


@strawberry.type
class ChangePasswordPayload:
    viewer: User
    ended_sessions: int = strawberry.field(
        description="How many other web sessions were signed out."
    )


@bounded(tables.Account, "login", "email", name="display_name")
class CreateUserInput:
    login: str
    email: str
    password: str
    name: str = ""
    is_site_admin: bool = False


@strawberry.type
class CreateUserPayload:
    user: User


@bounded(tables.Account, "login", "website_url", "location", name="display_name")
class CreateOrganizationInput:
    login: str
    name: str = ""
    description: str = ""
    website_url: str = ""
    location: str = ""
    owner_login: str | None = strawberry.field(
        default=None,
        description="Site administrators only: the user who becomes its first owner "
        "(the viewer when omitted).",
    )


@strawberry.type
class CreateOrganizationPayload:
    organization: Organization


@strawberry.input
class AddOrganizationMemberInput:
    organization_id: strawberry.ID
    login: str
    role: OrganizationMemberRole = OrganizationMemberRole.MEMBER


@strawberry.input
class RemoveOrganizationMemberInput:
    organization_id: strawberry.ID
    login: str


@strawberry.input
class UpdateOrganizationMemberRoleInput:
    organization_id: strawberry.ID
    login: str
    role: OrganizationMemberRole


@strawberry.input
class SetOrganizationMembershipVisibilityInput:
    organization_id: strawberry.ID
    public: bool = strawberry.field(
        description="True shows the membership to everyone; false to members only."
    )
    login: str | None = strawberry.field(
        default=None,
        description="The member; the viewer when omitted. Only the member may make a "
        "membership public; an owner may also conceal one.",
    )


@strawberry.type
class SetOrganizationMembershipVisibilityPayload:
    organization: Organization
    user: User
    is_public: bool


@bounded(tables.Account, "display_name", "website_url", "location")
class UpdateOrganizationInput:
    organization_id: strawberry.ID
    display_name: str | None = None
    description: str | None = None
    website_url: str | None = None
    location: str | None = None


@strawberry.type
class UpdateOrganizationPayload:
    organization: Organization


@strawberry.type
class OrganizationMemberPayload:
    organization: Organization
    user: User
    role: OrganizationMemberRole | None


async def _member_target(info: Info, org_id: str, login: str) -> tuple:
    org = await account_by_id(info, org_id, "organizationId", "Organization")
    user = await info.context.account_named(login, AccountKind.USER)
    if user is None:
        raise NotFound(f"No user named '{login}'.", field="login")
    return org, user


async def _organization_owner(info: Info, login: str | None) -> tables.Account | None:
    """The first owner a site administrator names for a new organization."""
    if login is None:
        return None
    if not info.context.actor.is_site_admin:
        raise Forbidden("Only a site administrator can create an organization for someone else.")
    user = await info.context.account_named(login, AccountKind.USER)
    if user is None:
        raise NotFound(f"No user named '{login}'.", field="ownerLogin")
    return user


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Exchange a login and password for a session token.")
    async def sign_in(self, info: Info, input: SignInInput) -> SignInPayload:
        request = info.context.request
        address = request.scope.get("state", {}).get("client_address") if request else None
        account = await accounts.authenticate_password(
            info.context.runtime.passwords,
            input.login,
            input.password,
            limit=info.context.runtime.sign_in,
            address=address if isinstance(address, str) else "unknown",
        )
        _, secret = await tokens.create_session(account)
        return SignInPayload(token=secret, viewer=User(model=account))

    @strawberry.mutation(description="Revoke the token this request was made with.")
    async def sign_out(self, info: Info) -> SignOutPayload:
        actor = info.context.actor
        actor.require_account()
        if actor.token_id is not None:
            await tokens.revoke_token(actor, actor.token_id)
        return SignOutPayload(signed_out=True)

    @strawberry.mutation
    async def create_access_token(
        self, info: Info, input: CreateAccessTokenInput
    ) -> CreateAccessTokenPayload:
        owner = None
        if input.login is not None:
            owner = await accounts.get_account(input.login, AccountKind.USER)
            if owner is None:
                raise NotFound(f"No user named '{input.login}'.", field="login")
        token, secret = await tokens.create_token(
            info.context.actor,
            input.name,
            input.scopes,
            expires_at=input.expires_at,
            dialect=input.scope_dialect,
            owner=owner,
            prefix=input.prefix.value,
        )
        return CreateAccessTokenPayload(token=secret, access_token=AccessToken(model=token))

    @strawberry.mutation
    async def revoke_access_token(
        self, info: Info, input: RevokeAccessTokenInput
    ) -> RevokeAccessTokenPayload:
        _, pk = decode_global_id(str(input.id), "AccessToken", "id")
        token = await tokens.revoke_token(info.context.actor, pk, input.scope_dialect)
        return RevokeAccessTokenPayload(access_token=AccessToken(model=token))

    @strawberry.mutation(
        description="Change the viewer's display name, email or whether the email is kept "
        "private. Needs the 'admin' scope."
    )
    async def update_viewer(self, info: Info, input: UpdateViewerInput) -> UpdateViewerPayload:
        account = await accounts.update_profile(
            info.context.actor,
            display_name=input.name,
            email=input.email,
            keep_email_private=input.keep_email_private,
        )
        return UpdateViewerPayload(viewer=User(model=account))

    @strawberry.mutation(
        description="Change the viewer's password. Access tokens keep working; the viewer's "
        "other web sessions are signed out. Needs the 'admin' scope."
    )
    async def change_password(
        self, info: Info, input: ChangePasswordInput
    ) -> ChangePasswordPayload:
        account, ended = await accounts.change_password(
            info.context.runtime.passwords,
            info.context.actor,
            input.current_password,
            input.new_password,
        )
        return ChangePasswordPayload(viewer=User(model=account), ended_sessions=ended)

    @strawberry.mutation(description="Create an account (site administrators only).")
    async def create_user(self, info: Info, input: CreateUserInput) -> CreateUserPayload:
        info.context.actor.require_scope(sc.ADMIN)
        if not info.context.actor.is_site_admin:
            raise Forbidden("Only a site administrator can create accounts.")
        user = await accounts.create_user(
            info.context.runtime.passwords,
            input.login,
            input.email,
            input.password,
            is_admin=input.is_site_admin,
            display_name=input.name,
        )
        return CreateUserPayload(user=User(model=user))

    @strawberry.mutation
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        org = await accounts.create_organization(
            info.context.actor,
            input.login,
            display_name=input.name,
            description=input.description,
            website_url=input.website_url,
            location=input.location,
            owner=await _organization_owner(info, input.owner_login),
        )
        return CreateOrganizationPayload(organization=Organization(model=org))

    @strawberry.mutation(description="Add a member, or change an existing member's role.")
    async def add_organization_member(
        self, info: Info, input: AddOrganizationMemberInput
    ) -> OrganizationMemberPayload:
        org, user = await _member_target(info, str(input.organization_id), input.login)
        await accounts.set_membership(
            info.context.actor, org, user, MembershipRole(input.role.value)
        )
        return OrganizationMemberPayload(
            organization=Organization(model=org), user=User(model=user), role=input.role
        )

    @strawberry.mutation
    async def remove_organization_member(
        self, info: Info, input: RemoveOrganizationMemberInput
    ) -> OrganizationMemberPayload:
        org, user = await _member_target(info, str(input.organization_id), input.login)
        await accounts.remove_membership(info.context.actor, org, user)
        return OrganizationMemberPayload(
            organization=Organization(model=org), user=User(model=user), role=None
        )

    @strawberry.mutation(description="Change an existing member's role (owners only).")
    async def update_organization_member_role(
        self, info: Info, input: UpdateOrganizationMemberRoleInput
    ) -> OrganizationMemberPayload:
        org, user = await _member_target(info, str(input.organization_id), input.login)
        await accounts.update_member_role(
            info.context.actor, org, user, MembershipRole(input.role.value)
        )
        return OrganizationMemberPayload(
            organization=Organization(model=org), user=User(model=user), role=input.role
        )

    @strawberry.mutation(
        description="Show a membership to everyone (public) or only to the organization's "
        "members (the default). Needs the 'admin' scope."
    )
    async def set_organization_membership_visibility(
        self, info: Info, input: SetOrganizationMembershipVisibilityInput
    ) -> SetOrganizationMembershipVisibilityPayload:
        viewer = info.context.actor.require_account()
        org, user = await _member_target(
            info, str(input.organization_id), input.login or viewer.login
        )
        membership = await memberships.set_visibility(info.context.actor, org, user, input.public)
        return SetOrganizationMembershipVisibilityPayload(
            organization=Organization(model=org),
            user=User(model=user),
            is_public=membership.is_public,
        )

    @strawberry.mutation(
        description="Change the display name, description, website or location (owners only)."
    )
    async def update_organization(
        self, info: Info, input: UpdateOrganizationInput
    ) -> UpdateOrganizationPayload:
        org = await account_by_id(
            info, str(input.organization_id), "organizationId", "Organization"
        )
        org = await accounts.update_organization(
            info.context.actor,
            org,
            display_name=input.display_name,
            description=input.description,
            website_url=input.website_url,
            location=input.location,
        )
        return UpdateOrganizationPayload(organization=Organization(model=org))
