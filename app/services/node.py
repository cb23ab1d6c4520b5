"""Any object by its type name and database id, and whether the viewer may see it.

One table (``KINDS``) says, for each kind of object, how its row loads and which
repository's access decides who sees it. The GraphQL ``node`` field and every
mutation input that holds an id look objects up here, so a private object is
missing on every path alike.

The caller passes a ``Viewer``: the actor, with its repository and account
loads and its access checks batched and cached for the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from tortoise.models import Model

from app.models import (
    AccessToken,
    Account,
    Activity,
    BranchProtectionRule,
    Comment,
    Issue,
    Label,
    Milestone,
    Pipeline,
    PullRequest,
    PullRequestComment,
    Push,
    Release,
    ReleaseAsset,
    Repository,
    Runner,
    SshKey,
    Team,
    Webhook,
    WebhookDelivery,
)
from app.services import pipeline_action
from app.services import team as teams
from app.services import webhook as webhooks
from app.services.actor import Actor
from app.services.permission import Access

M = TypeVar("M", bound=Model)


class Viewer(Protocol):
    """Who looks, and the per-request loads a lookup goes through (a request's context)."""

    @property
    def actor(self) -> Actor: ...

    async def account(self, pk: int) -> Account | None:
        """The account with this id, loaded at most once per request."""
        ...

    async def repository(self, pk: int) -> Repository | None:
        """The repository with this id, loaded at most once per request."""
        ...

    async def access(self, repo: Repository) -> Access:
        """The actor's access to ``repo``, token scopes applied."""
        ...


@dataclass(frozen=True)
class NodeKind:
    """How one kind of object loads, and who may see it.

    ``repository_of`` names the repository whose READ access decides visibility
    (``needs`` may ask for more: drafts need WRITE; ``guard`` more still: webhooks
    need the repository's ADMIN role and a webhook scope); an object outside any
    repository has none, and ``allows`` decides instead.
    """

    load: Callable[[Viewer, int], Awaitable[Any]]
    repository_of: Callable[[Any], int | None] | None = None
    needs: Callable[[Any], Access] = lambda row: Access.READ
    allows: Callable[[Actor, Any], bool] = lambda actor, row: True
    guard: Callable[[Actor, Repository], Awaitable[bool]] | None = None


@dataclass(frozen=True)
class Located(Generic[M]):
    """An object that exists for the viewer: its row, and the repository it lives in.

    ``visible`` is False when the viewer can read the repository but not this
    object in it (a draft release without WRITE).
    """

    row: M
    repository: Repository | None
    visible: bool


def _get(model: type[Model], *related: str) -> Callable[[Viewer, int], Awaitable[Any]]:
    async def load(viewer: Viewer, pk: int) -> Any:
        query = model.get_or_none(id=pk)
        return await (query.select_related(*related) if related else query)

    return load


async def _account(viewer: Viewer, pk: int) -> Account | None:
    return await viewer.account(pk)


async def _repository(viewer: Viewer, pk: int) -> Repository | None:
    return await viewer.repository(pk)


def _repository_id(row: Any) -> int | None:
    repository_id: int | None = row.repository_id
    return repository_id


def _draft_needs_write(release: Release) -> Access:
    return Access.WRITE if release.is_draft else Access.READ


def _key(deploy: bool) -> Callable[[Viewer, int], Awaitable[Any]]:
    async def load(viewer: Viewer, pk: int) -> SshKey | None:
        return await SshKey.get_or_none(id=pk, repository_id__isnull=not deploy)

    return load


def _own_token(actor: Actor, token: AccessToken) -> bool:
    return actor.account is not None and token.user_id == actor.account.id


async def _team(viewer: Viewer, pk: int) -> Team | None:
    # Visible to the organization's members, the team's members and site admins only.
    return await teams.get_visible(viewer.actor, pk)


KINDS: dict[str, NodeKind] = {
    "User": NodeKind(_account, allows=lambda actor, account: not account.is_organization),
    "Organization": NodeKind(_account, allows=lambda actor, account: account.is_organization),
    "Repository": NodeKind(_repository, repository_of=lambda repo: repo.id),
    "Issue": NodeKind(_get(Issue), _repository_id),
    "IssueComment": NodeKind(_get(Comment, "issue"), lambda comment: comment.issue.repository_id),
    "Label": NodeKind(_get(Label), _repository_id),
    "Milestone": NodeKind(_get(Milestone), _repository_id),
    "PullRequest": NodeKind(_get(PullRequest), _repository_id),
    "PullRequestComment": NodeKind(
        _get(PullRequestComment, "pull_request"),
        lambda comment: comment.pull_request.repository_id,
    ),
    "Push": NodeKind(_get(Push), _repository_id),
    "BranchProtectionRule": NodeKind(_get(BranchProtectionRule), _repository_id),
    "Release": NodeKind(_get(Release), _repository_id, needs=_draft_needs_write),
    "ReleaseAsset": NodeKind(
        _get(ReleaseAsset, "release"),
        lambda asset: asset.release.repository_id,
        needs=lambda asset: _draft_needs_write(asset.release),
    ),
    "Activity": NodeKind(_get(Activity), _repository_id),
    "AccessToken": NodeKind(_get(AccessToken), allows=_own_token),
    "Webhook": NodeKind(_get(Webhook), _repository_id, guard=webhooks.may_manage),
    "WebhookDelivery": NodeKind(_get(WebhookDelivery), _repository_id, guard=webhooks.may_manage),
    # Account keys are public (as on GitHub); a deploy key is its repository admins' business.
    "PublicKey": NodeKind(_key(deploy=False)),
    "DeployKey": NodeKind(_key(deploy=True), _repository_id, needs=lambda key: Access.ADMIN),
    "Pipeline": NodeKind(_get(Pipeline), _repository_id, guard=pipeline_action.may_read),
    "Team": NodeKind(_team),
    # Runners are the site administrators' business (revoked ones are gone).
    "Runner": NodeKind(
        _get(Runner), allows=lambda actor, runner: actor.is_site_admin and runner.is_usable()
    ),
}


async def locate(viewer: Viewer, type_name: str, pk: int) -> Located[Any] | None:
    """The object, if it exists and the viewer can read the repository it lives in
    (or, outside repositories, its kind allows the viewer); None otherwise."""
    kind = KINDS.get(type_name)
    if kind is None:
        return None
    row = await kind.load(viewer, pk)
    if row is None:
        return None
    if kind.repository_of is None:
        return Located(row, None, True) if kind.allows(viewer.actor, row) else None
    repository_id = kind.repository_of(row)
    repo = await viewer.repository(repository_id) if repository_id is not None else None
    if repo is None:
        return None
    access = await viewer.access(repo)
    if access < Access.READ:
        return None
    visible = access >= kind.needs(row)
    if visible and kind.guard is not None:
        visible = await kind.guard(viewer.actor, repo)
    return Located(row, repo, visible)


async def find_visible(viewer: Viewer, type_name: str, pk: int) -> Located[Any] | None:
    """The object, if the viewer may see it; None for one that is missing or private."""
    found = await locate(viewer, type_name, pk)
    return found if found is not None and found.visible else None
