"""Resolving global ids in mutation inputs, with the same visibility rule as queries."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model

from app.errors import InvalidInput, NotFound
from app.models import Account, Comment, Issue, Label, Milestone, PullRequest, Repository
from app.services import permission
from schema.context import Info
from schema.node import decode_global_id


async def repository_by_id(info: Info, global_id: str, field: str = "repositoryId") -> Repository:
    _, pk = _decode(global_id, "Repository", field)
    return await permission.require_read(info.context.actor, await Repository.get_or_none(id=pk))


async def issue_by_id(info: Info, global_id: str, field: str = "id") -> tuple[Repository, Issue]:
    """An issue the caller can read. A pull request's id (pull requests share the issue
    numbers but are their own objects) is BAD_USER_INPUT once the caller can read it."""
    if _type_of(global_id) == "PullRequest":
        await pull_request_by_id(info, global_id, field)
        raise InvalidInput(
            "That id is a pull request's; pull requests have their own mutations "
            "(comment with addPullRequestComment, edit with updatePullRequest).",
            field=field,
        )
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


async def pull_request_by_id(
    info: Info, global_id: str, field: str = "pullRequestId"
) -> tuple[Repository, PullRequest]:
    _, pk = _decode(global_id, "PullRequest", field)
    pr = await PullRequest.get_or_none(id=pk)
    if pr is None:
        raise NotFound("Pull request not found.", field=field)
    repo = await Repository.get_or_none(id=pr.repository_id)
    try:
        await permission.require_read(info.context.actor, repo)
    except NotFound:
        raise NotFound("Pull request not found.", field=field) from None
    return repo, pr  # type: ignore[return-value]


M = TypeVar("M", bound=Model)


async def in_repository(
    info: Info, global_id: str, model: type[M], field: str, type_name: str | None = None
) -> tuple[Repository, M]:
    """A row that belongs to a repository, and that repository; NotFound unless readable.

    ``model`` has a ``repository_id``, or is ``Comment`` (whose issue has one).
    """
    name = type_name or model.__name__
    _, pk = _decode(global_id, name, field)
    row = await model.get_or_none(id=pk)
    if row is None:
        raise NotFound(f"No {name} has that id.", field=field)
    if isinstance(row, Comment):
        repo_id = (await Issue.get(id=row.issue_id)).repository_id
    else:
        repo_id = row.repository_id  # type: ignore[attr-defined]
    repo = await Repository.get_or_none(id=repo_id)
    try:
        await permission.require_read(info.context.actor, repo)
    except NotFound:
        raise NotFound(f"No {name} has that id.", field=field) from None
    return repo, row  # type: ignore[return-value]


async def comment_by_id(
    info: Info, global_id: str, field: str = "id"
) -> tuple[Repository, Comment]:
    return await in_repository(info, global_id, Comment, field, "IssueComment")


async def label_by_id(info: Info, global_id: str, field: str = "id") -> tuple[Repository, Label]:
    return await in_repository(info, global_id, Label, field)


async def milestone_by_id(
    info: Info, global_id: str, field: str = "id"
) -> tuple[Repository, Milestone]:
    return await in_repository(info, global_id, Milestone, field)


async def account_by_id(global_id: str, field: str, kind: str | None = None) -> Account:
    type_name, pk = _decode(global_id, kind, field)
    account = await Account.get_or_none(id=pk)
    if account is None or (type_name == "Organization") != account.is_organization:
        raise NotFound("No such account.", field=field)
    return account


def _type_of(global_id: str) -> str | None:
    try:
        return decode_global_id(global_id)[0]
    except NotFound:
        return None


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
