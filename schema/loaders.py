"""Per-request DataLoaders: one per relation, each a single ``filter(key__in=keys)``.

A request builds only the loaders it uses (``Loaders`` makes each on first
access), and each loader's batch function is a plain function, not a method of
the loader: a loader holding its own bound method is a reference cycle, which
the garbage collector, not reference counting, would have to free after every
request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property, partial
from typing import TypeVar

from strawberry.dataloader import DataLoader
from tortoise.functions import Count
from tortoise.models import Model

from app.models import (
    Account,
    AccountKind,
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
    RepositoryMirror,
)
from app.services import account as accounts
from app.services import follow as follows
from app.services import permission
from app.services import pipeline as pipelines
from app.services import repository as repositories

M = TypeVar("M", bound=Model)


async def _one_each(
    model: type[M], key: str, keys: Sequence[int], **where: object
) -> list[M | None]:
    """For each key, the row of ``model`` (matching ``where``) whose ``key`` column holds it."""
    found = {getattr(row, key): row for row in await model.filter(**where, **{f"{key}__in": keys})}
    return [found.get(k) for k in keys]


async def _all_each(model: type[M], key: str, keys: Sequence[int]) -> list[list[M]]:
    """For each key, the rows of ``model`` whose ``key`` column holds it, by id."""
    found: dict[int, list[M]] = defaultdict(list)
    for row in await model.filter(**{f"{key}__in": keys}).order_by("id"):
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


async def _labels_by_issue_id(keys: Sequence[int]) -> list[list[Label]]:
    # One joined query; a prefetch would take two.
    rows = await Label.filter(issues__id__in=keys).values(
        "id", "repository_id", "name", "color", "description", "created_at", "issues__id"
    )
    found: dict[int, list[Label]] = defaultdict(list)
    for row in rows:
        issue_id = row.pop("issues__id")
        found[issue_id].append(Label(**row))
    return [sorted(found.get(k, []), key=lambda label: label.name.lower()) for k in keys]


async def _assignees_by_issue_id(keys: Sequence[int]) -> list[list[Account]]:
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


async def _viewer_rows(
    model: type[M], key: str, user_id: int | None, keys: Sequence[int]
) -> list[M | None]:
    """For each key, the viewer's row of ``model`` (None for none, and for no viewer)."""
    if user_id is None:
        return [None for _ in keys]
    return await _one_each(model, key, keys, user_id=user_id)


async def _viewer_team_permissions(user_id: int | None, keys: Sequence[int]) -> list[list[str]]:
    if user_id is None:
        return [[] for _ in keys]
    found = await permission.team_permissions(user_id, list(keys))
    return [found.get(k, []) for k in keys]


async def _comment_counts_by_issue_id(keys: Sequence[int]) -> list[int]:
    rows = (
        await Comment.filter(issue_id__in=keys)
        .annotate(n=Count("id"))
        .group_by("issue_id")
        .values("issue_id", "n")
    )
    counts = {row["issue_id"]: row["n"] for row in rows}
    return [counts.get(k, 0) for k in keys]


async def _issue_titles_by_number(
    keys: Sequence[tuple[int, int]],
) -> list[tuple[str, str] | None]:
    """For each ``(repository id, number)``: ``("issues" or "pull", title)``, or None.

    Issues and pull requests share a repository's numbers; one query per kind and repository.
    """
    numbers: dict[int, set[int]] = defaultdict(set)
    for repository_id, number in keys:
        numbers[repository_id].add(number)
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for repository_id, wanted in numbers.items():
        for model, kind in ((Issue, "issues"), (PullRequest, "pull")):
            rows = await model.filter(repository_id=repository_id, number__in=wanted).values(
                "number", "title"
            )
            for row in rows:
                found[(repository_id, row["number"])] = (kind, row["title"])
    return [found.get(key) for key in keys]


async def _logins_by_lower(keys: Sequence[str]) -> list[str | None]:
    rows = await Account.filter(login_lower__in=keys).values("login_lower", "login")
    found = {row["login_lower"]: row["login"] for row in rows}
    return [found.get(key) for key in keys]


async def _repositories_by_path(keys: Sequence[tuple[str, str]]) -> list[Repository | None]:
    # One lookup each: a request names one or two repositories by path, not a batch.
    return [await repositories.find(owner, name) for owner, name in keys]


