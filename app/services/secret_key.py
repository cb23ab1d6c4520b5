"""The server key at start-up: where it comes from, and refusing data it cannot decrypt.

Stored secrets carry the id of the key that sealed them (``app.auth.secret_box``).
A server whose key did not seal them would fail every delivery (and, later,
every CI job needing a secret) in ways hard to trace, so it does not start: it
says which key the data needs and how to give it.
"""

from __future__ import annotations

from pathlib import Path

from app.auth.secret_box import KEY_FILE, SecretBox, SecretKeyMismatch, key_file_secret
from app.config import Settings
from app.services import ci_secret
from app.services import webhook as webhooks


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
    """Raise ServerKeyRefused when stored secrets (webhook or CI) were sealed with another key."""
    problem = ""
    kinds = (
        ("webhook", webhooks.has_encrypted_secrets, webhooks.sample_secret),
        ("CI", ci_secret.foreign_secret, ci_secret.sample_secret),
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
