"""Changing and deleting a repository's labels (creating one lives with issues)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from app.errors import Conflict
from app.models import Label, Repository
from app.services import permission
from app.services.actor import Actor
from app.services.issue import require_free_label_name, validate_color
from app.services.naming import validate_text


async def update_label(
    actor: Actor,
    repo: Repository,
    label: Label,
    *,
    name: str | None = None,
    color: str | None = None,
    description: str | None = None,
) -> Label:
    """Anyone with WRITE on the repository may; names stay unique per repository."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    if name is not None:
        label.name = validate_text(name, field="name", max_length=50, required=True).strip()
        await require_free_label_name(repo, label.name, label.id)
    if color is not None:
        label.color = validate_color(color)
    if description is not None:
        label.description = validate_text(description, field="description", max_length=255)
    try:
        await label.save()
    except IntegrityError:
        raise Conflict(f"A label named '{label.name}' already exists.", field="name") from None
    return label


async def delete_label(actor: Actor, repo: Repository, label: Label) -> None:
    """Removes it from every issue too."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    await Label.filter(id=label.id).delete()