async def _accounts_by_login(keys: Sequence[str]) -> list[Account | None]:
    return [await accounts.get_account(login) for login in keys]


async def _viewer_follows(viewer_id: int | None, keys: Sequence[int]) -> list[bool]:
    if viewer_id is None:
        return [False for _ in keys]
    return await follows.followed_among(viewer_id, keys)


async def _follow_the_viewer(viewer_id: int | None, keys: Sequence[int]) -> list[bool]:
    if viewer_id is None:
        return [False for _ in keys]
    return await follows.following_among(viewer_id, keys)


async def _users_by_public_email(keys: Sequence[str]) -> list[Account | None]:
    """The user whose address each is, unless they keep it private (one query)."""
    rows = await Account.filter(
        email__in=list(keys), kind=AccountKind.USER, keep_email_private=False
    )
    found = {row.email: row for row in rows}
    return [found.get(key) for key in keys]


async def _latest_release_by_repository_id(keys: Sequence[int]) -> list[int | None]:
    """The id of each repository's newest published release that is not a prerelease."""
    rows = await (
        Release.filter(repository_id__in=list(keys), is_draft=False, is_prerelease=False)
        .order_by("repository_id", "-published_at", "-id")
        .values("id", "repository_id")
    )
    latest: dict[int, int] = {}
    for row in rows:
        latest.setdefault(row["repository_id"], row["id"])
    return [latest.get(key) for key in keys]


def _by_id(model: type[M]) -> DataLoader[int, M | None]:
    return DataLoader(load_fn=partial(_one_each, model, "id"))


async def _step_logs(keys: Sequence[int]) -> list[str]:
    logs = await pipelines.logs_of(list(keys))
    return [logs[k] for k in keys]


