"""Global ids in mutation inputs to rows, through the same registry (and rule) as ``node``.

What is here is only the input's side: decoding the id, and the NOT_FOUND each
input reports (naming the input field) when the registry finds nothing the
viewer may see.
"""

from __future__ import annotations

from typing import Any

from app.errors import InvalidInput, NotFound
from app.models import Account, Comment, Issue, Label, Milestone, PullRequest, Release, Repository
from app.models import ReleaseAsset as Asset
from app.services import node as nodes
from schema.context import Info
from schema.node import decode_global_id


async def _locate(info: Info, type_name: str, pk: int, missing: NotFound) -> nodes.Located[Any]:
    found = await nodes.locate(info.context, type_name, pk)
    if found is None:
        raise missing
    return found


async def repository_by_id(info: Info, global_id: str, field: str = "repositoryId") -> Repository:
    _, pk = _decode(global_id, "Repository", field)
    found = await _locate(info, "Repository", pk, NotFound("Repository not found."))
    repo: Repository = found.row
    return repo


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
    return await in_repository(info, global_id, "Issue", field, "Issue not found.")


async def pull_request_by_id(
    info: Info, global_id: str, field: str = "pullRequestId"
) -> tuple[Repository, PullRequest]:
    return await in_repository(info, global_id, "PullRequest", field, "Pull request not found.")


async def in_repository(
    info: Info, global_id: str, type_name: str, field: str, missing: str | None = None
) -> tuple[Repository, Any]:
    """A row that lives in a repository, and that repository; NotFound (``missing``,
    naming ``field``) unless the row exists and the viewer can read the repository."""
    _, pk = _decode(global_id, type_name, field)
    error = NotFound(missing or f"No {type_name} has that id.", field=field)
    found = await _locate(info, type_name, pk, error)
    if found.repository is None:  # not a kind that lives in a repository
        raise error
    return found.repository, found.row


async def comment_by_id(
    info: Info, global_id: str, field: str = "id"
) -> tuple[Repository, Comment]:
    return await in_repository(info, global_id, "IssueComment", field)


async def label_by_id(info: Info, global_id: str, field: str = "id") -> tuple[Repository, Label]:
    return await in_repository(info, global_id, "Label", field)


async def milestone_by_id(
    info: Info, global_id: str, field: str = "id"
) -> tuple[Repository, Milestone]:
    return await in_repository(info, global_id, "Milestone", field)


async def release_by_id(
    info: Info, global_id: str, field: str = "releaseId"
) -> tuple[Repository, Release]:
    """A release the caller can see: drafts only with WRITE."""
    _, pk = _decode(global_id, "Release", field)
    found = await _locate(info, "Release", pk, NotFound("No Release has that id.", field=field))
    if not found.visible or found.repository is None:
        raise NotFound("Release not found.", field=field)
    return found.repository, found.row


async def asset_by_id(
    info: Info, global_id: str, field: str = "releaseAssetId"
) -> tuple[Repository, Asset]:
    """An asset of a release the caller can see."""
    _, pk = decode_global_id(global_id, "ReleaseAsset", field)
    found = await nodes.find_visible(info.context, "ReleaseAsset", pk)
    if found is None or found.repository is None:
        raise NotFound("Asset not found.", field=field)
    return found.repository, found.row


async def users_by_id(info: Info, global_ids: list[str], field: str) -> list[Account]:
    """The accounts behind user ids, each once, by id; NotFound if one does not exist.

    An organization's id given as a user's is left for the service to refuse.
    """
    pks = sorted({decode_global_id(global_id, "User", field)[1] for global_id in global_ids})
    found = await info.context.loaders.accounts_by_id.load_many(pks)
    accounts = [account for account in found if account is not None]
    if len(accounts) != len(pks):
        raise NotFound("One of the assignees does not exist.", field=field)
    return accounts


async def account_by_id(info: Info, global_id: str, field: str, kind: str | None = None) -> Account:
    type_name, pk = _decode(global_id, kind, field)
    found = await nodes.find_visible(info.context, type_name, pk)
    if found is None:
        raise NotFound("No such account.", field=field)
    account: Account = found.row
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
