"""Per-request DataLoaders: one per relation, each a single ``filter(key__in=keys)``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.models import (
    Account,
    BranchProtectionRule,
    Collaborator,
    Comment,
    Issue,
    Label,
    Membership,
    Milestone,
    PullRequest,
    Push,
    RefUpdate,
    Release,
    ReleaseAsset,
    Repository,
    RepositoryImport,
)

M = TypeVar("M", bound=Model)


async def _one_each(query: QuerySet[M], key: str, keys: Sequence[int]) -> list[M | None]:
    """For each key, the row of ``query`` whose ``key`` column holds it (None for none)."""
    found = {getattr(row, key): row for row in await query.filter(**{f"{key}__in": keys})}
    return [found.get(k) for k in keys]


async def _all_each(query: QuerySet[M], key: str, keys: Sequence[int]) -> list[list[M]]:
    """For each key, the rows of ``query`` whose ``key`` column holds it, by id."""
    found: dict[int, list[M]] = defaultdict(list)
    for row in await query.filter(**{f"{key}__in": keys}).order_by("id"):
        found[getattr(row, key)].append(row)
    return [found.get(k, []) for k in keys]


async def _state_counts(model: type[Model], key: str, keys: Sequence[int]) -> list[dict[str, int]]:
    """For each key, how many rows whose ``key`` column holds it are in each state."""
    rows = (
        await model.filter(**{f"{key}__in": keys})
        .annotate(n=Count("id"))
        .group_by(key, "state")
        .values(key, "state", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row[key]][str(row["state"])] = row["n"]
    return [counts.get(k, {}) for k in keys]


class AccountsByIdLoader(DataLoader[int, Account | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Account | None]:
        return await _one_each(Account.all(), "id", keys)


class RepositoriesByIdLoader(DataLoader[int, Repository | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Repository | None]:
        return await _one_each(Repository.all(), "id", keys)


class IssuesByIdLoader(DataLoader[int, Issue | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Issue | None]:
        return await _one_each(Issue.all(), "id", keys)


class LabelsByIssueIdLoader(DataLoader[int, list[Label]]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[list[Label]]:
        # One joined query; a prefetch would take two.
        rows = await Label.filter(issues__id__in=keys).values(
            "id", "repository_id", "name", "color", "description", "created_at", "issues__id"
        )
        found: dict[int, list[Label]] = defaultdict(list)
        for row in rows:
            issue_id = row.pop("issues__id")
            found[issue_id].append(Label(**row))
        return [sorted(found.get(k, []), key=lambda label: label.name.lower()) for k in keys]


class AssigneesByIssueIdLoader(DataLoader[int, list[Account]]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[list[Account]]:
        rows = await Account.filter(assigned_issues__id__in=keys).values(
            "id",
            "login",
            "login_lower",
            "kind",
            "display_name",
            "email",
            "avatar_url",
            "is_admin",
            "created_at",
            "updated_at",
            "assigned_issues__id",
        )
        found: dict[int, list[Account]] = defaultdict(list)
        for row in rows:
            issue_id = row.pop("assigned_issues__id")
            found[issue_id].append(Account(**row))
        return [sorted(found.get(k, []), key=lambda a: a.login_lower) for k in keys]


class MilestonesByIdLoader(DataLoader[int, Milestone | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Milestone | None]:
        return await _one_each(Milestone.all(), "id", keys)


class IssueCountsByMilestoneIdLoader(DataLoader[int, dict[str, int]]):
    """Issue counts per state for each milestone."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[dict[str, int]]:
        return await _state_counts(Issue, "milestone_id", keys)


