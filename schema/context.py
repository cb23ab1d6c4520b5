"""The one request context, built the same way for GraphQL and for every REST dialect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection
from strawberry.types import Info as StrawberryInfo

from app.models import Account, AccountKind, Repository
from app.services import permission, session
from app.services.actor import Actor
from app.services.runtime import Runtime
from schema.eventually import Eventually
from schema.limits import DEFAULT_LIMITS, Limits
from schema.loaders import Loaders


@dataclass
class Context:
    request: HTTPConnection | None
    actor: Actor
    loaders: Loaders
    base_url: str
    # The application's storage roots, job queue and policies.
    runtime: Runtime
    # Repositories opened with pygit2 during this request, by id.
    repositories: dict[int, Any] = field(default_factory=dict)
    # Set by mutations that mint a token, so a transport can show it once.
    extras: dict[str, Any] = field(default_factory=dict)
    # What an operation sent to ``schema.execute`` may ask for (validated per document).
    limits: Limits = DEFAULT_LIMITS

    async def account(self, pk: int) -> Account | None:
        return await self.loaders.accounts_by_id.load(pk)

    async def repository(self, pk: int) -> Repository | None:
        return await self.loaders.repositories_by_id.load(pk)

    async def account_named(self, login: str, kind: AccountKind) -> Account | None:
        """The account of this login and kind, looked up once per request; loading it
        by id afterwards is free."""
        account = await self.loaders.accounts_by_login.load(login)
        if account is None or account.kind != kind:
            return None
        self.loaders.accounts_by_id.prime(account.id, account)
        return account

    async def repository_named(self, owner: str, name: str) -> Repository | None:
        """The repository at ``owner/name`` (readable or not), looked up once per request;
        loading it or its owner by id afterwards is free."""
        repo = await self.loaders.repositories_by_path.load((owner, name))
        if repo is not None:
            self.loaders.repositories_by_id.prime(repo.id, repo)
            # The lookup joined the owner, whose login is ``owner`` up to case.
            self.loaders.accounts_by_id.prime(repo.owner_id, repo.owner)
            self.loaders.accounts_by_login.prime(owner, repo.owner)
        return repo

    async def access(self, repo: Repository) -> permission.Access:
        """The viewer's access to ``repo``, memberships and collaborations batched per request."""
        return await self._access(repo)

    def access_now(self, repo: Repository) -> Eventually[permission.Access]:
        """``access``, given at once when it needs no lookup (anonymous viewer, owner)."""
        account = self.actor.account
        if account is None or repo.owner_id == account.id:
            return permission.narrow(self.actor, repo, permission.role_for(self.actor, repo, None))
        return self._access(repo)

    async def _access(self, repo: Repository) -> permission.Access:
        member = collaborator = None
        team = permission.Access.NONE
        account = self.actor.account
        if account is not None and repo.owner_id != account.id:
            member = await self.loaders.viewer_memberships.load(repo.owner_id)
            collaborator = await self.loaders.viewer_collaborations.load(repo.id)
            if permission.teams_may_raise(account, member):
                owner = await self.account(repo.owner_id)
                if owner is not None and owner.is_organization:
                    teams = await self.loaders.viewer_team_permissions.load(repo.id)
                    team = permission.team_access(teams)
        role = permission.role_for(self.actor, repo, member, collaborator, team=team)
        return permission.narrow(self.actor, repo, role)


Info = StrawberryInfo[Context, None]


def context_for(
    actor: Actor,
    base_url: str,
    request: HTTPConnection | None = None,
    *,
    runtime: Runtime,
    limits: Limits = DEFAULT_LIMITS,
) -> Context:
    account = actor.account
    return Context(
        request=request,
        actor=actor,
        loaders=Loaders(account.id if account else None),
        base_url=base_url,
        runtime=runtime,
        limits=limits,
    )


async def build_context(
    request: HTTPConnection,
    base_url: str,
    *,
    allow_password: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    accept_runner: bool = False,
) -> Context:
    """Authenticate the request and build its context; raises Unauthenticated.

    ``accept_runner``: the CI agent API, whose callers are runners (``app.services.runner``).

    The runtime is the one the composition root left on ``app.state.runtime``.
    """
    runtime = request.app.state.runtime
    actor = await session.authenticate_request(
        request.scope.setdefault("state", {}),
        request.headers,
        request.query_params,
        passwords=runtime.passwords if allow_password else None,
        accept_runner=accept_runner,
        limit=runtime.sign_in,
    )
    return context_for(actor, base_url, request, runtime=runtime, limits=limits)