class Loaders:
    """Built fresh for every request, so nothing is cached across callers; each
    loader is made the first time a resolver asks for it."""

    def __init__(self, viewer_id: int | None) -> None:
        self.viewer_id = viewer_id

    @cached_property
    def accounts_by_id(self) -> DataLoader[int, Account | None]:
        return _by_id(Account)

    @cached_property
    def repositories_by_id(self) -> DataLoader[int, Repository | None]:
        return _by_id(Repository)

    @cached_property
    def repositories_by_path(self) -> DataLoader[tuple[str, str], Repository | None]:
        """Repositories by ``(owner login, name)`` as given; prime ``repositories_by_id`` too."""
        return DataLoader(load_fn=_repositories_by_path)

    @cached_property
    def accounts_by_login(self) -> DataLoader[str, Account | None]:
        """Accounts by login as given, of either kind; prime ``accounts_by_id`` too."""
        return DataLoader(load_fn=_accounts_by_login)

    @cached_property
    def step_logs_by_step_id(self) -> DataLoader[int, str]:
        """A CI step's stored log text."""
        return DataLoader(load_fn=_step_logs)

    @cached_property
    def issues_by_id(self) -> DataLoader[int, Issue | None]:
        return _by_id(Issue)

    @cached_property
    def milestones_by_id(self) -> DataLoader[int, Milestone | None]:
        return _by_id(Milestone)

    @cached_property
    def pull_requests_by_id(self) -> DataLoader[int, PullRequest | None]:
        return _by_id(PullRequest)

    @cached_property
    def releases_by_id(self) -> DataLoader[int, Release | None]:
        return _by_id(Release)

    @cached_property
    def pushes_by_id(self) -> DataLoader[int, Push | None]:
        return _by_id(Push)

    @cached_property
    def latest_release_by_repository_id(self) -> DataLoader[int, int | None]:
        return DataLoader(load_fn=_latest_release_by_repository_id)

    @cached_property
    def users_by_public_email(self) -> DataLoader[str, Account | None]:
        """GitActor.user: a commit's address to its user, for addresses not kept private."""
        return DataLoader(load_fn=_users_by_public_email)

    @cached_property
    def labels_by_issue_id(self) -> DataLoader[int, list[Label]]:
        return DataLoader(load_fn=_labels_by_issue_id)

    @cached_property
    def assignees_by_issue_id(self) -> DataLoader[int, list[Account]]:
        return DataLoader(load_fn=_assignees_by_issue_id)

    @cached_property
    def follower_counts_by_user_id(self) -> DataLoader[int, int]:
        """How many users follow each user."""
        return DataLoader(load_fn=partial(follows.counts, "user_id"))

    @cached_property
    def following_counts_by_user_id(self) -> DataLoader[int, int]:
        """How many users each user follows."""
        return DataLoader(load_fn=partial(follows.counts, "follower_id"))

    @cached_property
    def viewer_follows_by_user_id(self) -> DataLoader[int, bool]:
        """Whether the viewer follows each user (False for an anonymous viewer)."""
        return DataLoader(load_fn=partial(_viewer_follows, self.viewer_id))

    @cached_property
    def follows_viewer_by_user_id(self) -> DataLoader[int, bool]:
        """Whether each user follows the viewer (False for an anonymous viewer)."""
        return DataLoader(load_fn=partial(_follow_the_viewer, self.viewer_id))

    @cached_property
    def viewer_memberships(self) -> DataLoader[int, Membership | None]:
        """The viewer's membership in each organization (None where not a member)."""
        return DataLoader(
            load_fn=partial(_viewer_rows, Membership, "organization_id", self.viewer_id)
        )

    @cached_property
    def viewer_collaborations(self) -> DataLoader[int, Collaborator | None]:
        """The viewer's collaborator row on each repository (None where not a collaborator)."""
        return DataLoader(
            load_fn=partial(_viewer_rows, Collaborator, "repository_id", self.viewer_id)
        )

    @cached_property
    def viewer_team_permissions(self) -> DataLoader[int, list[str]]:
        """The permissions of the viewer's teams on each repository ([] where none)."""
        return DataLoader(load_fn=partial(_viewer_team_permissions, self.viewer_id))

    @cached_property
    def pull_request_counts_by_repository_id(self) -> DataLoader[int, dict[str, int]]:
        """Pull request counts per state, for views that show them beside each repository."""
        return DataLoader(load_fn=partial(_state_counts, PullRequest, "repository_id"))

    @cached_property
    def issue_counts_by_milestone_id(self) -> DataLoader[int, dict[str, int]]:
        """Issue counts per state for each milestone."""
        return DataLoader(load_fn=partial(_state_counts, Issue, "milestone_id"))

    @cached_property
    def imports_by_repository_id(self) -> DataLoader[int, RepositoryImport | None]:
        return DataLoader(load_fn=partial(_one_each, RepositoryImport, "repository_id"))

    @cached_property
    def mirrors_by_repository_id(self) -> DataLoader[int, RepositoryMirror | None]:
        return DataLoader(load_fn=partial(_one_each, RepositoryMirror, "repository_id"))

    @cached_property
    def comment_counts_by_issue_id(self) -> DataLoader[int, int]:
        """How many comments each issue has, for lists that show the count (REST ``comments``)."""
        return DataLoader(load_fn=_comment_counts_by_issue_id)

    @cached_property
    def issue_titles_by_number(self) -> DataLoader[tuple[int, int], tuple[str, str] | None]:
        """What ``#number`` names in a repository, for Markdown references (caller checks read)."""
        return DataLoader(load_fn=_issue_titles_by_number)

    @cached_property
    def logins_by_lower(self) -> DataLoader[str, str | None]:
        """An account's login as written, by lower-cased login (``@mentions``)."""
        return DataLoader(load_fn=_logins_by_lower)

    @cached_property
    def ref_updates_by_push_id(self) -> DataLoader[int, list[RefUpdate]]:
        return DataLoader(load_fn=partial(_all_each, RefUpdate, "push_id"))

    @cached_property
    def release_assets_by_release_id(self) -> DataLoader[int, list[ReleaseAsset]]:
        """Every asset of each release, by id (GitHub caps a release at 1,000 assets)."""
        return DataLoader(load_fn=partial(_all_each, ReleaseAsset, "release_id"))

    @cached_property
    def branch_protection_rules_by_repository_id(
        self,
    ) -> DataLoader[int, list[BranchProtectionRule]]:
        """Every protection rule of each repository, oldest first (a handful per repository)."""
        return DataLoader(load_fn=partial(_all_each, BranchProtectionRule, "repository_id"))
