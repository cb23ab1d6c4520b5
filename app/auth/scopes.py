"""The canonical permission set and how every dialect's scope names map onto it.

| dialect scope              | canonical scopes                                        |
|----------------------------|---------------------------------------------------------|
| Gogs / konnos ``repo``     | repo:read, repo:write, repo:delete                      |
| Isurus ``read``            | repo:read, collaborator:read, workflow:read, webhook:read  |
| Isurus ``write``           | Isurus read + repo:write, collaborator:write,              |
|                            | webhook:write, workflow:trigger                            |
| Isurus ``admin``           | Isurus write + repo:delete, admin                       |
| OpenCodeHub ``repo``       | repo:read, repo:write, repo:delete                      |
| OpenCodeHub ``pr``         | repo:read, pull_request:write                           |
| Kod                        | the canonical names themselves                          |

``pull_request:write`` opens, comments on and edits pull requests and nothing
else: no pushes, no new repositories, no issues, no merges. ``repo:write``
holds it too (``effective``), so every token that could open a pull request
before the narrower scope existed still can.

``admin`` also passes the secrets checks (Kod: "admin implies both"): the
check itself accepts it (``app.services.ci_secret``), so a token holding
``admin`` still cannot mint one holding ``secrets:write``.

``admin`` is needed for organization management and, together with the
account's admin flag, for site administration.

Managing access tokens (``TOKEN_MANAGEMENT``) needs the canonical ``admin``
scope, except where a dialect documents its own: Isurus' token routes are
``Scope: read``, so there Isurus ``read`` manages tokens. A token never lists,
revokes or mints a token wider than itself on any surface (app/services/token.py).

Managing SSH keys (``KEY_MANAGEMENT``: one's own account keys, and a repository's
deploy keys as its admin) needs ``repo:write`` on every surface (GraphQL, Kod's
``/keys``, Gogs' key routes): a key reads and pushes what its account can, so a
token that cannot push cannot mint itself a key that can. Kod's documented default
token (``repo:read``, ``repo:write``) and Gogs' ``repo`` hold it. Account keys are
public to read (app/services/ssh_key.py).

Following or unfollowing a user (``FOLLOW``) needs ``repo:write`` on every surface: a
read-only token changes nothing. Adding or removing one's email addresses is a profile
change and needs ``admin`` (app/services/email_address.py), like ``updateViewer``.
"""

from __future__ import annotations

from collections.abc import Iterable

REPO_READ = "repo:read"
REPO_WRITE = "repo:write"
REPO_DELETE = "repo:delete"
PULL_REQUEST_WRITE = "pull_request:write"
COLLABORATOR_READ = "collaborator:read"
COLLABORATOR_WRITE = "collaborator:write"
WORKFLOW_READ = "workflow:read"
WORKFLOW_TRIGGER = "workflow:trigger"
SECRETS_READ = "secrets:read"
SECRETS_WRITE = "secrets:write"
WEBHOOK_READ = "webhook:read"
WEBHOOK_WRITE = "webhook:write"
ADMIN = "admin"

CANONICAL: tuple[str, ...] = (
    REPO_READ,
    REPO_WRITE,
    REPO_DELETE,
    PULL_REQUEST_WRITE,
    COLLABORATOR_READ,
    COLLABORATOR_WRITE,
    WORKFLOW_READ,
    WORKFLOW_TRIGGER,
    SECRETS_READ,
    SECRETS_WRITE,
    WEBHOOK_READ,
    WEBHOOK_WRITE,
    ADMIN,
)

_ISURUS_READ = (REPO_READ, COLLABORATOR_READ, WORKFLOW_READ, WEBHOOK_READ)
_ISURUS_WRITE = (
    *_ISURUS_READ,
    REPO_WRITE,
    COLLABORATOR_WRITE,
    WEBHOOK_WRITE,
    WORKFLOW_TRIGGER,
)

