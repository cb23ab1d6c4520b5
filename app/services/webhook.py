"""Webhooks: who may manage them, creating, editing and deleting them.

Managing a repository's webhooks (and reading their deliveries) needs the
ADMIN role on it (its owner, a site admin, an owner of the owning organization
or an admin collaborator: Gitea's repository "admin") and the ``webhook:read``
or ``webhook:write`` scope. Whoever cannot read the repository gets NOT_FOUND;
a reader gets FORBIDDEN. The secret is stored encrypted with the server key
and only ever decrypted by the sender (``secret_of``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.auth.secret_box import SecretBox
from app.errors import Forbidden, InvalidInput
from app.git import remote as remotes
from app.models import Account, Repository, Webhook, WebhookDelivery
from app.models.columns import check
from app.services import permission
from app.services.actor import Actor
from app.services.webhook_event import EVENTS

TYPES = ("gogs", "gitea", "slack", "discord", "kod", "isurus")
CONTENT_TYPES = ("json", "form")
MAX_SECRET = 1024
MAX_PAYLOAD_QUERY = 20_000
# The secret's associated data: a ciphertext copied into another kind of row fails.
SECRET_CONTEXT = "webhook"  # noqa: S105 (associated data, not a secret)


async def may_manage(actor: Actor, repo: Repository, *, write: bool = False) -> bool:
    """Whether ``actor`` may see (``write``: change) ``repo``'s webhooks; no exception."""
    scope = sc.WEBHOOK_WRITE if write else sc.WEBHOOK_READ
    if not actor.has_scope(scope):
        return False
    return await permission.role_access(actor, repo) >= permission.Access.ADMIN


async def require_manage(actor: Actor, repo: Repository, *, write: bool = False) -> Repository:
    """``repo`` if ``actor`` may manage its webhooks; NotFound when it cannot even read it."""
    await permission.require_read(actor, repo)
    actor.require_account()
    if await permission.role_access(actor, repo) < permission.Access.ADMIN:
        raise Forbidden("Only the repository's owner or an admin can manage its webhooks.")
    scope = sc.WEBHOOK_WRITE if write else sc.WEBHOOK_READ
    if not actor.has_scope(scope):
        raise Forbidden(f"This token lacks the '{scope}' scope.")
    return repo


def check_url(url: str, field: str = "url") -> str:
    """An absolute http(s) URL with a plain host; InvalidInput naming ``field`` otherwise.

    Where it may connect is decided at each delivery (the host may resolve elsewhere
    by then): ``server.webhooks.sender`` with ``importing``'s address policy.
    """
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("http", "https"):
        raise InvalidInput("A webhook URL must start with http:// or https://.", field=field)
    try:
        remotes.parse(url, for_git=False)
    except remotes.UnsafeRemote as exc:
        raise InvalidInput(str(exc).replace("import", "send to"), field=field) from None
    return url


def check_events(events: list[str], field: str = "events") -> list[str]:
    unknown = [event for event in events if event not in EVENTS]
    if unknown:
        raise InvalidInput(
            f"Unknown webhook event '{unknown[0]}'; known events: {', '.join(EVENTS)}.",
            field=field,
        )
    return sorted(set(events), key=EVENTS.index)


def _check_choice(value: str, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise InvalidInput(f"'{field}' must be one of: {', '.join(choices)}.", field=field)
    return value


def _sealed(box: SecretBox, secret: str) -> str:
    if len(secret) > MAX_SECRET:
        raise InvalidInput(f"'secret' is longer than {MAX_SECRET} characters.", field="secret")
    return box.encrypt(secret, SECRET_CONTEXT) if secret else ""


def secret_of(box: SecretBox, webhook: Webhook) -> str:
    """The webhook's secret in clear, for signing only ("" without one)."""
    return box.decrypt(webhook.secret, SECRET_CONTEXT) if webhook.secret else ""


async def _recount(repo: Repository) -> None:
    """Keep the repository's ``active_webhook_count`` right (inside the caller's transaction)."""
    count = await Webhook.filter(repository_id=repo.id, active=True).count()
    await Repository.filter(id=repo.id).update(active_webhook_count=count)
    repo.active_webhook_count = count


async def create_webhook(
    actor: Actor,
    repo: Repository,
    box: SecretBox,
    *,
    url: str,
    events: list[str],
    active: bool = True,
    content_type: str = "json",
    type: str = "gogs",
    secret: str = "",
    payload_query: str = "",
) -> Webhook:
    """A new webhook; ``payload_query`` was validated against the schema by the caller."""
    await require_manage(actor, repo, write=True)
    creator: Account = actor.require_account()
    check(Webhook, "url", check_url(url), name="url")
    events = check_events(events)
    _check_choice(content_type, CONTENT_TYPES, "contentType")
    _check_choice(type, TYPES, "type")
    if len(payload_query) > MAX_PAYLOAD_QUERY:
        raise InvalidInput("'payloadQuery' is too long.", field="payloadQuery")
    async with in_transaction():
        webhook = await Webhook.create(
            repository_id=repo.id,
            url=url,
            events=events,
            active=active,
            content_type=content_type,
            type=type,
            secret=_sealed(box, secret),
            payload_query=payload_query,
            creator_id=creator.id,
        )
        await _recount(repo)
    return webhook


async def update_webhook(
    actor: Actor,
    repo: Repository,
    webhook: Webhook,
    box: SecretBox,
    *,
    url: str | None = None,
    events: list[str] | None = None,
    active: bool | None = None,
    content_type: str | None = None,
    type: str | None = None,
    secret: str | None = None,
    payload_query: str | None = None,
) -> Webhook:
    """Change what is given; ``secret`` None keeps it, "" removes it."""
    await require_manage(actor, repo, write=True)
    if url is not None:
        check(Webhook, "url", check_url(url), name="url")
        webhook.url = url
    if events is not None:
        webhook.events = check_events(events)
    if content_type is not None:
        webhook.content_type = _check_choice(content_type, CONTENT_TYPES, "contentType")
    if type is not None:
        webhook.type = _check_choice(type, TYPES, "type")
    if secret is not None:
        webhook.secret = _sealed(box, secret)
    if payload_query is not None:
        if len(payload_query) > MAX_PAYLOAD_QUERY:
            raise InvalidInput("'payloadQuery' is too long.", field="payloadQuery")
        webhook.payload_query = payload_query
    if active is not None:
        webhook.active = active
    webhook.updated_at = datetime.now(UTC)
    async with in_transaction():
        await webhook.save()
        await _recount(repo)
    return webhook


async def delete_webhook(actor: Actor, repo: Repository, webhook: Webhook) -> None:
    """Delete it and its deliveries (pending ones are never sent)."""
    await require_manage(actor, repo, write=True)
    async with in_transaction():
        await Webhook.filter(id=webhook.id).delete()
        await _recount(repo)


def webhooks_query(repo: Repository) -> QuerySet[Webhook]:
    return Webhook.filter(repository_id=repo.id)


def deliveries_query(webhook: Webhook) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.filter(webhook_id=webhook.id)


async def has_encrypted_secrets(prefix: str) -> str | None:
    """A stored secret not sealed with the key whose ciphertexts start with ``prefix``."""
    row = await Webhook.exclude(secret="").exclude(secret__startswith=prefix).first()
    return row.secret if row else None


async def sample_secret() -> tuple[str, str] | None:
    """One stored ciphertext with its associated data, to prove the key decrypts it."""
    row = await Webhook.exclude(secret="").order_by("id").first()
    return (row.secret, SECRET_CONTEXT) if row else None
