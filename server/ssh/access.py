"""Who an SSH connection acts as, and which repository a command's path names for them.

The key is looked up again for every command (not only at sign-in), so a key
removed, an account deleted or a repository made private stops working at once,
even on a connection kept open (``ControlMaster``). The decision itself is the
HTTPS path's: ``app.services.git_access`` for accounts and anonymous readers, and
its ``deploy_key_grant`` for deploy keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import Conflict, Forbidden, NotFound, Unauthenticated
from app.models import Repository, SshKey
from app.services import flat_name, git_access
from app.services import repository as repositories
from app.services import ssh_key as ssh_keys
from app.services.actor import ANONYMOUS, Actor
from app.services.git_access import GitGrant
from app.services.rate_limit import Decision, RateLimiter
from app.services.runtime import Storage
from server.ssh.command import RepositoryPath

NOT_FOUND = "fatal: Ingot: repository not found."


@dataclass(frozen=True)
class Identity:
    """What a connection authenticated as: a key (by fingerprint), or no key (anonymous)."""

    fingerprint: str | None
    label: str

    @property
    def is_anonymous(self) -> bool:
        return self.fingerprint is None


class KeyGone(Exception):
    """The key was removed (or its account deleted) since the connection began."""


@dataclass(frozen=True)
class Caller:
    """The identity as it stands for one command."""

    actor: Actor
    key: SshKey | None

    @property
    def deploy_key(self) -> SshKey | None:
        return self.key if self.key is not None and self.key.is_deploy_key else None

    async def budget(self, limiter: RateLimiter, address: str) -> Decision:
        """The HTTP budgets: an account's, a deploy key's own, or the address's."""
        if self.deploy_key is not None:
            return await limiter.check_ssh_key(self.deploy_key.id)
        account = self.actor.account
        return await limiter.check_account(account.id if account else None, address)


async def caller(identity: Identity) -> Caller:
    if identity.fingerprint is None:
        return Caller(ANONYMOUS, None)
    key = await ssh_keys.find_by_fingerprint(identity.fingerprint)
    if key is None or (key.user_id is None and key.repository_id is None):
        raise KeyGone
    if key.user_id is not None:
        if key.user is None or not key.user.is_active:
            raise KeyGone  # A disabled account's keys open nothing.
        return Caller(Actor(account=key.user), key)
    return Caller(ANONYMOUS, key)


async def find(who: Caller, path: RepositoryPath) -> Repository | None:
    """The repository ``path`` names for the caller; Conflict for an ambiguous flat name."""
    if path.owner is not None:
        return await repositories.find(path.owner, path.name)
    deploy = who.deploy_key
    if deploy is not None:
        repo: Repository | None = deploy.repository
        return repo if repo is not None and repo.name.lower() == path.name.lower() else None
    if who.actor.account is not None:
        resolution = await flat_name.resolve(who.actor, path.name)
    else:
        resolution = await flat_name.resolve_public(path.name)
    if resolution.candidates:
        raise Conflict(flat_name.ambiguous_message(path.name, resolution.candidates))
    return resolution.repository


async def grant(store: Storage, who: Caller, path: RepositoryPath, *, write: bool) -> GitGrant:
    """The grant to run git on ``path``; NotFound (one message for missing and private),
    Forbidden or Conflict otherwise."""
    deploy = who.deploy_key
    if write and deploy is None and who.actor.is_anonymous:
        raise Forbidden("Ingot: anonymous access is read-only; push with a registered key.")
    repo = await find(who, path)
    if deploy is not None:
        assert deploy.repository_id is not None
        return await git_access.deploy_key_grant(
            store, deploy.repository_id, deploy.read_only, repo, write=write
        )
    try:
        return await git_access.grant_on(store, who.actor, repo, write=write)
    except Unauthenticated:
        # Over HTTPS git would ask for a token; over SSH there is nothing to ask.
        raise NotFound(NOT_FOUND) from None
