"""Users, organizations and access tokens."""

from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from tortoise.queryset import QuerySet

from app.auth import scopes as sc
from app.errors import NotFound
from app.models import AccessToken as AccessTokenModel
from app.models import Account, AccountKind, Follow, Membership, MembershipRole, SshKey
from app.models import Activity as ActivityModel
from app.models import Issue as IssueModel
from app.models import Repository as RepositoryModel
from app.models import Team as TeamModel
from app.services import account as accounts
from app.services import activity as activities
from app.services import email_address as email_addresses
from app.services import follow as follows
from app.services import issue as issues
from app.services import membership as memberships
from app.services import pagination, permission
from app.services import repository as repositories
from app.services import ssh_key as ssh_keys
from app.services import team as teams
from app.services import token as tokens
from schema.context import Info
from schema.node import Node
from schema.types import registry
from schema.types.connection import (
    Connection,
    Edge,
    PagedConnection,
    PageInfo,
    connection,
    cursors_of,
    paged,
)
from schema.types.email_address import UserEmail
from schema.types.issue_state import IssueState, state_values
from schema.types.order import RepositoryOrder, ordered_repositories

if TYPE_CHECKING:
    from schema.types.activity import Activity
    from schema.types.issue import Issue
    from schema.types.repository import Repository
    from schema.types.ssh_key import PublicKey
    from schema.types.team import Team

# Accounts come first among the types (every aggregate has an author). The fields that return a
# type from above are lazy and build their objects with registry.type_for(model).of; each such
# type references accounts in turn, here Repository.owner,
RepositoryRef = Annotated["Repository", strawberry.lazy("schema.types.repository")]
# Issue.author and Issue.assignees,
IssueRef = Annotated["Issue", strawberry.lazy("schema.types.issue")]
# and Activity.actor.
ActivityRef = Annotated["Activity", strawberry.lazy("schema.types.activity")]
# User.publicKeys (PublicKey.user).
PublicKeyRef = Annotated["PublicKey", strawberry.lazy("schema.types.ssh_key")]
# Organization.teams (Team.organization).
TeamRef = Annotated["Team", strawberry.lazy("schema.types.team")]


@strawberry.enum(description="A member's role in an organization. ADMIN is an owner.")
class OrganizationMemberRole(Enum):
    ADMIN = "owner"
    MEMBER = "member"


def _can_see_private_details(info: Info, account: Account) -> bool:
    viewer = info.context.actor.account
    return viewer is not None and (viewer.id == account.id or viewer.is_admin)


@strawberry.enum(description="How a user is related to a repository.")
class RepositoryAffiliation(Enum):
    OWNER = "owner"
    ORGANIZATION_MEMBER = "organization_member"
    COLLABORATOR = "collaborator"


async def _repositories(
    info: Info,
    owner: Account,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    page: int | None,
    affiliations: list[RepositoryAffiliation] | None = None,
    order_by: RepositoryOrder | None = None,
) -> Connection[RepositoryRef]:
    if affiliations:
        query = await repositories.affiliated_query(
            info.context.actor,
            owner,
            owned=RepositoryAffiliation.OWNER in affiliations,
            member=RepositoryAffiliation.ORGANIZATION_MEMBER in affiliations,
            collaborator=RepositoryAffiliation.COLLABORATOR in affiliations,
        )
    else:
        query = await repositories.visible_query(info.context.actor, owner)
    convert = registry.type_for(RepositoryModel).of
    if order_by is None:
        return await paged(
            query, convert, first=first, after=after, last=last, before=before, page=page
        )
    return await ordered_repositories(
        query, convert, order_by, first=first, after=after, last=last, before=before, page=page
    )


