"""Access tokens: minting, authenticating, listing, revoking.

Managing tokens is one rule on every surface (GraphQL and each REST dialect):

- it needs the managing scope of the surface (``sc.TOKEN_MANAGEMENT``): the
  canonical ``admin`` scope, which a password sign-in and a web session hold,
  except where a dialect documents another (Isurus: its ``read`` set, passed
  here as ``dialect``); a token without it may only revoke itself (signing out);
- a token never sees, revokes or mints a token wider than itself: the other
  token's scopes must be a subset of its own.

So a leaked ``repo:read`` token can neither revoke the account's other tokens
nor list them, nor mint itself a sibling that outlives its revocation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q

from app.auth import scopes as sc
from app.auth.token import PREFIX, generate_token, hash_token, looks_like_token
from app.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from app.models import AccessToken, Account
from app.models.prepared import Prepared
from app.services.actor import Actor
from app.services.naming import validate_text

SESSION_LIFETIME = timedelta(days=30)
# last_used_at is written at most this often per token, to keep reads read-only.
_LAST_USED_GRANULARITY = timedelta(minutes=1)


def _now() -> datetime:
    return datetime.now(UTC)


async def create_token(
    actor: Actor,
    name: str,
    requested: list[str] | None,
    *,
    expires_at: datetime | None = None,
    dialect: str | None = None,
    owner: Account | None = None,
    prefix: str = PREFIX,
) -> tuple[AccessToken, str]:
    """Mint a token for the actor (or, for a site admin, for ``owner``); returns it and its secret.

    ``requested`` None means "the scopes I have" (every scope for a password
    sign-in). Needs the managing scope; a token can mint tokens only within
    its own scopes, so a leaked narrow token cannot widen itself. ``prefix`` is one
    of ``app.auth.token.PREFIXES`` (Kod's routes mint ``kod_`` tokens).
    """
    user = require_token_management(actor, dialect)
    if owner is not None and owner.id != user.id:
        if not actor.is_site_admin:
            raise Forbidden("Only a site administrator can create tokens for someone else.")
        user = owner
    validate_text(name, field="name", max_length=255, required=True)
    try:
        if requested is None:
            scopes = list(actor.scopes) if actor.scopes is not None else list(sc.CANONICAL)
        scopes = sc.normalize(requested if requested is not None else scopes, dialect)
    except sc.UnknownScope as exc:
        raise InvalidInput(f"Unknown scope '{exc.scope}'.", field="scopes") from None
    if actor.scopes is not None and not set(scopes) <= actor.scopes:
        raise Forbidden("A token cannot create a token with scopes it does not have itself.")
    if expires_at is not None:
        if expires_at.tzinfo is None:
            expires_at = expires_at.replace(tzinfo=UTC)
        if expires_at <= _now():
            raise InvalidInput("The expiry must be in the future.", field="expiresAt")
    secret = generate_token(prefix)
    token = await AccessToken.create(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        last_eight=secret[-8:],
        scopes=",".join(scopes),
        expires_at=expires_at,
    )
    return token, secret


async def create_session(user: Account) -> tuple[AccessToken, str]:
    """A sign-in token with every scope, expiring after ``SESSION_LIFETIME``."""
    secret = generate_token()
    token = await AccessToken.create(
        user=user,
        name="web session",
        token_hash=hash_token(secret),
        last_eight=secret[-8:],
        scopes=",".join(sc.CANONICAL),
        is_session=True,
        expires_at=_now() + SESSION_LIFETIME,
    )
    return token, secret


async def authenticate_token(secret: str) -> Actor:
    """The actor a token stands for; expired, revoked and unknown tokens are refused alike."""
    if not looks_like_token(secret):
        raise Unauthenticated("The access token is invalid, expired or revoked.")
    token = await _BY_HASH.first(hash_token(secret))
    now = _now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        raise Unauthenticated("The access token is invalid, expired or revoked.")
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_GRANULARITY:
        await AccessToken.filter(id=token.id).update(last_used_at=now)
        token.last_used_at = now
    return Actor(account=token.user, token_id=token.id, scopes=sc.effective(token.scope_list))


# Every authenticated request runs this lookup; the user comes in the same query.
_BY_HASH = Prepared(
    AccessToken,
    1,
    lambda digest: AccessToken.filter(token_hash=digest).select_related("user").limit(1),
)


async def current_token(actor: Actor) -> AccessToken | None:
    """The token the actor's request was made with; None without one."""
    if actor.token_id is None:
        return None
    return await AccessToken.get_or_none(id=actor.token_id)


def require_token_management(actor: Actor, dialect: str | None = None) -> Account:
    """The acting account, if it may manage tokens through ``dialect``'s routes: a password,
    a session, or a token holding the dialect's managing scopes (canonical ``admin``)."""
    user = actor.require_account()
    needed = sc.token_management(dialect)
    if actor.scopes is not None and not set(needed) <= actor.scopes:
        name = sc.dialect_name(needed, dialect)
        raise Forbidden(f"Managing access tokens needs the '{name}' scope.")
    return user


def within(actor: Actor, token: AccessToken) -> bool:
    """Whether ``token`` is no wider than the actor's own credentials."""
    return actor.scopes is None or sc.effective(token.scope_list) <= actor.scopes


def visible_tokens(actor: Actor, dialect: str | None = None, *, all_users: bool = False) -> list[Q]:
    """Filters for the tokens the actor may list: its own, live ones; with ``all_users``
    and a site administrator's credentials, everyone's (Kod's "List all API tokens")."""
    user = require_token_management(actor, dialect)
    live = [Q(revoked_at=None), Q(is_session=False)]
    if all_users and actor.is_site_admin:
        return live
    return [Q(user_id=user.id), *live]


async def list_tokens(
    actor: Actor, dialect: str | None = None, *, all_users: bool = False
) -> list[AccessToken]:
    """The live tokens the actor may list (``visible_tokens``) no wider than its own
    credentials. A user has a few; a whole server's are what a site administrator asked for."""
    found = AccessToken.filter(*visible_tokens(actor, dialect, all_users=all_users))
    return [token for token in await found.order_by("id") if within(actor, token)]


async def revoke_token(actor: Actor, token_id: int, dialect: str | None = None) -> AccessToken:
    """Revoke one token: the actor's own token always; others with the managing scope
    (anyone's for a site admin), if no wider than the actor's. Wider ones do not exist
    for the actor (NotFound, as in the list)."""
    user = actor.require_account()
    if token_id != actor.token_id:
        require_token_management(actor, dialect)
    token = await AccessToken.get_or_none(id=token_id, revoked_at=None)
    if token is None or (token.user_id != user.id and not actor.is_site_admin):
        raise NotFound("No such token.")
    if not within(actor, token):
        raise NotFound("No such token.")
    token.revoked_at = _now()
    await token.save(update_fields=["revoked_at"])
    return token
