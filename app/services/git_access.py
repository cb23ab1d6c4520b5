"""Who may fetch from or push to a repository over git: the decision, not the transport.

The web handler turns the errors raised here into HTTP statuses: Unauthenticated
is 401 (git then asks for credentials), NotFound 404, Forbidden 403. A
repository the caller cannot read is 401 to an anonymous caller (it may exist
for someone who signs in) and 404 to a signed-in one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.auth.credentials import MalformedCredentials, parse
from app.auth.token import looks_like_token
from app.errors import Forbidden, NotFound, Unauthenticated
from app.models import Repository
from app.services import job_token, permission, session
from app.services import mirror as mirrors
from app.services import repository as repositories
from app.services.actor import ANONYMOUS, Actor
from app.services.runtime import Storage

PASSWORD_HINT = "Ingot: account passwords are not accepted for git. Use an access token as the password (any user name works)."  # noqa: S105, E501
SIGN_IN = "Ingot: authentication required; use an access token as the password."


@dataclass(frozen=True)
class GitGrant:
    """Permission to run one git service on one repository."""

    repository: Repository
    actor: Actor
    path: Path
    write: bool


def _plausible(owner: str, name: str) -> bool:
    """Cheap refusal of path segments no account or repository can have."""
    return all(
        part and not part.startswith(("-", ".")) and "/" not in part and "\\" not in part
        for part in (owner, name)
    )


async def actor_for(headers: Mapping[str, str], query: Mapping[str, str]) -> Actor:
    """The caller behind a git request; a Basic password must be a token. A CI job
    token (``app.services.job_token``) is an actor reading its one repository."""
    try:
        credentials = parse(headers, query)
    except MalformedCredentials as exc:
        raise Unauthenticated(f"Ingot: {exc}") from None
    if credentials is not None and job_token.is_job_token(credentials.secret):
        try:
            return Actor(reader_of=await job_token.repository_of(credentials.secret), job=True)
        except Unauthenticated as exc:
            raise Unauthenticated(f"Ingot: {exc.message}") from None
    if (
        credentials is not None
        and credentials.kind == "basic"
        and not looks_like_token(credentials.secret)
    ):
        raise Unauthenticated(PASSWORD_HINT)
    return await session.authenticate(credentials)


async def authorize(
    store: Storage,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    owner: str,
    name: str,
    *,
    write: bool,
) -> GitGrant:
    """The grant to fetch (``write`` False) or push (``write`` True), or an error saying why not."""
    actor = await actor_for(headers, query)
    return await grant_for(store, actor, owner, name, write=write)


async def grant_for(
    store: Storage, actor: Actor, owner: str, name: str, *, write: bool
) -> GitGrant:
    """The decision for an actor already known (a token's over HTTP, a key's account over SSH).

    Unauthenticated for an anonymous caller of a repository it cannot read (it may
    exist for someone who signs in), NotFound for anyone else; Forbidden to push
    where the actor may only read.
    """
    repo = await repositories.find(owner, name) if _plausible(owner, name) else None
    return await grant_on(store, actor, repo, write=write)


async def grant_on(
    store: Storage, actor: Actor, repo: Repository | None, *, write: bool
) -> GitGrant:
    """``grant_for`` a repository already looked up (None: there is none)."""
    if actor.job:
        # A job token reads its own repository and nothing else, not even public ones.
        if repo is None or repo.id != actor.reader_of:
            raise NotFound("Ingot: repository not found.")
        if write:
            raise Forbidden("Ingot: a CI job token can only fetch.")
    try:
        if write:
            repo = await permission.require_access(actor, repo, permission.Access.WRITE)
        else:
            repo = await permission.require_read(actor, repo)
    except NotFound:
        if actor.is_anonymous:
            raise Unauthenticated(SIGN_IN) from None
        raise NotFound("Ingot: repository not found.") from None
    return await _granted(store, repo, actor, write)


async def deploy_key_grant(
    store: Storage, key_repository_id: int, read_only: bool, repo: Repository | None, *, write: bool
) -> GitGrant:
    """A deploy key reaches its own repository only (private or not), and pushes only when
    it is not read-only. It acts for no account: pushes are recorded without a pusher,
    and protected branches stay closed to it."""
    if repo is None or repo.id != key_repository_id:
        raise NotFound("Ingot: repository not found.")
    if write and read_only:
        raise Forbidden("Ingot: this deploy key is read-only.")
    return await _granted(store, repo, ANONYMOUS, write)


async def _granted(store: Storage, repo: Repository, actor: Actor, write: bool) -> GitGrant:
    if write and repo.is_mirror:
        # Its refs follow the source: a push would be overwritten by the next sync.
        raise Forbidden(f"Ingot: {mirrors.READ_ONLY}")
    path = await repositories.path_of(store, repo)
    if not path.is_dir():
        raise NotFound("Ingot: repository not found.")
    return GitGrant(repository=repo, actor=actor, path=path, write=write)