class ReleaseAssetsByReleaseIdLoader(DataLoader[int, list[ReleaseAsset]]):
    """Every asset of each release, by id (GitHub caps a release at 1,000 assets)."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[list[ReleaseAsset]]:
        return await _all_each(ReleaseAsset.all(), "release_id", keys)


class MembershipsByOrganizationIdLoader(DataLoader[int, Membership | None]):
    """The viewer's membership in each organization (None where not a member)."""

    def __init__(self, user_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.user_id = user_id

    async def _load(self, keys: Sequence[int]) -> list[Membership | None]:
        if self.user_id is None:
            return [None for _ in keys]
        return await _one_each(Membership.filter(user_id=self.user_id), "organization_id", keys)


class CollaborationsByRepositoryIdLoader(DataLoader[int, Collaborator | None]):
    """The viewer's collaborator row on each repository (None where not a collaborator)."""

    def __init__(self, user_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.user_id = user_id

    async def _load(self, keys: Sequence[int]) -> list[Collaborator | None]:
        if self.user_id is None:
            return [None for _ in keys]
        return await _one_each(Collaborator.filter(user_id=self.user_id), "repository_id", keys)


class PullRequestCountsByRepositoryIdLoader(DataLoader[int, dict[str, int]]):
    """Pull request counts per state, for list views that show them beside each repository."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[dict[str, int]]:
        return await _state_counts(PullRequest, "repository_id", keys)


class IssueCountsByRepositoryIdLoader(DataLoader[int, dict[str, int]]):
    """Issue counts per state, for list views that show them beside each repository."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[dict[str, int]]:
        return await _state_counts(Issue, "repository_id", keys)


class ImportsByRepositoryIdLoader(DataLoader[int, RepositoryImport | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[RepositoryImport | None]:
        return await _one_each(RepositoryImport.all(), "repository_id", keys)


class CommentCountsByIssueIdLoader(DataLoader[int, int]):
    """How many comments each issue has, for lists that show the count (REST ``comments``)."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[int]:
        rows = (
            await Comment.filter(issue_id__in=keys)
            .annotate(n=Count("id"))
            .group_by("issue_id")
            .values("issue_id", "n")
        )
        counts = {row["issue_id"]: row["n"] for row in rows}
        return [counts.get(k, 0) for k in keys]


class RefUpdatesByPushIdLoader(DataLoader[int, list[RefUpdate]]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[list[RefUpdate]]:
        return await _all_each(RefUpdate.all(), "push_id", keys)


class PullRequestsByIdLoader(DataLoader[int, PullRequest | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[PullRequest | None]:
        return await _one_each(PullRequest.all(), "id", keys)


class ReleasesByIdLoader(DataLoader[int, Release | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Release | None]:
        return await _one_each(Release.all(), "id", keys)


class PushesByIdLoader(DataLoader[int, Push | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Push | None]:
        return await _one_each(Push.all(), "id", keys)


class BranchProtectionRulesByRepositoryIdLoader(DataLoader[int, list[BranchProtectionRule]]):
    """Every protection rule of each repository, oldest first (a handful per repository)."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[list[BranchProtectionRule]]:
        return await _all_each(BranchProtectionRule.all(), "repository_id", keys)


class Loaders:
    """Built fresh for every request, so nothing is cached across callers."""

    def __init__(self, viewer_id: int | None) -> None:
        self.accounts_by_id = AccountsByIdLoader()
        self.repositories_by_id = RepositoriesByIdLoader()
        self.labels_by_issue_id = LabelsByIssueIdLoader()
        self.issues_by_id = IssuesByIdLoader()
        self.viewer_memberships = MembershipsByOrganizationIdLoader(viewer_id)
        self.viewer_collaborations = CollaborationsByRepositoryIdLoader(viewer_id)
        self.issue_counts_by_repository_id = IssueCountsByRepositoryIdLoader()
        self.pull_request_counts_by_repository_id = PullRequestCountsByRepositoryIdLoader()
        self.imports_by_repository_id = ImportsByRepositoryIdLoader()
        self.comment_counts_by_issue_id = CommentCountsByIssueIdLoader()
        self.ref_updates_by_push_id = RefUpdatesByPushIdLoader()
        self.assignees_by_issue_id = AssigneesByIssueIdLoader()
        self.milestones_by_id = MilestonesByIdLoader()
        self.issue_counts_by_milestone_id = IssueCountsByMilestoneIdLoader()
        self.release_assets_by_release_id = ReleaseAssetsByReleaseIdLoader()
        self.pull_requests_by_id = PullRequestsByIdLoader()
        self.releases_by_id = ReleasesByIdLoader()
        self.pushes_by_id = PushesByIdLoader()
        self.branch_protection_rules_by_repository_id = BranchProtectionRulesByRepositoryIdLoader()