DIALECT_SCOPES: dict[str, dict[str, tuple[str, ...]]] = {
    "gogs": {"repo": (REPO_READ, REPO_WRITE, REPO_DELETE)},
    "isurus": {
        "read": _ISURUS_READ,
        "write": _ISURUS_WRITE,
        "admin": (*_ISURUS_WRITE, REPO_DELETE, ADMIN),
    },
    "opencodehub": {
        "repo": (REPO_READ, REPO_WRITE, REPO_DELETE),
        "pr": (REPO_READ, PULL_REQUEST_WRITE),
    },
}

# What adding or removing an SSH key (account or deploy key) needs, on every surface.
KEY_MANAGEMENT = REPO_WRITE

# What following or unfollowing a user needs, on every surface (GraphQL followUser, Gogs'
# PUT/DELETE /user/following): a write, so a read-only token cannot; Gogs' ``repo`` and
# Kod's default token hold it. Reading who follows whom is public.
FOLLOW = REPO_WRITE

# The scopes that manage the account's access tokens, per dialect (all of them held);
# a dialect not listed here, and GraphQL without a dialect, needs the canonical admin.
TOKEN_MANAGEMENT: dict[str, tuple[str, ...]] = {
    "isurus": _ISURUS_READ,
}
_TOKEN_MANAGEMENT_DEFAULT: tuple[str, ...] = (ADMIN,)


def token_management(dialect: str | None) -> tuple[str, ...]:
    """The canonical scopes a token needs to manage tokens through ``dialect``'s routes."""
    return TOKEN_MANAGEMENT.get(dialect or "", _TOKEN_MANAGEMENT_DEFAULT)


def dialect_name(canonical: tuple[str, ...], dialect: str | None) -> str:
    """The dialect's name for exactly this canonical set, else the canonical names."""
    for name, implied in DIALECT_SCOPES.get(dialect or "", {}).items():
        if set(implied) == set(canonical):
            return name
    return ", ".join(canonical)


# What a scope implies: writing a repository implies reading it.
_IMPLIES: dict[str, tuple[str, ...]] = {
    REPO_WRITE: (REPO_READ,),
    REPO_DELETE: (REPO_READ,),
    PULL_REQUEST_WRITE: (REPO_READ,),
    COLLABORATOR_WRITE: (COLLABORATOR_READ,),
    SECRETS_WRITE: (SECRETS_READ,),
    WEBHOOK_WRITE: (WEBHOOK_READ,),
    WORKFLOW_TRIGGER: (WORKFLOW_READ,),
}


# What a held scope also grants without being stored on the token: writing a
# repository includes writing its pull requests.
_GRANTS: dict[str, tuple[str, ...]] = {REPO_WRITE: (PULL_REQUEST_WRITE,)}


def effective(scopes: Iterable[str]) -> frozenset[str]:
    """What a token holding ``scopes`` may do: its scopes and what they grant."""
    held = set(scopes)
    for scope in list(held):
        held.update(_GRANTS.get(scope, ()))
    return frozenset(held)


class UnknownScope(ValueError):
    def __init__(self, scope: str) -> None:
        super().__init__(f"unknown scope {scope!r}")
        self.scope = scope


def normalize(scopes: Iterable[str], dialect: str | None = None) -> list[str]:
    """Canonical, de-duplicated, implied scopes in canonical order.

    Accepts canonical names everywhere and the dialect's own names where given.
    """
    table = DIALECT_SCOPES.get(dialect or "", {})
    wanted: set[str] = set()
    for raw in scopes:
        scope = raw.strip()
        if not scope:
            continue
        # The dialect's meaning first: Isurus' "admin" is more than the canonical one.
        if scope in table:
            wanted.update(table[scope])
        elif scope in CANONICAL:
            wanted.add(scope)
        else:
            raise UnknownScope(scope)
    for scope in list(wanted):
        wanted.update(_IMPLIES.get(scope, ()))
    return [s for s in CANONICAL if s in wanted]


def to_dialect(scopes: Iterable[str], dialect: str) -> list[str]:
    """The dialect's names whose canonical sets are all held (for echoing a token's scopes)."""
    held = set(scopes)
    table = DIALECT_SCOPES.get(dialect, {})
    return [name for name, implied in table.items() if set(implied) <= held]
