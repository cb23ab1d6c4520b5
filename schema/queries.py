"""Entry points: viewer, user, organization, repository, node."""

from __future__ import annotations

import strawberry

from app.errors import InvalidInput, NotFound
from app.models import AccessToken as AccessTokenModel
from app.models import Account, AccountKind, Comment
from app.models import Activity as ActivityModel
from app.models import BranchProtectionRule as BranchProtectionRuleModel
from app.models import Issue as IssueModel
from app.models import Label as LabelModel
from app.models import Milestone as MilestoneModel
from app.models import PullRequest as PullRequestModel
from app.models import PullRequestComment as PullRequestCommentModel
from app.models import Push as PushModel
from app.models import Release as ReleaseModel
from app.models import ReleaseAsset as ReleaseAssetModel
from app.models import Repository as RepositoryModel
from app.services import account as accounts
from app.services import permission
from app.services import repository as repositories
from schema.context import Info
from schema.node import Node, decode_global_id
from schema.types.account import AccessToken, Organization, User
from schema.types.activity import Activity
from schema.types.connection import Connection, paged
from schema.types.issue import Issue, IssueComment, Label
from schema.types.milestone import Milestone
from schema.types.pull_request import PullRequest, PullRequestComment
from schema.types.push import BranchProtectionRule, Push
from schema.types.release import Release, ReleaseAsset
from schema.types.repository import Repository


async def resolve_node(info: Info, global_id: str) -> Node | None:
    """The object behind a global id, or None if it does not exist for the viewer."""
    try:
        type_name, pk = decode_global_id(global_id)
    except NotFound:
        return None
    actor = info.context.actor
    if type_name in {"User", "Organization"}:
        account = await Account.get_or_none(id=pk)
        if account is None or (type_name == "Organization") != account.is_organization:
            return None
        return Organization(model=account) if account.is_organization else User(model=account)
    if type_name == "Repository":
        repo = await RepositoryModel.get_or_none(id=pk)
        return Repository.of(repo) if repo and await _readable(info, repo) else None
    if type_name == "Issue":
        issue = await IssueModel.get_or_none(id=pk)
        return Issue.of(issue) if issue and await _readable_id(info, issue.repository_id) else None
    if type_name == "IssueComment":
        comment = await Comment.get_or_none(id=pk).select_related("issue")
        if comment and await _readable_id(info, comment.issue.repository_id):
            return IssueComment(model=comment)
        return None
    if type_name == "Label":
        label = await LabelModel.get_or_none(id=pk)
        return Label.of(label) if label and await _readable_id(info, label.repository_id) else None
    if type_name == "Push":
        push = await PushModel.get_or_none(id=pk)
        return Push.of(push) if push and await _readable_id(info, push.repository_id) else None
    if type_name == "BranchProtectionRule":
        rule = await BranchProtectionRuleModel.get_or_none(id=pk)
        if rule and await _readable_id(info, rule.repository_id):
            return BranchProtectionRule.of(rule)
        return None
    if type_name in {"PullRequest", "PullRequestComment"}:
        return await _resolve_pull_request_node(info, type_name, pk)
    if type_name == "Milestone":
        milestone = await MilestoneModel.get_or_none(id=pk)
        if milestone and await _readable_id(info, milestone.repository_id):
            return Milestone.of(milestone)
        return None
    if type_name in {"Release", "ReleaseAsset"}:
        return await _release_node(info, type_name, pk)
    if type_name == "Activity":
        event = await ActivityModel.get_or_none(id=pk)
        return (
            Activity.of(event) if event and await _readable_id(info, event.repository_id) else None
        )
    if type_name == "AccessToken":
        token = await AccessTokenModel.get_or_none(id=pk)
        if token and actor.account and token.user_id == actor.account.id:
            return AccessToken(model=token)
    return None


async def _resolve_pull_request_node(info: Info, type_name: str, pk: int) -> Node | None:
    if type_name == "PullRequest":
        pr = await PullRequestModel.get_or_none(id=pk)
        if pr and await _readable_id(info, pr.repository_id):
            return PullRequest.of(pr)
        return None
    comment = await PullRequestCommentModel.get_or_none(id=pk).select_related("pull_request")
    if comment and await _readable_id(info, comment.pull_request.repository_id):
        return PullRequestComment(model=comment)
    return None


async def _release_node(info: Info, type_name: str, pk: int) -> Node | None:
    """A release or asset; drafts exist only for those with WRITE."""
    asset = await ReleaseAssetModel.get_or_none(id=pk) if type_name == "ReleaseAsset" else None
    release_id = asset.release_id if asset else pk
    if type_name == "ReleaseAsset" and asset is None:
        return None
    release = await ReleaseModel.get_or_none(id=release_id)
    if release is None:
        return None
    repo = await info.context.loaders.repositories_by_id.load(release.repository_id)
    if repo is None:
        return None
    access = await info.context.access(repo)
    wanted = permission.Access.WRITE if release.is_draft else permission.Access.READ
    if access < wanted:
        return None
    return ReleaseAsset(model=asset, release=release) if asset else Release.of(release)


async def _readable(info: Info, repo: RepositoryModel) -> bool:
    return await info.context.access(repo) >= permission.Access.READ


async def _readable_id(info: Info, repository_id: int) -> bool:
    repo = await info.context.loaders.repositories_by_id.load(repository_id)
    return repo is not None and await _readable(info, repo)


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in user, or null for an anonymous caller.")
    def viewer(self, info: Info) -> User | None:
        account = info.context.actor.account
        return User(model=account) if account else None

    @strawberry.field(description="The access token this request was made with; null without one.")
    async def current_access_token(self, info: Info) -> AccessToken | None:
        token_id = info.context.actor.token_id
        if token_id is None:
            return None
        token = await AccessTokenModel.get_or_none(id=token_id)
        return AccessToken(model=token) if token else None

    @strawberry.field
    async def user(self, info: Info, login: str) -> User | None:
        account = await accounts.get_account(login, AccountKind.USER)
        return User(model=account) if account else None

    @strawberry.field
    async def organization(self, info: Info, login: str) -> Organization | None:
        account = await accounts.get_account(login, AccountKind.ORGANIZATION)
        return Organization(model=account) if account else None

    @strawberry.field(
        description="A repository by owner and name; null if it does not exist for you."
    )
    async def repository(self, info: Info, owner: str, name: str) -> Repository | None:
        repo = await repositories.find(owner, name)
        if repo is None or not await _readable(info, repo):
            return None
        # find() joined the owner: spare the loader its query.
        info.context.loaders.accounts_by_id.prime(repo.owner_id, repo.owner)
        return Repository.of(repo)

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

    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, str(id))

    @strawberry.field
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > 100:
            raise InvalidInput("At most 100 ids at a time.", field="ids")
        return [await resolve_node(info, str(i)) for i in ids]
