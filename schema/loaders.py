"""Per-request DataLoaders: one per relation, each a single ``filter(key__in=keys)``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from tortoise.functions import Count

from app.models import Account, Issue, Label, Membership, Repository


class AccountsByIdLoader(DataLoader[int, Account | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Account | None]:
        found = {a.id: a for a in await Account.filter(id__in=keys)}
        return [found.get(k) for k in keys]


class RepositoriesByIdLoader(DataLoader[int, Repository | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[Repository | None]:
        found = {r.id: r for r in await Repository.filter(id__in=keys)}
        return [found.get(k) for k in keys]


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


class MembershipsByOrganizationIdLoader(DataLoader[int, Membership | None]):
    """The viewer's membership in each organization (None where not a member)."""

    def __init__(self, user_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.user_id = user_id

    async def _load(self, keys: Sequence[int]) -> list[Membership | None]:
        if self.user_id is None:
            return [None for _ in keys]
        found = {
            m.organization_id: m
            for m in await Membership.filter(user_id=self.user_id, organization_id__in=keys)
        }
        return [found.get(k) for k in keys]


class IssueCountsByRepositoryIdLoader(DataLoader[int, dict[str, int]]):
    """Issue counts per state, for list views that show them beside each repository."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[dict[str, int]]:
        rows = (
            await Issue.filter(repository_id__in=keys)
            .annotate(n=Count("id"))
            .group_by("repository_id", "state")
            .values("repository_id", "state", "n")
        )
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for row in rows:
            counts[row["repository_id"]][str(row["state"])] = row["n"]
        return [counts.get(k, {}) for k in keys]


class Loaders:
    """Built fresh for every request, so nothing is cached across callers."""

    def __init__(self, viewer_id: int | None) -> None:
        self.accounts_by_id = AccountsByIdLoader()
        self.repositories_by_id = RepositoriesByIdLoader()
        self.labels_by_issue_id = LabelsByIssueIdLoader()
        self.viewer_memberships = MembershipsByOrganizationIdLoader(viewer_id)
        self.issue_counts_by_repository_id = IssueCountsByRepositoryIdLoader()
