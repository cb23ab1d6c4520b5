"""Pull requests between two branches of one repository.

Decisions:

- Numbers: a pull request takes its number from ``Repository.issue_counter``,
  the counter issues use, in the same transaction as the insert (as GitHub and
  Gitea do), so ``#5`` names one issue or one pull request, never both.
- Comments live in their own table (``PullRequestComment``) rather than a
  nullable foreign key on the issue ``Comment``: the issue code keeps its
  invariant that every comment has an issue.
- Permissions: whoever can read the repository may open a pull request and
  comment (with ``repo:write`` on a token, like issues); its author or a
  repository writer may edit, close and reopen it; merging needs WRITE.
- Mergeability is computed lazily: the row keeps the branch tips the cached
  ``mergeable`` was computed on; ``refresh`` re-reads the tips (cheap) and
  recomputes only when one moved. ``refresh_for_push`` does the same for the
  pull requests a push touched; ``push.after_push`` calls it after every push.
- Merging into a protected branch (``branch_protection``) needs ``may_bypass``,
  as pushing to it does.
- A pull request whose head commit becomes reachable from its base by a plain
  push is marked MERGED (as GitHub does), with ``merge_commit_oid`` the base
  tip seen at that moment and ``merged_by`` the pusher when known.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import pygit2
from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.git import alternates, locks, mirror
from app.git import merge as git_merge
from app.models import (
    Account,
    ActivityKind,
    Mergeable,
    PullRequest,
    PullRequestComment,
    PullRequestState,
    Repository,
)
from app.services import activity, counters, naming, permission, webhook_event
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.issue import MAX_THREAD
from app.services.naming import validate_text
from app.services.runtime import Storage

MAX_BODY = 65_536
EAGER_REFRESH_LIMIT = 20
# A merge claim older than this belongs to a process that died mid-merge.
MERGE_CLAIM_TIMEOUT = timedelta(minutes=5)


def not_merging() -> Q:
    """Rows no live merge has claimed."""
    stale = datetime.now(UTC) - MERGE_CLAIM_TIMEOUT
    return Q(merge_started_at__isnull=True) | Q(merge_started_at__lt=stale)


def branch_name(value: str, field: str) -> str:
    """A pull request names branches that exist; new ones could not have names the policy
    refuses, so the policy is the check (also before any lookup)."""
    return naming.branch_name(value, field)


async def tips_of(
    path: Path, head_ref: str, base_ref: str, head_qualified: str | None = None
) -> git_merge.Tips:
    tips = functools.partial(git_merge.tips, head_qualified=head_qualified)
    return await anyio.to_thread.run_sync(tips, path, head_ref, base_ref)


def head_in_base(pr: PullRequest) -> str | None:
    """Where a fork's pull request keeps its head inside the base repository (None: the
    head is a branch of the base repository itself)."""
    return f"refs/pull/{pr.number}/head" if pr.is_cross_repository else None


async def pr_tips(path: Path, pr: PullRequest, base_ref: str | None = None) -> git_merge.Tips:
    """The tips of ``pr``'s head and base (or ``base_ref``) in the base repository."""
    return await tips_of(path, pr.head_ref, base_ref or pr.base_ref, head_in_base(pr))


async def _require_comparable(
    path: Path, head_ref: str, base_ref: str, head_qualified: str | None = None
) -> git_merge.Tips:
    """The tips of two existing branches with commits between them, or a 4xx error."""
    if head_ref == base_ref and head_qualified is None:
        raise InvalidInput("The head and base branches must differ.", field="baseRefName")
    tips = await tips_of(path, head_ref, base_ref, head_qualified)
    if tips.head is None:
        raise NotFound(f"There is no branch '{head_ref}'.", field="headRefName")
    if tips.base is None:
        raise NotFound(f"There is no branch '{base_ref}'.", field="baseRefName")
    if tips.merge_base is None:
        raise InvalidInput(f"'{head_ref}' and '{base_ref}' share no history.", field="headRefName")
    if tips.merge_base == tips.head:
        raise InvalidInput(
            f"There are no commits between '{base_ref}' and '{head_ref}'.", field="headRefName"
        )
    return tips


async def _mergeable(path: Path, tips: git_merge.Tips) -> Mergeable:
    if tips.head is None or tips.base is None:
        return Mergeable.UNKNOWN
    if tips.merge_base is None:
        return Mergeable.CONFLICTING
    conflicts = await anyio.to_thread.run_sync(git_merge.has_conflicts, path, tips.base, tips.head)
    return Mergeable.CONFLICTING if conflicts else Mergeable.MERGEABLE