@strawberry.interface(
    description="An account that can own repositories: a user or an organization."
)
class RepositoryOwner(Node):
    model: strawberry.Private[Account]

    @strawberry.field
    def login(self) -> str:
        return self.model.login

    @strawberry.field(description="The display name.")
    def name(self) -> str:
        return self.model.display_name

    @strawberry.field
    def avatar_url(self) -> str:
        return self.model.avatar_url

    @strawberry.field
    def url(self, info: Info) -> str:
        return f"{info.context.base_url}/{self.model.login}"

    # Not schema.types.fields' resolvers: that module sits above this one.
    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field(description="Repositories this account owns that the viewer can see.")
    async def repositories(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        order_by: RepositoryOrder | None = None,
    ) -> Connection[RepositoryRef]:
        return await _repositories(
            info, self.model, first, after, last, before, page, None, order_by
        )

    @strawberry.field(
        description="A repository this account owns, by name; null if it does not exist for you."
    )
    async def repository(self, info: Info, name: str) -> RepositoryRef | None:
        repo = await info.context.repository_named(self.model.login, name)
        if repo is None or await info.context.access(repo) < permission.Access.READ:
            return None
        return registry.type_for(RepositoryModel).of(repo)

    @staticmethod
    def of(account: Account) -> User | Organization:
        return Organization(model=account) if account.is_organization else User(model=account)


