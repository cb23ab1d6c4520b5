"""Where a pull mirror fetches from, and how its last sync went."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.models.repository import Repository


class RepositoryMirror(Model):
    """Where a pull mirror fetches from.

    ``url`` never holds credentials. ``credentials`` is the HTTP Authorization value,
    encrypted with the server key (``app/auth/secret_box.py``), or empty. A local source
    (``INGOT_IMPORT_LOCAL_ROOT``) keeps its path in ``url``."""

    id = fields.IntField(primary_key=True)
    repository: fields.OneToOneRelation[Repository] = fields.OneToOneField(
        "ingot.Repository", related_name="mirror", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=2048)
    credentials = fields.TextField(default="")
    # When the periodic chore next queues a sync (moved on by every sync, manual or not).
    next_sync_at = fields.DatetimeField(null=True)
    last_synced_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    repository_id: int

    class Meta:
        table = "repository_mirror"