def require_write_scope(actor: Actor) -> Account:
    """Opening, commenting on and editing pull requests: ``pull_request:write``
    (which ``repo:write`` grants)."""
    account = actor.require_account()
    if not actor.has_scope(sc.PULL_REQUEST_WRITE):
        raise Forbidden("This token lacks the 'pull_request:write' scope.")
    return account


async def create_pull_request(
    store: Storage,
    actor: Actor,
    repo: Repository,
    *,
    title: str,
    head_ref: str,
    base_ref: str,
    body: str = "",
    head_repository: Repository | None = None,
    draft: bool = False,
) -> PullRequest:
    """Open a pull request (a draft if ``draft``); anyone who can read the repository may
    (tokens need repo:write).

    ``head_repository``: a fork of ``repo`` whose branch ``head_ref`` is proposed; a
    ``head_ref`` of ``owner:branch`` (GitHub's and Gitea's form; git refuses ':' in
    branch names) names the fork by its owner instead.
    """
    await permission.require_read(actor, repo)
    author = require_write_scope(actor)
    validate_text(title, field="title", max_length=255, required=True)
    validate_text(body, field="body", max_length=MAX_BODY)
    if head_repository is None and isinstance(head_ref, str) and ":" in head_ref:
        login, head_ref = head_ref.split(":", 1)
        # One answer for no such fork and a fork the actor cannot read.
        head_repository = await permission.require_read(
            actor, await _repository_in_network(repo, login)
        )
    branch_name(head_ref, "headRefName")
    branch_name(base_ref, "baseRefName")
    if head_repository is not None and head_repository.id != repo.id:
        return await _create_from_fork(
            store, actor, repo, head_repository, title, head_ref, base_ref, body, draft
        )
    path = await repositories.path_of(store, repo)
    tips = await _require_comparable(path, head_ref, base_ref)
    if await PullRequest.exists(
        repository_id=repo.id,
        head_ref=head_ref,
        base_ref=base_ref,
        state=PullRequestState.OPEN,
        is_cross_repository=False,
    ):
        raise Conflict(
            f"An open pull request from '{head_ref}' into '{base_ref}' already exists.",
            field="headRefName",
        )
    mergeable = await _mergeable(path, tips)
    async with in_transaction():
        # Shared with issues: the row update takes the row's write lock.
        await Repository.filter(id=repo.id).update(issue_counter=F("issue_counter") + 1)
        number = await Repository.filter(id=repo.id).values_list("issue_counter", flat=True)
        pr = await PullRequest.create(
            repository_id=repo.id,
            number=number[0],
            title=title.strip(),
            body=body,
            author=author,
            head_ref=head_ref,
            base_ref=base_ref,
            head_oid=tips.head,
            base_oid=tips.base,
            merge_base_oid=tips.merge_base,
            mergeable=mergeable,
            draft=draft,
        )
        await counters.pull_request_moved(repo, None, PullRequestState.OPEN)
        await activity.record(ActivityKind.PULL_REQUEST_OPENED, repo, author, pull_request=pr)
        await webhook_event.pull_request(repo, author, "opened", pr.id, pr.number)
    return pr


async def _repository_in_network(repo: Repository, login: str) -> Repository | None:
    """``repo`` itself when ``login`` owns it, else ``login``'s fork of ``repo`` (or None)."""
    owner = await Account.get_or_none(id=repo.owner_id)
    if owner is not None and owner.login_lower == login.lower():
        return repo
    return await Repository.filter(
        parent_id=repo.id, owner__login_lower=login[:100].lower()
    ).first()


