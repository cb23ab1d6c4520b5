"""Entry points: viewer, user, organization, repository, node."""

from __future__ import annotations

import strawberry

from app.errors import InvalidInput, NotFound
from app.models import AccessToken as AccessTokenModel
from app.models import Account, AccountKind, Comment
from app.models import Issue as IssueModel
from app.models import Label as LabelModel
from app.models import Repository as RepositoryModel
from app.services import account as accounts
from app.services import permission
from app.services import repository as repositories
from schema.context import Info
from schema.node import Node, decode_global_id
from schema.types.account import AccessToken, Organization, User
from schema.types.issue import Issue, IssueComment, Label
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
    if type_name == "AccessToken":
        token = await AccessTokenModel.get_or_none(id=pk)
        if token and actor.account and token.user_id == actor.account.id:
            return AccessToken(model=token)
    return None


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
        return Repository.of(repo)

    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, str(id))

    @strawberry.field
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > 100:
            raise InvalidInput("At most 100 ids at a time.", field="ids")
        return [await resolve_node(info, str(i)) for i in ids]
