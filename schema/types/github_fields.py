"""Fields GitHub's clients read on comments, issues and pull requests (``gh`` among
them), shared as resolvers like ``schema.types.fields``: real where Ingot has the
concept, documented constants where it has none (docs/github-graphql.md)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from schema.context import Info
from schema.types import fields


@strawberry.enum(description="GitHub's CommentAuthorAssociation.")
class CommentAuthorAssociation(Enum):
    OWNER = "OWNER"
    MEMBER = "MEMBER"
    COLLABORATOR = "COLLABORATOR"
    CONTRIBUTOR = "CONTRIBUTOR"
    FIRST_TIMER = "FIRST_TIMER"
    FIRST_TIME_CONTRIBUTOR = "FIRST_TIME_CONTRIBUTOR"
    MANNEQUIN = "MANNEQUIN"
    NONE = "NONE"


@strawberry.enum(description="GitHub's ReactionContent (Ingot has no reactions yet).")
class ReactionContent(Enum):
    THUMBS_UP = "THUMBS_UP"
    THUMBS_DOWN = "THUMBS_DOWN"
    LAUGH = "LAUGH"
    HOORAY = "HOORAY"
    CONFUSED = "CONFUSED"
    HEART = "HEART"
    ROCKET = "ROCKET"
    EYES = "EYES"


@strawberry.type
class ReactingUserConnection:
    total_count: int


@strawberry.type(description="GitHub's reactions of one kind; Ingot has none, so never listed.")
class ReactionGroup:
    content: ReactionContent
    users: ReactingUserConnection


def reaction_groups() -> list[ReactionGroup]:
    """Always empty: Ingot has no reactions."""
    return []


def is_minimized() -> bool:
    """Always false: Ingot does not hide comments."""
    return False


def minimized_reason() -> str | None:
    """Always null: Ingot does not hide comments."""
    return None


def viewer_did_author(root: Any, info: Info) -> bool:
    account = info.context.actor.account
    return account is not None and root.model.author_id == account.id


async def _repository_of(root: Any, info: Info) -> tuple[int, str]:
    """The repository id and the issue's or pull request's path of a comment."""
    loaders = info.context.loaders
    if hasattr(root.model, "issue_id"):
        issue = await loaders.issues_by_id.load(root.model.issue_id)
        return (issue.repository_id, f"issues/{issue.number}") if issue else (0, "")
    pull = await loaders.pull_requests_by_id.load(root.model.pull_request_id)
    return (pull.repository_id, f"pull/{pull.number}") if pull else (0, "")


async def comment_url(root: Any, info: Info) -> str:
    repository_id, path = await _repository_of(root, info)
    if not repository_id:
        return ""
    return await fields.repository_url(info, repository_id, f"{path}#issuecomment-{root.model.id}")


async def author_association(root: Any, info: Info) -> CommentAuthorAssociation:
    """OWNER for the repository's owner (a user), otherwise NONE: memberships and
    collaborations are not told apart yet."""
    repository_id, _ = await _repository_of(root, info)
    repo = await info.context.loaders.repositories_by_id.load(repository_id)
    if (
        repo is not None
        and root.model.author_id is not None
        and repo.owner_id == root.model.author_id
    ):
        return CommentAuthorAssociation.OWNER
    return CommentAuthorAssociation.NONE


def includes_created_edit(root: Any) -> bool:
    """Whether the comment was edited after it was made."""
    return getattr(root.model, "last_edited_at", None) is not None


@strawberry.type
class ProjectName:
    name: str


@strawberry.type(description="GitHub's ProjectCard (Ingot has no projects).")
class ProjectCard:
    project: ProjectName
    column: ProjectName | None


@strawberry.type
class ProjectCardConnection:
    nodes: list[ProjectCard]
    total_count: int


def project_cards(first: int | None = None) -> ProjectCardConnection:
    """Always empty: Ingot has no projects."""
    return ProjectCardConnection(nodes=[], total_count=0)