async def _create_from_fork(
    store: Storage,
    actor: Actor,
    repo: Repository,
    fork: Repository,
    title: str,
    head_ref: str,
    base_ref: str,
    body: str,
    draft: bool = False,
) -> PullRequest:
    """A pull request from a branch of ``fork`` into ``repo``, its parent. The head's
    commits are fetched into ``refs/pull/<n>/head`` of ``repo``, inside the transaction
    that takes the number (a refusal leaves neither the number nor the ref behind)."""
    await permission.require_read(actor, fork)
    author = require_write_scope(actor)
    if fork.parent_id != repo.id:
        raise InvalidInput(
            "The head repository must be a fork of the base repository.",
            field="headRepositoryId",
        )
    if fork.is_private and not repo.is_private:
        raise InvalidInput(
            "A private fork cannot propose its commits to a public repository.",
            field="headRepositoryId",
        )
    if await PullRequest.exists(
        repository_id=repo.id,
        head_repository_id=fork.id,
        head_ref=head_ref,
        base_ref=base_ref,
        state=PullRequestState.OPEN,
    ):
        raise Conflict(
            f"An open pull request from '{head_ref}' into '{base_ref}' already exists.",
            field="headRefName",
        )
    path = await repositories.path_of(store, repo)
    fork_path = await repositories.path_of(store, fork)
    tips = await tips_of(fork_path, head_ref, head_ref)
    if tips.head is None:
        raise NotFound(f"There is no branch '{head_ref}'.", field="headRefName")
    async with in_transaction():
        await Repository.filter(id=repo.id).update(issue_counter=F("issue_counter") + 1)
        number = (await Repository.filter(id=repo.id).values_list("issue_counter", flat=True))[0]
        target = f"refs/pull/{number}/head"
        try:
            await fetch_head(path, fork_path, head_ref, target)
            tips = await _require_comparable(path, head_ref, base_ref, target)
            mergeable = await _mergeable(path, tips)
            pr = await PullRequest.create(
                repository_id=repo.id,
                number=number,
                title=title.strip(),
                body=body,
                author=author,
                head_ref=head_ref,
                head_repository_id=fork.id,
                is_cross_repository=True,
                draft=draft,
                base_ref=base_ref,
                head_oid=tips.head,
                base_oid=tips.base,
                merge_base_oid=tips.merge_base,
                mergeable=mergeable,
            )
            await counters.pull_request_moved(repo, None, PullRequestState.OPEN)
            await activity.record(ActivityKind.PULL_REQUEST_OPENED, repo, author, pull_request=pr)
            await webhook_event.pull_request(repo, author, "opened", pr.id, pr.number)
        except BaseException:
            await anyio.to_thread.run_sync(_drop_ref, path, target)
            raise
    return pr


def _drop_ref(path: Path, name: str) -> None:
    with locks.writing(path):
        repo = pygit2.Repository(str(path))
        if repo.references.get(name) is not None:
            repo.references.delete(name)


async def fetch_head(base: Path, fork: Path, branch: str, target: str) -> str:
    """Fetch a fork's ``branch`` into ``target`` of the base repository (under its writers
    lock, as every ref change Ingot makes)."""

    def fetch() -> str:
        with (
            tempfile.TemporaryDirectory(prefix="ingot-git-home-") as home,
            locks.writing(base),
        ):
            env = mirror.isolated_env(Path(home))
            return alternates.fetch_branch(base, fork, branch, target, env)

    try:
        return await anyio.to_thread.run_sync(fetch)
    except (alternates.FetchFailed, subprocess.TimeoutExpired) as exc:
        raise Conflict(f"The head branch could not be fetched: {exc}.") from None


def pull_requests_query(
    repo: Repository, states: list[PullRequestState] | None
) -> QuerySet[PullRequest]:
    query = PullRequest.filter(repository_id=repo.id)
    if states:
        query = query.filter(state__in=list(states))
    return query


def comments_query(pr: PullRequest) -> QuerySet[PullRequestComment]:
    return PullRequestComment.filter(pull_request_id=pr.id)


async def thread(pr: PullRequest) -> list[PullRequestComment]:
    """The pull request's comments, oldest first, in one query (at most ``MAX_THREAD``)."""
    return await comments_query(pr).order_by("id").limit(MAX_THREAD)


async def add_comment(
    actor: Actor, repo: Repository, pr: PullRequest, body: str
) -> PullRequestComment:
    await permission.require_read(actor, repo)
    author = require_write_scope(actor)
    validate_text(body, field="body", max_length=MAX_BODY, required=True)
    async with in_transaction():
        comment = await PullRequestComment.create(pull_request_id=pr.id, author=author, body=body)
        await PullRequest.filter(id=pr.id).update(updated_at=comment.created_at)
        await activity.record(ActivityKind.ISSUE_COMMENTED, repo, author, pull_request=pr)
        await webhook_event.issue_comment(
            repo, author, "created", comment_id=comment.id, number=pr.number, pull_request_id=pr.id
        )
    return comment