@strawberry.type(description="A person with an account.")
class User(RepositoryOwner):
    model: strawberry.Private[Account]

    @strawberry.field(
        description="Repositories the viewer can see that this user owns, or (with "
        "affiliations) that this user's organizations own or this user collaborates on."
    )
    async def repositories(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
        affiliations: list[RepositoryAffiliation] | None = None,
        owner_affiliations: Annotated[
            list[RepositoryAffiliation] | None,
            strawberry.argument(
                description="GitHub's name: the user's relation to the repositories, as "
                "'affiliations'; with both, a repository must match both."
            ),
        ] = None,
        order_by: RepositoryOrder | None = None,
    ) -> Connection[RepositoryRef]:
        wanted = affiliations
        if owner_affiliations:
            wanted = (
                [a for a in affiliations if a in owner_affiliations]
                if affiliations
                else owner_affiliations
            )
            if not wanted:
                return await _repositories(info, self.model, 0, None, None, None, None, None)
        return await _repositories(
            info, self.model, first, after, last, before, page, wanted, order_by
        )

    @strawberry.field(
        description="The email address, or empty when hidden: shown to the user themself "
        "and site admins, to other signed-in users unless the user keeps it private, "
        "never to anonymous callers."
    )
    def email(self, info: Info) -> str:
        return accounts.visible_email(info.context.actor, self.model) or ""

    @strawberry.field(
        description="Whether the user hides their email address from other users; "
        "null unless the viewer is this user or a site admin."
    )
    def keep_email_private(self, info: Info) -> bool | None:
        if not _can_see_private_details(info, self.model):
            return None
        return self.model.keep_email_private

    @strawberry.field
    def is_site_admin(self) -> bool:
        return self.model.is_admin

    @strawberry.field(description="Whether this user is the viewer.")
    def is_viewer(self, info: Info) -> bool:
        viewer = info.context.actor.account
        return viewer is not None and viewer.id == self.model.id

    @strawberry.field(
        description="The user's email addresses, the primary first; null unless the viewer "
        "is this user or a site admin."
    )
    async def emails(self, info: Info) -> list[UserEmail] | None:
        if not email_addresses.may_list(info.context.actor, self.model):
            return None
        return [UserEmail(model=row) for row in await email_addresses.list_addresses(self.model)]

    @strawberry.field(description="The users following this user, oldest follow first.")
    async def followers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
    ) -> FollowerConnection:
        return FollowerConnection(
            user_id=self.model.id,
            query=follows.followers_query(self.model),
            listed="follower_id",
            arguments={
                "first": first,
                "after": after,
                "last": last,
                "before": before,
                "page": page,
            },
            loaded={},
        )

    @strawberry.field(description="The users this user follows, oldest follow first.")
    async def following(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        page: int | None = None,
    ) -> FollowingConnection:
        return FollowingConnection(
            user_id=self.model.id,
            query=follows.following_query(self.model),
            listed="user_id",
            arguments={
                "first": first,
                "after": after,
                "last": last,
                "before": before,
                "page": page,
            },
            loaded={},
        )

    @strawberry.field(description="Whether the viewer follows this user.")
    async def viewer_is_following(self, info: Info) -> bool:
        return await info.context.loaders.viewer_follows_by_user_id.load(self.model.id)

    @strawberry.field(description="Whether this user follows the viewer.")
    async def is_following_viewer(self, info: Info) -> bool:
        return await info.context.loaders.follows_viewer_by_user_id.load(self.model.id)

    @strawberry.field(description="Whether the viewer may follow this user (not themself).")
    def viewer_can_follow(self, info: Info) -> bool:
        viewer = info.context.actor.account
        return viewer is not None and viewer.id != self.model.id

    @strawberry.field(
        description="Whether this user follows the user with that login (false for an "
        "unknown login or an organization)."
    )
    async def is_following(self, info: Info, login: str) -> bool:
        target = await info.context.account_named(login, AccountKind.USER)
        return target is not None and await follows.follows(self.model, target)

    @strawberry.field(
        description="Organizations this user belongs to: those where the membership is "
        "public, all of them for the user themself and site admins, and those the viewer "
        "is a member of too."
    )
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[Organization]:
        query = memberships.organizations_query(info.context.actor, self.model)
        return await paged(query, Organization.of_model, first=first, after=after, page=page)

    @strawberry.field(
        description="Issues assigned to this user in repositories the viewer can read, "
        "newest first."
    )
    async def assigned_issues(
        self,
        info: Info,
        states: list[IssueState] | None = None,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[IssueRef]:
        wanted = state_values(states)
        query = await issues.assigned_query(info.context.actor, self.model, wanted)
        return await paged(
            query,
            registry.type_for(IssueModel).of,
            first=first,
            after=after,
            page=page,
            descending=True,
        )

    @strawberry.field(
        description="What this user did, newest first, in repositories the viewer can read."
    )
    async def activity(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActivityRef]:
        readable = await repositories.visible_query(info.context.actor)
        query = activities.by_query(readable, self.model)
        return await paged(
            query, registry.type_for(ActivityModel).of, first=first, after=after, descending=True
        )

    @strawberry.field(
        description="The viewer's feed, newest first: activity in repositories they own, their "
        "organizations own or they collaborate on, and their own actions; null for other users."
    )
    async def received_activity(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActivityRef] | None:
        viewer = info.context.actor.account
        if viewer is None or viewer.id != self.model.id:
            return None
        readable = await repositories.visible_query(info.context.actor)
        query = activities.received_query(readable, viewer)
        return await paged(
            query, registry.type_for(ActivityModel).of, first=first, after=after, descending=True
        )

    @strawberry.field(
        description="The user's SSH public keys, oldest first: public, as on GitHub "
        "(/users/LOGIN/keys)."
    )
    async def public_keys(self) -> list[PublicKeyRef]:
        found = await ssh_keys.list_public_keys(self.model)
        return [registry.type_for(SshKey).of(key) for key in found]

    @strawberry.field(
        description="The viewer's own access tokens (never their secrets) no wider than the "
        "request's own; needs the 'admin' scope (a password or web session has it), or the "
        "managing scope of scopeDialect where that dialect documents one (isurus: 'read')."
    )
    async def access_tokens(
        self,
        info: Info,
        scope_dialect: Annotated[
            str | None,
            strawberry.argument(
                description="The REST dialect whose routes ask (gogs, isurus, opencodehub)."
            ),
        ] = None,
        all_users: Annotated[
            bool,
            strawberry.argument(
                description="For a site administrator's request (with the 'admin' scope), "
                "every user's live tokens within the request's own scopes; others get "
                "their own."
            ),
        ] = False,
    ) -> list[AccessToken]:
        if not _can_see_private_details(info, self.model):
            return []
        actor = info.context.actor
        if actor.account is None or actor.account.id != self.model.id:
            return []
        found = await tokens.list_tokens(actor, scope_dialect, all_users=all_users)
        return [AccessToken(model=t) for t in found]


# A page of follows and its (cursor, user) pairs.
_FollowPage = tuple[pagination.Page[Follow], list[tuple[str, "User"]]]


@strawberry.type
class _FollowConnection:
    """A page of follows as users. Nothing is read until a field needs it: ``totalCount``
    comes from a loader, so counting the followers of every user in a list is one query."""

    user_id: strawberry.Private[int]
    query: strawberry.Private[QuerySet[Follow]]
    # The column naming the users listed: ``follower_id`` for followers.
    listed: strawberry.Private[str]
    arguments: strawberry.Private[dict[str, Any]]
    loaded: strawberry.Private[dict[str, asyncio.Future[_FollowPage]]]

    async def _page(self, info: Info) -> _FollowPage:
        # nodes, edges and pageInfo may resolve at once: one page read serves them all.
        if "page" not in self.loaded:
            self.loaded["page"] = asyncio.ensure_future(self._read(info))
        return await self.loaded["page"]

    async def _read(self, info: Info) -> _FollowPage:
        found = await pagination.paginate(self.query, **self.arguments)
        ids = [getattr(row, self.listed) for row in found.items]
        users = await info.context.loaders.accounts_by_id.load_many(ids)
        edges = [
            (cursor, User(model=user))
            for cursor, user in zip(cursors_of(found), users, strict=True)
            if user is not None
        ]
        return found, edges

    @strawberry.field
    async def nodes(self, info: Info) -> list[User]:
        return [user for _, user in (await self._page(info))[1]]

    @strawberry.field
    async def edges(self, info: Info) -> list[Edge[User]]:
        return [Edge(cursor=c, node=n) for c, n in (await self._page(info))[1]]

    @strawberry.field
    async def page_info(self, info: Info) -> PageInfo:
        found, edges = await self._page(info)
        return PageInfo(
            has_next_page=found.has_next_page,
            has_previous_page=found.has_previous_page,
            start_cursor=edges[0][0] if edges else None,
            end_cursor=edges[-1][0] if edges else None,
        )

    @strawberry.field(description="Always true: follow counts are counted in full.")
    def is_total_count_exact(self) -> bool:
        return True


@strawberry.type(description="The users following a user.")
class FollowerConnection(_FollowConnection):
    @strawberry.field(description="How many users follow this user.")
    async def total_count(self, info: Info) -> int:
        return await info.context.loaders.follower_counts_by_user_id.load(self.user_id)


@strawberry.type(description="The users a user follows.")
class FollowingConnection(_FollowConnection):
    @strawberry.field(description="How many users this user follows.")
    async def total_count(self, info: Info) -> int:
        return await info.context.loaders.following_counts_by_user_id.load(self.user_id)


@strawberry.type(description="A membership: the user and their role (see membersWithRole).")
class OrganizationMembership:
    role: OrganizationMemberRole
    user: User
    is_public: bool = strawberry.field(
        description="Whether the member shows this membership to everyone."
    )


@strawberry.type
class OrganizationMemberEdge:
    cursor: str
    node: User
    role: OrganizationMemberRole
    is_public: bool = strawberry.field(
        description="Whether the member shows this membership to everyone."
    )


@strawberry.type(description="Members as users, with each one's role on the edge.")
class OrganizationMemberConnection(PagedConnection):
    edges: list[OrganizationMemberEdge]

    @strawberry.field
    def nodes(self) -> list[User]:
        return [edge.node for edge in self.edges]


async def _memberships(
    info: Info,
    org: Account,
    first: int | None,
    after: str | None,
    page: int | None,
    public_only: bool = False,
) -> tuple[pagination.Page[Membership], dict[int, Account]]:
    """A page of the organization's memberships the viewer may see (app/services/membership.py)."""
    member = await info.context.loaders.viewer_memberships.load(org.id)
    query = memberships.members_query(info.context.actor, org, member, public_only=public_only)
    result = await pagination.paginate(query, first=first, after=after, page=page)
    users = await info.context.loaders.accounts_by_id.load_many([m.user_id for m in result.items])
    return result, {u.id: u for u in users if u is not None}


def _role(membership: Membership) -> OrganizationMemberRole:
    return OrganizationMemberRole(MembershipRole(membership.role).value)


@strawberry.type(description="An account that groups people and owns repositories.")
class Organization(RepositoryOwner):
    model: strawberry.Private[Account]

    @staticmethod
    def of_model(account: Account) -> Organization:
        return Organization(model=account)

    @strawberry.field
    def description(self) -> str:
        return self.model.description

    @strawberry.field(description="The organization's website; empty if none.")
    def website_url(self) -> str:
        return self.model.website_url or ""

    @strawberry.field(description="Where the organization is; empty if unknown.")
    def location(self) -> str:
        return self.model.location or ""

    @strawberry.field(description="The viewer's role here, or null if not a member.")
    async def viewer_role(self, info: Info) -> OrganizationMemberRole | None:
        member = await info.context.loaders.viewer_memberships.load(self.model.id)
        return OrganizationMemberRole(member.role.value) if member else None

    @strawberry.field(
        description="Members and their roles: all of them for members and site admins, the "
        "public memberships for anyone else (publicOnly: only those, for everyone)."
    )
    async def members_with_role(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        public_only: bool = False,
    ) -> Connection[OrganizationMembership]:
        result, by_id = await _memberships(info, self.model, first, after, page, public_only)
        return connection(
            result,
            lambda m: OrganizationMembership(
                role=_role(m), user=User(model=by_id[m.user_id]), is_public=m.is_public
            ),
        )

    @strawberry.field(
        description="Members as users with the role on each edge: all of them for members "
        "and site admins, the public memberships for anyone else (publicOnly: only those)."
    )
    async def members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        public_only: bool = False,
    ) -> OrganizationMemberConnection:
        result, by_id = await _memberships(info, self.model, first, after, page, public_only)
        cursors = cursors_of(result)
        edges = [
            OrganizationMemberEdge(
                cursor=c, node=User(model=by_id[m.user_id]), role=_role(m), is_public=m.is_public
            )
            for c, m in zip(cursors, result.items, strict=True)
        ]
        return OrganizationMemberConnection(cursors=cursors, page=result, edges=edges)

    @strawberry.field(
        description="The organization's teams the viewer can see (all of them for its members "
        "and site administrators, their own teams for a team's members), by name."
    )
    async def teams(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[TeamRef]:
        query = teams.visible_teams(info.context.actor, self.model)
        return await paged(
            query, registry.type_for(TeamModel).of, first=first, after=after, page=page
        )

    @strawberry.field(description="The team with this slug (its name in lower case), if visible.")
    async def team(self, info: Info, slug: str) -> TeamRef | None:
        found = (
            await teams.visible_teams(info.context.actor, self.model)
            .filter(name_lower=slug.lower()[:64])
            .first()
        )
        return registry.type_for(TeamModel).of(found) if found else None


@strawberry.type(description="A personal access token. The secret is shown once, at creation.")
class AccessToken(Node):
    model: strawberry.Private[AccessTokenModel]

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(
        description="Canonical scopes, e.g. repo:read; or, given a REST dialect, its scope names."
    )
    def scopes(self, dialect: str | None = None) -> list[str]:
        if dialect is None:
            return self.model.scope_list
        return sc.to_dialect(self.model.scope_list, dialect)

    @strawberry.field(description="The token's last eight characters, to recognise it.")
    def token_last_eight(self) -> str:
        return self.model.last_eight

    @strawberry.field
    def expires_at(self) -> datetime | None:
        return self.model.expires_at

    @strawberry.field
    def last_used_at(self) -> datetime | None:
        return self.model.last_used_at

    @strawberry.field
    def revoked_at(self) -> datetime | None:
        return self.model.revoked_at

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="The user the token acts for.")
    async def owner(self, info: Info) -> User:
        account = await info.context.loaders.accounts_by_id.load(self.model.user_id)
        if account is None:
            raise NotFound("The token's user no longer exists.")
        return User(model=account)
