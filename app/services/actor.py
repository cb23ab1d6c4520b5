"""Who is acting, and with which scopes: the input of every authorization decision."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.auth import scopes as sc
from app.errors import Forbidden, Unauthenticated
from app.models import Account
from app.models.runner import Runner


@dataclass(frozen=True)
class Actor:
    """The caller. ``scopes`` is ``None`` for a password sign-in (all scopes)."""

    account: Account | None = None
    token_id: int | None = None
    scopes: frozenset[str] | None = field(default=None)
    # The webhook sender's reader: no account, READ on this one repository and what
    # anyone may read elsewhere (standard webhook payloads are rendered as it).
    reader_of: int | None = None
    # A CI runner on the agent API (no account: user surfaces never see this actor).
    runner: Runner | None = None
    # A claimed pipeline's job token: ``reader_of`` and nothing else, fetch only.
    job: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.account is None

    @property
    def is_site_admin(self) -> bool:
        return self.account is not None and self.account.is_admin and self.has_scope(sc.ADMIN)

    def has_scope(self, scope: str) -> bool:
        return self.account is not None and (self.scopes is None or scope in self.scopes)

    def require_account(self) -> Account:
        if self.account is None:
            raise Unauthenticated("Sign in or send an access token to do this.")
        return self.account

    def require_scope(self, scope: str) -> Account:
        account = self.require_account()
        if not self.has_scope(scope):
            raise Forbidden(f"This token lacks the '{scope}' scope.")
        return account


ANONYMOUS = Actor()


def repository_reader(repository_id: int) -> Actor:
    """An actor that can read exactly the repository ``repository_id`` beyond public data."""
    return Actor(reader_of=repository_id)
