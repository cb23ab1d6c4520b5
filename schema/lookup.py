"""Resolving global ids in mutation inputs, with the same visibility rule as queries."""

from __future__ import annotations

from app.errors import NotFound
from app.models import Account, Issue, Repository
from app.services import permission
from schema.context import Info
from schema.node import decode_global_id


async def repository_by_id(info: Info, global_id: str, field: str = "repositoryId") -> Repository:
    _, pk = _decode(global_id, "Repository", field)
    return await permission.require_read(info.context.actor, await Repository.get_or_none(id=pk))


async def issue_by_id(info: Info, global_id: str, field: str = "id") -> tuple[Repository, Issue]:
    _, pk = _decode(global_id, "Issue", field)
    issue = await Issue.get_or_none(id=pk)
    if issue is None:
        raise NotFound("Issue not found.", field=field)
    repo = await Repository.get_or_none(id=issue.repository_id)
    try:
        await permission.require_read(info.context.actor, repo)
    except NotFound:
        raise NotFound("Issue not found.", field=field) from None
    return repo, issue  # type: ignore[return-value]


async def account_by_id(global_id: str, field: str, kind: str | None = None) -> Account:
    type_name, pk = _decode(global_id, kind, field)
    account = await Account.get_or_none(id=pk)
    if account is None or (type_name == "Organization") != account.is_organization:
        raise NotFound("No such account.", field=field)
    return account


def _decode(global_id: str, expected: str | None, field: str) -> tuple[str, int]:
    try:
        type_name, pk = decode_global_id(global_id)
    except NotFound:
        raise NotFound("No object has that id.", field=field) from None
    if expected is not None and type_name != expected:
        raise NotFound(f"No {expected} has that id.", field=field)
    if expected is None and type_name not in {"User", "Organization"}:
        raise NotFound("No account has that id.", field=field)
    return type_name, pk