async def refresh(
    pr: PullRequest, path: Path, pusher: Account | None = None, *, force: bool = False
) -> PullRequest:
    """Bring an open pull request's tips, merge base and mergeable state up to date.

    Reads both branch tips; recomputes only when one moved (or ``force``).
    Marks the pull request MERGED when its head became reachable from its base.
    """
    if pr.state != PullRequestState.OPEN:
        return pr
    tips = await pr_tips(path, pr)
    # A deleted branch keeps its last known commit.
    head, base = tips.head or pr.head_oid, tips.base or pr.base_oid
    missing = tips.head is None or tips.base is None
    unchanged = (head, base) == (pr.head_oid, pr.base_oid)
    # UNKNOWN is the settled answer exactly when a branch is missing.
    if not force and unchanged and (pr.mergeable == Mergeable.UNKNOWN) == missing:
        return pr
    if tips.base is not None and await anyio.to_thread.run_sync(
        git_merge.is_ancestor, path, head, tips.base
    ):
        now = datetime.now(UTC)
        changes: dict[str, object] = {
            "state": PullRequestState.MERGED,
            "head_oid": head,
            "mergeable": Mergeable.MERGEABLE,
            "merged_at": now,
            "merged_by_id": pusher.id if pusher else None,
            "merge_commit_oid": tips.base,
            "updated_at": now,
        }
    else:
        changes = {
            "head_oid": head,
            "base_oid": base,
            "merge_base_oid": pr.merge_base_oid if missing else tips.merge_base,
            "mergeable": await _mergeable(path, tips),
        }
    async with in_transaction():
        updated = await PullRequest.filter(id=pr.id, state=PullRequestState.OPEN).update(**changes)
        if updated and "state" in changes:
            await counters.pull_request_moved(
                pr.repository_id, PullRequestState.OPEN, PullRequestState.MERGED
            )
    if updated:
        for name, value in changes.items():
            setattr(pr, name, value)
        return pr
    return await PullRequest.get(id=pr.id)


async def refresh_for_push(
    store: Storage, repo: Repository, ref_names: list[str], pusher: Account | None = None
) -> list[PullRequest]:
    """Refresh the open pull requests whose head or base is among the pushed refs.

    ``ref_names`` are full names (``refs/heads/x``); other refs are ignored.
    The first ``EAGER_REFRESH_LIMIT`` (newest first) are recomputed now; the
    rest are marked UNKNOWN and recomputed when next read, so a push to a
    branch with hundreds of pull requests does not do hundreds of merges.
    """
    branches = [r.removeprefix("refs/heads/") for r in ref_names if r.startswith("refs/heads/")]
    if not branches:
        return []
    synced = await _sync_fork_heads(store, repo, branches, pusher)
    path = await repositories.path_of(store, repo)
    touched = await PullRequest.filter(
        Q(head_ref__in=branches, is_cross_repository=False) | Q(base_ref__in=branches),
        repository_id=repo.id,
        state=PullRequestState.OPEN,
    ).order_by("-id")
    now, later = touched[:EAGER_REFRESH_LIMIT], touched[EAGER_REFRESH_LIMIT:]
    if later:
        await PullRequest.filter(id__in=[pr.id for pr in later]).update(mergeable=Mergeable.UNKNOWN)
    return synced + [await refresh(pr, path, pusher, force=True) for pr in now]


async def _sync_fork_heads(
    store: Storage, fork: Repository, branches: list[str], pusher: Account | None
) -> list[PullRequest]:
    """A push to a fork's branch moves the heads of the open pull requests it proposes:
    fetched into each base repository's ``refs/pull/<n>/head``, then refreshed."""
    if fork.parent_id is None:
        return []  # only a fork proposes to its parent: no query for any other push
    proposed = await PullRequest.filter(
        head_repository_id=fork.id,
        head_ref__in=branches,
        is_cross_repository=True,
        state=PullRequestState.OPEN,
    ).order_by("-id")
    if not proposed:
        return []
    fork_path = await repositories.path_of(store, fork)
    refreshed = []
    for pr in proposed[:EAGER_REFRESH_LIMIT]:
        base = await Repository.get_or_none(id=pr.repository_id)
        if base is None:
            continue
        path = await repositories.path_of(store, base)
        target = head_in_base(pr)
        assert target is not None
        try:
            await fetch_head(path, fork_path, pr.head_ref, target)
        except Conflict:
            continue  # the branch was deleted: the pull request keeps its last head
        refreshed.append(await refresh(pr, path, pusher, force=True))
    return refreshed


async def can_edit(actor: Actor, repo: Repository, pr: PullRequest) -> bool:
    """The author (while they can read the repository) or a repository writer."""
    account = actor.account
    if account is None:
        return False
    access = await permission.repository_access(actor, repo)
    if pr.author_id == account.id and access >= permission.Access.READ:
        return True
    return access >= permission.Access.WRITE


