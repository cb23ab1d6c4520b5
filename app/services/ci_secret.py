"""A repository's CI secrets: names in the clear, values sealed with the server key.

Listing names needs ``secrets:read``, setting and deleting ``secrets:write``
(a token's ``admin`` passes both checks, as Kod documents), and both need the
repository's ADMIN role (owner, organization owner, admin collaborator, site
admin); whoever cannot read the repository gets NotFound. Values are encrypted
with AES-256-GCM under the runtime's ``SecretBox`` (a fresh nonce per value;
associated data ``ci-secret:<repository id>:<name>``, so a ciphertext moved to
another row does not decrypt) and never leave the server except through
``decrypted_secrets``, which the runner's job payload uses.
"""

from __future__ import annotations

from app.auth import scopes as sc
from app.auth.secret_box import SecretBox
from app.ci.workflow import ENV_NAME
from app.errors import Forbidden, InvalidInput, NotFound
from app.models import Repository, Secret
from app.services import permission
from app.services.actor import Actor

MAX_NAME = 255
MAX_VALUE = 64 * 1024
MAX_SECRETS = 200


def associated(repository_id: int, name: str) -> str:
    return f"ci-secret:{repository_id}:{name}"


def check_name(name: str, field: str = "name") -> str:
    if not ENV_NAME.fullmatch(name or "") or len(name) > MAX_NAME:
        raise InvalidInput(
            "A secret's name is an environment variable name: a letter or '_' first, "
            "then letters, digits and '_'.",
            field=field,
        )
    return name


async def require_manage(actor: Actor, repo: Repository | None, *, write: bool) -> Repository:
    """``repo`` if ``actor`` may list (``write``: change) its secrets."""
    repo = await permission.require_read(actor, repo)
    actor.require_account()
    if await permission.role_access(actor, repo) < permission.Access.ADMIN:
        raise Forbidden("Only the repository's owner or an admin can manage its secrets.")
    scope = sc.SECRETS_WRITE if write else sc.SECRETS_READ
    if not (actor.has_scope(scope) or actor.has_scope(sc.ADMIN)):  # Kod: admin implies both
        raise Forbidden(f"This token lacks the '{scope}' scope.")
    return repo


async def list_secrets(actor: Actor, repo: Repository) -> list[Secret]:
    await require_manage(actor, repo, write=False)
    return await secrets_of(repo)


async def secrets_of(repo: Repository) -> list[Secret]:
    """The repository's secrets by name (rows: read only the metadata from them)."""
    return await Secret.filter(repository_id=repo.id).order_by("name")


async def set_secret(
    box: SecretBox, actor: Actor, repo: Repository, name: str, value: str
) -> Secret:
    """Create or replace the secret ``name``."""
    await require_manage(actor, repo, write=True)
    check_name(name)
    if not isinstance(value, str) or len(value) > MAX_VALUE or "\x00" in value:
        raise InvalidInput(f"A secret's value is text of at most {MAX_VALUE} bytes.", field="value")
    sealed = box.encrypt(value, associated(repo.id, name))
    found = await Secret.get_or_none(repository_id=repo.id, name=name)
    if found is not None:
        found.value = sealed
        await found.save(update_fields=["value", "updated_at"])
        return found
    if await Secret.filter(repository_id=repo.id).count() >= MAX_SECRETS:
        raise InvalidInput(f"A repository holds at most {MAX_SECRETS} secrets.", field="name")
    return await Secret.create(repository_id=repo.id, name=name, value=sealed)


async def delete_secret(actor: Actor, repo: Repository, name: str) -> None:
    await require_manage(actor, repo, write=True)
    deleted = await Secret.filter(repository_id=repo.id, name=name).delete()
    if not deleted:
        raise NotFound(f"No secret named '{name}'.", field="name")


async def decrypted_secrets(box: SecretBox, repository_id: int) -> dict[str, str]:
    """Every secret of the repository in the clear, for a step's environment (the runner's
    job payload). Never log or return this anywhere else."""
    rows = await Secret.filter(repository_id=repository_id).values_list("name", "value")
    return {name: box.decrypt(value, associated(repository_id, name)) for name, value in rows}


async def foreign_secret(prefix: str) -> str | None:
    """A stored secret not sealed with the key whose ciphertexts start with ``prefix``."""
    row = await Secret.exclude(value__startswith=prefix).first()
    return row.value if row else None


async def sample_secret() -> tuple[str, str] | None:
    """One stored ciphertext with its associated data, to prove the key decrypts it."""
    row = await Secret.all().order_by("id").first()
    return (row.value, associated(row.repository_id, row.name)) if row else None


async def reseal_all(old: SecretBox, new: SecretBox) -> int:
    """Re-encrypt every secret from ``old`` to ``new`` (call inside a transaction)."""
    count = 0
    for row in await Secret.all().order_by("id"):
        data = associated(row.repository_id, row.name)
        plain = old.decrypt(row.value, data)
        await Secret.filter(id=row.id).update(value=new.encrypt(plain, data))
        count += 1
    return count
