"""Entry points: viewer, user, organization, repository, node."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import strawberry

from app.errors import InvalidInput, NotFound
from app.models import AccountKind
from app.services import account as accounts
from app.services import flat_name, initial_admin, permission, pipeline_action
from app.services import node as nodes
from app.services import repository as repositories
from app.services import runner as runners
from app.services import token as tokens
from schema.context import Info
from schema.markdown import render_markdown
from schema.node import Node, decode_global_id
from schema.types.account import AccessToken, Organization, User
from schema.types.activity import Activity
from schema.types.connection import Connection, paged
from schema.types.flat_name import FlatRepositoryName
from schema.types.issue import Issue, IssueComment, Label
from schema.types.milestone import Milestone
from schema.types.pipeline import (
    Pipeline,
    PipelineStatus,
    model_statuses,
    pipeline_connection,
)
from schema.types.pull_request import PullRequest, PullRequestComment
from schema.types.push import BranchProtectionRule, Push
from schema.types.rate_limit import rate_limit
from schema.types.release import Release, ReleaseAsset
from schema.types.repository import Repository
from schema.types.runner import Runner
from schema.types.search import search
from schema.types.ssh_key import DeployKey, PublicKey
from schema.types.team import Team
from schema.types.webhook import Webhook, WebhookDelivery

# The GraphQL type of each kind of object ``node`` finds (the registry gives rows).
NODE_TYPES: dict[str, Callable[[Any], Node]] = {
    "User": lambda account: User(model=account),
    "Organization": lambda account: Organization(model=account),
    "Repository": Repository.of,
    "Issue": Issue.of,
    "IssueComment": lambda comment: IssueComment(model=comment),
    "Label": Label.of,
    "Milestone": Milestone.of,
    "PullRequest": PullRequest.of,
    "PullRequestComment": lambda comment: PullRequestComment(model=comment),
    "Push": Push.of,
    "BranchProtectionRule": BranchProtectionRule.of,
    "Release": Release.of,
    "ReleaseAsset": lambda asset: ReleaseAsset(model=asset, release=asset.release),
    "Activity": Activity.of,
    "AccessToken": lambda token: AccessToken(model=token),
    "Webhook": Webhook.of,
    "WebhookDelivery": WebhookDelivery.of,
    "PublicKey": PublicKey.of,
    "DeployKey": DeployKey.of,
    "Runner": Runner.of,
    "Pipeline": Pipeline.of,
    "Team": Team.of,
}


async def resolve_node(info: Info, global_id: str) -> Node | None:
    """The object behind a global id, or None if it does not exist for the viewer."""
    try:
        type_name, pk = decode_global_id(global_id)
    except NotFound:
        return None
    found = await nodes.find_visible(info.context, type_name, pk)
    return NODE_TYPES[type_name](found.row) if found else None


@strawberry.type
class Query:
    rate_limit = strawberry.field(
        resolver=rate_limit,
        description="GitHub's rateLimit: the budget this request drew on (the same as "
        "REST's X-RateLimit-* headers) and its cost.",
    )
    search = strawberry.field(
        resolver=search,
        description="GitHub's search syntax (repo:, is:open|closed|issue|pr, author:, label:, "
        "assignee:, in:title|body) over what the viewer may read.",
    )

    @strawberry.field(description="The signed-in user, or null for an anonymous caller.")
    def viewer(self, info: Info) -> User | None:
        account = info.context.actor.account
        return User(model=account) if account else None

    @strawberry.field(description="The access token this request was made with; null without one.")
    async def current_access_token(self, info: Info) -> AccessToken | None:
        token = await tokens.current_token(info.context.actor)
        return AccessToken(model=token) if token else None

    @strawberry.field(
        description="Where the first start wrote the password of 'admin', while that is still "
        "its password (the sign-in page's hint); null once it was changed."
    )
    async def initial_admin_password_file(self, info: Info) -> str | None:
        runtime = info.context.runtime
        path = await initial_admin.unchanged_password_file(
            runtime.passwords, runtime.settings.data_dir
        )
        return str(path) if path else None

    @strawberry.field
    async def user(self, info: Info, login: str) -> User | None:
        account = await info.context.account_named(login, AccountKind.USER)
        return User(model=account) if account else None

    @strawberry.field
    async def organization(self, info: Info, login: str) -> Organization | None:
        account = await info.context.account_named(login, AccountKind.ORGANIZATION)
        return Organization(model=account) if account else None

    @strawberry.field(
        description="A repository by owner and name; null if it does not exist for you."
    )
    async def repository(self, info: Info, owner: str, name: str) -> Repository | None:
        repo = await info.context.repository_named(owner, name)
        if repo is None or await info.context.access(repo) < permission.Access.READ:
            return None
        return Repository.of(repo)

    @strawberry.field(
        description="A repository by Kod's flat name (no owner): the viewer's own, else the "
        "one they collaborate on, else, for a site administrator, the one on the server; "
        "several at that step are named in candidates instead."
    )
    async def flat_repository(self, info: Info, name: str) -> FlatRepositoryName:
        return FlatRepositoryName(resolution=await flat_name.resolve(info.context.actor, name))

    @strawberry.field(
        description="Kod's list: repositories the viewer owns or collaborates on (every "
        "readable repository for a site administrator); empty for an anonymous caller."
    )
    async def flat_repositories(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[Repository]:
        found = await flat_name.listed(info.context.actor)
        return await paged(found, Repository.of, first=first, after=after, page=page)

    @strawberry.field(
        description="Pipelines of every repository you can read, newest first (tokens need "
        "workflow:read); 'affiliated' keeps those you own or collaborate on (Kod's list)."
    )
    async def pipelines(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
        status: PipelineStatus | None = None,
        affiliated: bool = False,
    ) -> Connection[Pipeline]:
        query = await pipeline_action.visible_pipelines(
            info.context.actor, model_statuses([status] if status else None), flat=affiliated
        )
        return await pipeline_connection(query, first, after, None, None, page)

    @strawberry.field(description="Users whose login or name contains ``query``.")
    async def users(
        self,
        info: Info,
        query: str = "",
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[User]:
        found = accounts.search_users(query)
        return await paged(found, lambda a: User(model=a), first=first, after=after, page=page)

    @strawberry.field(
        description="Repositories you can read whose name contains ``query`` "
        "(of one owner, by its databaseId, if given)."
    )
    async def repositories(
        self,
        info: Info,
        query: str = "",
        owner_database_id: int | None = None,
        first: int | None = None,
        after: str | None = None,
        page: int | None = None,
    ) -> Connection[Repository]:
        found = await repositories.search_query(info.context.actor, query, owner_database_id)
        return await paged(found, Repository.of, first=first, after=after, page=page)

    @strawberry.field(
        description="The CI runners that are not revoked, oldest first (site administrators)."
    )
    async def runners(self, info: Info) -> list[Runner]:
        return [Runner.of(row) for row in await runners.list_runners(info.context.actor)]

    render_markdown = strawberry.field(
        resolver=render_markdown,
        name="renderMarkdown",
        description="Markdown as sanitized HTML, as bodyHTML renders it: the editors' Preview. "
        "GFM (the default) links #12 and owner/repo#12 (in the repository given by "
        "repositoryId, or by context: 'owner/name' or a URL ending in it) and @login where "
        "the viewer may see them, and keeps line breaks; MARKDOWN renders a plain document. "
        "At most 256 KiB of text.",
    )

    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, str(id))

    @strawberry.field
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > 100:
            raise InvalidInput("At most 100 ids at a time.", field="ids")
        # Together, so the rows each kind loads through the request's loaders come in batches.
        return list(await asyncio.gather(*(resolve_node(info, str(i)) for i in ids)))
