"""SSH keys: adding, listing and removing them, and finding the one a client signs with.

Who may do what, on every surface (GraphQL, Kod's ``/kod/keys``, Gogs' key routes):

- an account's public keys are public (as GitHub's ``/users/x/keys``);
- adding or removing one's own key needs ``repo:write`` (``KEY_MANAGEMENT``): a key
  reads and pushes every repository the account can, so a token that cannot push
  cannot mint itself a key that can; a site administrator (with ``admin``) manages
  anyone's keys;
- deploy keys are managed and listed by the repository's admins (owner, organization
  owners, admin collaborators, site administrators) with ``repo:write``; to anyone
  else who can read the repository that is FORBIDDEN, and a repository they cannot
  read does not exist.

A key is registered once across the server, as an account key or a deploy key:
adding it again anywhere is CONFLICT.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from app.auth import public_key
from app.auth import scopes as sc
from app.errors import Conflict, Forbidden, NotFound
from app.models import Account, AccountKind, Repository, SshKey
from app.services import permission
from app.services.actor import Actor
from app.services.naming import validate_text

KEY_MANAGEMENT = sc.KEY_MANAGEMENT
# last_used_at is written at most this often per key: a busy CI key pulls many times a minute.
LAST_USED_GRANULARITY_SECONDS = 60.0
_IN_USE = "This key is already in use on this server (as an account key or a deploy key)."


def _now() -> datetime:
    return datetime.now(UTC)


def _manager_of_keys(actor: Actor, owner: Account | None) -> Account:
    """The account whose keys the actor manages: its own, or (site admins) ``owner``."""
    user = actor.require_scope(KEY_MANAGEMENT)
    if owner is None or owner.id == user.id:
        return user
    if not actor.is_site_admin:
        raise Forbidden("Only a site administrator can manage someone else's keys.")
    if owner.kind != AccountKind.USER:
        raise NotFound("No such user.", field="login")
    return owner


async def _store(fields: dict[str, Any], raw_key: str) -> SshKey:
    parsed = public_key.parse(raw_key)
    if await SshKey.filter(fingerprint=parsed.fingerprint).exists():
        raise Conflict(_IN_USE, field="key")
    try:
        return await SshKey.create(
            **fields,
            key=parsed.text,
            comment=parsed.comment,
            key_type=parsed.key_type,
            fingerprint=parsed.fingerprint,
        )
    except IntegrityError:  # added at the same moment by another request
        raise Conflict(_IN_USE, field="key") from None


def _title(title: str) -> str:
    return validate_text(title, field="title", max_length=255, required=True).strip()


async def add_public_key(
    actor: Actor, title: str, raw_key: str, owner: Account | None = None
) -> SshKey:
    """Add a key to the actor's account (or, for a site admin, to ``owner``'s)."""
    user = _manager_of_keys(actor, owner)
    return await _store({"user_id": user.id, "title": _title(title)}, raw_key)


async def list_public_keys(account: Account) -> list[SshKey]:
    return await SshKey.filter(user_id=account.id).order_by("id")


async def delete_public_key(actor: Actor, pk: int) -> SshKey:
    """Remove one of the actor's keys (anyone's, for a site admin); NotFound for others."""
    user = actor.require_account()
    key = await SshKey.get_or_none(id=pk, user_id__isnull=False)
    if key is None or (key.user_id != user.id and not actor.is_site_admin):
        raise NotFound("No such public key.", field="id")
    actor.require_scope(KEY_MANAGEMENT)
    await key.delete()
    return key


async def get_public_key(actor: Actor, pk: int) -> SshKey:
    """One of the actor's own keys (anyone's, for a site admin)."""
    user = actor.require_account()
    key = await SshKey.get_or_none(id=pk, user_id__isnull=False)
    if key is None or (key.user_id != user.id and not actor.is_site_admin):
        raise NotFound("No such public key.", field="id")
    return key


async def require_deploy_key_manager(actor: Actor, repo: Repository) -> None:
    await permission.require_read(actor, repo)
    actor.require_account()
    if await permission.role_access(actor, repo) < permission.Access.ADMIN:
        raise Forbidden("Only an admin of the repository can manage its deploy keys.")
    if not actor.has_scope(KEY_MANAGEMENT):
        raise Forbidden(f"This token lacks the '{KEY_MANAGEMENT}' scope.")


async def add_deploy_key(
    actor: Actor, repo: Repository, title: str, raw_key: str, *, read_only: bool = True
) -> SshKey:
    await require_deploy_key_manager(actor, repo)
    fields: dict[str, Any] = {
        "repository_id": repo.id,
        "title": _title(title),
        "read_only": read_only,
    }
    return await _store(fields, raw_key)


async def list_deploy_keys(actor: Actor, repo: Repository) -> list[SshKey]:
    await require_deploy_key_manager(actor, repo)
    return await SshKey.filter(repository_id=repo.id).order_by("id")


async def deploy_key_in(actor: Actor, repo: Repository, pk: int) -> SshKey:
    """One deploy key of ``repo``, for its admins."""
    await require_deploy_key_manager(actor, repo)
    key = await SshKey.get_or_none(id=pk, repository_id=repo.id)
    if key is None:
        raise NotFound("No such deploy key.", field="id")
    return key


async def delete_deploy_key(actor: Actor, pk: int) -> SshKey:
    """Remove a deploy key; NotFound unless the actor can read its repository."""
    key = await SshKey.get_or_none(id=pk, repository_id__isnull=False)
    repo = await Repository.get_or_none(id=key.repository_id) if key is not None else None
    if key is None or repo is None:
        raise NotFound("No such deploy key.", field="id")
    try:
        await permission.require_read(actor, repo)
    except NotFound:
        raise NotFound("No such deploy key.", field="id") from None
    await require_deploy_key_manager(actor, repo)
    await key.delete()
    return key


async def find_by_fingerprint(fingerprint: str) -> SshKey | None:
    """The key a client offers, with its account or repository; looked up afresh on every
    connection, so a removed key or a deleted account stops working at once."""
    if len(fingerprint) > 64:
        return None
    return await SshKey.get_or_none(fingerprint=fingerprint).select_related("user", "repository")


async def touch(key: SshKey) -> None:
    """Record a use of the key, at most once a minute."""
    now = _now()
    if key.touched_recently(now, LAST_USED_GRANULARITY_SECONDS):
        return
    await SshKey.filter(id=key.id).update(last_used_at=now)
    key.last_used_at = now
