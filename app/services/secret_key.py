"""The server key at start-up: where it comes from, and refusing data it cannot decrypt.

Stored secrets carry the id of the key that sealed them (``app.auth.secret_box``).
A server whose key did not seal them would fail every delivery (and, later,
every CI job needing a secret) in ways hard to trace, so it does not start: it
says which key the data needs and how to give it.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from tortoise.transactions import in_transaction

from app.auth.secret_box import KEY_FILE, SecretBox, SecretKeyMismatch, key_file_secret
from app.config import Settings
from app.models import RepositoryMirror, Secret, Webhook
from app.services import ci_secret
from app.services import mirror as mirrors
from app.services import webhook as webhooks

# Where ``rotate-secret-key`` leaves a generated key until the database holds its values.
NEW_KEY_FILE = KEY_FILE + ".new"


class ServerKeyRefused(RuntimeError):
    """The database holds secrets this server's key cannot decrypt; the message says why."""


def load(settings: Settings) -> tuple[SecretBox, Path | None]:
    """The server's key: from ``INGOT_SECRET_KEY``, else from the key file in the data
    dir. The second value is the key file's path when this call created it."""
    if settings.secret_key:
        return SecretBox.from_secret(settings.secret_key), None
    secret, created = key_file_secret(settings.data_dir)
    return SecretBox.from_secret(secret), (settings.data_dir / KEY_FILE) if created else None


async def check(box: SecretBox) -> None:
    """Raise ServerKeyRefused when stored secrets (webhook, CI, mirror credentials) were
    sealed with another key."""
    problem = ""
    kinds = (
        ("webhook", webhooks.has_encrypted_secrets, webhooks.sample_secret),
        ("CI", ci_secret.foreign_secret, ci_secret.sample_secret),
        ("mirror credential", mirrors.foreign_credentials, mirrors.sample_credentials),
    )
    for kind, find_foreign, find_sample in kinds:
        foreign = await find_foreign(box.prefix)
        sample = await find_sample()
        if foreign is not None:
            key_id = foreign.split(".")[1] if foreign.count(".") >= 2 else "unknown"
            problem = f"{kind} secrets were encrypted with key {key_id}"
        elif sample is not None:
            try:
                box.decrypt(*sample)
            except SecretKeyMismatch as exc:
                problem = f"a {kind} secret does not decrypt ({exc})"
        if problem:
            break
    if problem:
        raise ServerKeyRefused(
            f"Refusing to start: {problem}, but this server's key is {box.key_id}. "
            "Set INGOT_SECRET_KEY to the key the data was stored with (or restore the "
            f"data dir's {KEY_FILE} from your backup); see docs/security.md, 'The server key'."
        )


class RotationRefused(RuntimeError):
    """Rotating cannot start (no new key, the same key, data sealed by a third key)."""


@dataclass(frozen=True)
class Rotated:
    webhook_secrets: int
    ci_secrets: int


async def rotate(old: SecretBox, new: SecretBox) -> Rotated:
    """Re-encrypt every webhook secret, CI secret and mirror credential from ``old`` to ``new``,
    in one transaction.

    Values already sealed with ``new`` are left alone (a rotation run again after a
    crash); a value sealed with any other key refuses the whole rotation."""
    if old.key_id == new.key_id:
        raise RotationRefused("The new key is the key in use; nothing to rotate.")
    hooks = ci = 0
    async with in_transaction():
        for hook in await Webhook.exclude(secret="").order_by("id").select_for_update():
            if hook.secret.startswith(new.prefix):
                continue
            plain = _open(old, hook.secret, webhooks.SECRET_CONTEXT, f"webhook {hook.id}")
            sealed = new.encrypt(plain, webhooks.SECRET_CONTEXT)
            await Webhook.filter(id=hook.id).update(secret=sealed)
            hooks += 1
        for row in await Secret.all().order_by("id").select_for_update():
            if row.value.startswith(new.prefix):
                continue
            data = ci_secret.associated(row.repository_id, row.name)
            plain = _open(old, row.value, data, f"CI secret {row.name}")
            await Secret.filter(id=row.id).update(value=new.encrypt(plain, data))
            ci += 1
        for source in (
            await RepositoryMirror.exclude(credentials="").order_by("id").select_for_update()
        ):
            if source.credentials.startswith(new.prefix):
                continue
            data = mirrors.associated(source.repository_id)
            plain = _open(old, source.credentials, data, f"mirror credentials {source.id}")
            sealed = new.encrypt(plain, data)
            await RepositoryMirror.filter(id=source.id).update(credentials=sealed)
    return Rotated(hooks, ci)


def _open(box: SecretBox, token: str, associated: str, what: str) -> str:
    try:
        return box.decrypt(token, associated)
    except SecretKeyMismatch as exc:
        raise RotationRefused(f"The current key cannot decrypt {what}: {exc}") from None


def new_key(settings: Settings) -> tuple[SecretBox, Path | None]:
    """The key to rotate to: ``INGOT_NEW_SECRET_KEY``; or, for a server on the generated key
    file, a fresh random key written to ``secret.key.new`` (0600), which ``install_new_key``
    moves over ``secret.key`` once the database holds the re-encrypted values."""
    if settings.new_secret_key:
        return SecretBox.from_secret(settings.new_secret_key), None
    if settings.secret_key:
        raise RotationRefused(
            "INGOT_SECRET_KEY is set: give the new key in INGOT_NEW_SECRET_KEY "
            "(and set INGOT_SECRET_KEY to it once rotated)."
        )
    path = settings.data_dir / NEW_KEY_FILE
    secret = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret + "\n")
        out.flush()
        os.fsync(out.fileno())
    return SecretBox.from_secret(secret), path


def install_new_key(settings: Settings, written: Path) -> Path:
    """Replace the key file with the rotated-to key (atomically)."""
    target = settings.data_dir / KEY_FILE
    os.replace(written, target)
    return target