async def update_pull_request(
    store: Storage,
    actor: Actor,
    repo: Repository,
    pr: PullRequest,
    *,
    title: str | None = None,
    body: str | None = None,
    base_ref: str | None = None,
    state: PullRequestState | None = None,
) -> PullRequest:
    """Edit title, body or base branch, or close/reopen; the author or a writer may."""
    await permission.require_read(actor, repo)
    require_write_scope(actor)
    if not await can_edit(actor, repo, pr):
        raise Forbidden("Only the author or a repository writer can change this pull request.")
    changes: dict[str, object] = {}
    if title is not None:
        validate_text(title, field="title", max_length=255, required=True)
        changes["title"] = title.strip()
    if body is not None:
        changes["body"] = validate_text(body, field="body", max_length=MAX_BODY)
    if state == PullRequestState.MERGED:
        raise InvalidInput("Merge a pull request with mergePullRequest.", field="state")
    new_base = pr.base_ref if base_ref is None else branch_name(base_ref, "baseRefName")
    new_state = pr.state if state is None else state
    if pr.state == PullRequestState.MERGED and (new_base, new_state) != (pr.base_ref, pr.state):
        raise Conflict("This pull request is already merged.")
    path = await repositories.path_of(store, repo)
    if new_state == PullRequestState.OPEN and (new_base, new_state) != (pr.base_ref, pr.state):
        await _require_openable(path, pr, new_base)
    if new_base != pr.base_ref:
        changes.update(base_ref=new_base, mergeable=Mergeable.UNKNOWN)
    if new_state != pr.state:
        changes["closed_at"] = datetime.now(UTC) if new_state == PullRequestState.CLOSED else None
        changes["state"] = new_state
        changes["mergeable"] = Mergeable.UNKNOWN
    if changes:
        changes["updated_at"] = datetime.now(UTC)
        async with in_transaction():
            # Conditional on the state we read, so a close never overwrites a merge that won.
            updated = await PullRequest.filter(
                not_merging(),
                id=pr.id,
                state=pr.state,
            ).update(**changes)
            if not updated:
                raise Conflict("The pull request changed meanwhile (merged or being merged).")
            await counters.pull_request_moved(repo, pr.state, new_state)
            if new_state == PullRequestState.CLOSED != pr.state:
                await activity.record(
                    ActivityKind.PULL_REQUEST_CLOSED, repo, actor.account, pull_request=pr
                )
            await _raise_update(repo, actor, pr, changes)
    fresh = await PullRequest.get(id=pr.id)
    return await refresh(fresh, path, force=True)


async def set_draft(actor: Actor, repo: Repository, pr: PullRequest, draft: bool) -> PullRequest:
    """Convert an open pull request to a draft or mark it ready: the author or a writer."""
    await permission.require_read(actor, repo)
    require_write_scope(actor)
    if not await can_edit(actor, repo, pr):
        raise Forbidden("Only the author or a repository writer can change this pull request.")
    if pr.state != PullRequestState.OPEN:
        raise Conflict("Only an open pull request can change between draft and ready.")
    if pr.draft != draft:
        now = datetime.now(UTC)
        await PullRequest.filter(id=pr.id, state=PullRequestState.OPEN).update(
            draft=draft, updated_at=now
        )
    return await PullRequest.get(id=pr.id)


async def _raise_update(
    repo: Repository, actor: Actor, pr: PullRequest, changes: dict[str, object]
) -> None:
    """``pull_request`` events for an update (inside its transaction)."""
    edited = webhook_event.changes(
        title=pr.title if changes.get("title", pr.title) != pr.title else None,
        body=pr.body if changes.get("body", pr.body) != pr.body else None,
    )
    if changes.get("base_ref") is not None:
        edited["base"] = {"ref": {"from": pr.base_ref}}
    if edited:
        await webhook_event.pull_request(
            repo, actor.account, "edited", pr.id, pr.number, changes=edited
        )
    if "state" in changes:
        action = "closed" if changes["state"] == PullRequestState.CLOSED else "reopened"
        await webhook_event.pull_request(repo, actor.account, action, pr.id, pr.number)


async def _require_openable(path: Path, pr: PullRequest, base_ref: str) -> None:
    """An open pull request from ``pr.head_ref`` into ``base_ref`` could exist (besides ``pr``)."""
    await _require_comparable(path, pr.head_ref, base_ref, head_in_base(pr))
    if await PullRequest.exists(
        repository_id=pr.repository_id,
        head_repository_id=pr.head_repository_id,
        is_cross_repository=pr.is_cross_repository,
        head_ref=pr.head_ref,
        base_ref=base_ref,
        state=PullRequestState.OPEN,
        id__not=pr.id,
    ):
        raise Conflict("Another open pull request has the same head and base.", field="state")
