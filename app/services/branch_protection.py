"""Protected branches: which branches only the repository's admins may update.

Enforced on push by the pre-receive hook (given the patterns when the pusher
may not bypass them); the pull-request merge code asks the same two questions.
"""

from __future__ import annotations

import fnmatch
import re

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from app.errors import Conflict, InvalidInput, NotFound
from app.models import BranchProtectionRule, Repository
from app.services import permission
from app.services.actor import Actor

_BAD_PATTERN = re.compile(r"[\s\x00-\x1f\x7f~^:\\]|\.\.|@\{|//")


async def may_bypass(actor: Actor, repo: Repository) -> bool:
    """Whether the actor may update protected branches: the owner, org owners, site admins."""
    return await permission.repository_access(actor, repo) >= permission.Access.ADMIN


async def may_update(actor: Actor, repo: Repository, branch: str) -> bool:
    """Whether protection lets the actor move ``branch`` (the pre-receive hook's question)."""
    patterns = await protected_patterns(repo)
    if not any(fnmatch.fnmatchcase(branch, p) for p in patterns):
        return True
    return await may_bypass(actor, repo)


async def protected_patterns(repo: Repository) -> list[str]:
    """The repository's branch patterns (exact names or fnmatch globs), oldest first."""
    patterns = (
        await BranchProtectionRule.filter(repository_id=repo.id)
        .order_by("id")
        .values_list("pattern", flat=True)
    )
    return [str(p) for p in patterns]


def rules_query(repo: Repository) -> QuerySet[BranchProtectionRule]:
    return BranchProtectionRule.filter(repository_id=repo.id)


def _validate(pattern: str) -> str:
    pattern = pattern.strip().removeprefix("refs/heads/")
    if (
        not pattern
        or len(pattern) > 255
        or pattern.startswith(("-", "/", "."))
        or _BAD_PATTERN.search(pattern)
    ):
        raise InvalidInput("That is not a valid branch name pattern.", field="pattern")
    return pattern


async def create_rule(actor: Actor, repo: Repository, pattern: str) -> BranchProtectionRule:
    await permission.require_access(actor, repo, permission.Access.ADMIN)
    pattern = _validate(pattern)
    try:
        return await BranchProtectionRule.create(repository_id=repo.id, pattern=pattern)
    except IntegrityError:
        raise Conflict(f"'{pattern}' is already protected.", field="pattern") from None


async def delete_rule(actor: Actor, rule_id: int) -> None:
    rule = await BranchProtectionRule.get_or_none(id=rule_id)
    repo = await Repository.get_or_none(id=rule.repository_id) if rule else None
    if rule is None or repo is None:
        raise NotFound("Branch protection rule not found.", field="branchProtectionRuleId")
    try:
        await permission.require_access(actor, repo, permission.Access.ADMIN)
    except NotFound:
        raise NotFound(
            "Branch protection rule not found.", field="branchProtectionRuleId"
        ) from None
    await BranchProtectionRule.filter(id=rule.id).delete()
