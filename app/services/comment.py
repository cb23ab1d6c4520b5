"""Editing and deleting issue comments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from app.errors import Forbidden
from app.models import Comment, Issue, Repository
from app.services import permission, webhook_event
from app.services.actor import Actor
from app.services.issue import MAX_BODY, require_write_scope
from app.services.naming import validate_text


async def _author_or(
    actor: Actor, repo: Repository, comment: Comment, role: permission.Access
) -> None:
    """The comment's author, or someone holding ``role`` on the repository, with ``repo:write``."""
    account = actor.require_account()
    await permission.require_read(actor, repo)
    await require_write_scope(actor, repo)
    if comment.author_id == account.id:
        return
    if await permission.repository_access(actor, repo) < role:
        raise Forbidden("Only the comment's author or a repository maintainer can do this.")


async def update_comment(actor: Actor, repo: Repository, comment: Comment, body: str) -> Comment:
    """Replace the body; the author or anyone with WRITE on the repository may."""
    await _author_or(actor, repo, comment, permission.Access.WRITE)
    validate_text(body, field="body", max_length=MAX_BODY, required=True)
    if body != comment.body:
        old = comment.body
        comment.body = body
        comment.last_edited_at = datetime.now(UTC)
        async with in_transaction():
            await comment.save()
            await _raise(repo, actor, comment, "edited", changes=webhook_event.changes(body=old))
    return comment


async def _raise(repo: Repository, actor: Actor, row: Comment, action: str, **extra: Any) -> None:
    if repo.active_webhook_count <= 0:
        return
    issue = await Issue.get(id=row.issue_id)
    await webhook_event.issue_comment(
        repo,
        actor.account,
        action,
        comment_id=row.id,
        number=issue.number,
        issue_id=issue.id,
        **extra,
    )


async def delete_comment(actor: Actor, repo: Repository, comment: Comment) -> None:
    """Delete it; the author or a repository admin may."""
    await _author_or(actor, repo, comment, permission.Access.ADMIN)
    async with in_transaction():
        await Comment.filter(id=comment.id).delete()
        snapshot = {
            "body": comment.body,
            "author_id": comment.author_id,
            "created_at": comment.created_at.isoformat(),
        }
        await _raise(repo, actor, comment, "deleted", comment=snapshot)
