"""Merging a pull request: MERGE (a two-parent commit), SQUASH (one commit), FAST_FORWARD.

The row is claimed first (``merge_started_at``, conditional on OPEN and
unclaimed), so one pull request is merged once even when two requests race.
Merges into one repository take turns (its ``MERGES`` lock, across workers),
so independent pull requests merged at once all land. The git side moves the
base branch with a compare-and-swap on its old value; when a push moved it in
between, the merge is recomputed on the new tip, a few times after short
random waits, and only then refused with CONFLICT ("the base branch moved").
A real conflict between the branches is refused at once.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import random
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import anyio
from tortoise.transactions import in_transaction

from app.auth import scopes as sc
from app.errors import Conflict, Forbidden
from app.git import locks
from app.git import merge as git_merge
from app.git import signature as git_signature
from app.git.merge import MergeMethod
from app.models import Account, ActivityKind, Mergeable, PullRequest, PullRequestState, Repository
from app.services import activity, branch_protection, contents, counters, permission, webhook_event
from app.services import pull_request as pulls
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.naming import validate_message
from app.services.runtime import Storage

ATTEMPTS = 5
# The longest random wait before recomputing on a moved base, doubled each attempt.
RETRY_JITTER_SECONDS = 0.05
# How long a merge waits for its turn behind other merges into the same repository.
TURN_WAIT_SECONDS = 60.0


async def _check_protection(actor: Actor, repo: Repository, branch: str) -> None:
    """Protected branches take merges only from those who may bypass protection (admins).

    The same two questions the pre-receive hook asks of a push.
    """
    if not await may_merge_into(actor, repo, branch):
        raise Forbidden(f"'{branch}' is a protected branch; only its admins may merge into it.")


async def may_merge_into(actor: Actor, repo: Repository, branch: str) -> bool:
    """Whether branch protection lets the actor merge into ``branch``."""
    patterns = await branch_protection.protected_patterns(repo)
    if not any(fnmatch.fnmatchcase(branch, p) for p in patterns):
        return True
    return await branch_protection.may_bypass(actor, repo)


async def viewer_can_merge(actor: Actor, repo: Repository, pr: PullRequest) -> bool:
    """Whether a merge by the actor would pass the permission checks (not the git ones)."""
    if pr.state != PullRequestState.OPEN or not actor.has_scope(sc.REPO_WRITE):
        return False
    if await permission.repository_access(actor, repo) < permission.Access.WRITE:
        return False
    return await may_merge_into(actor, repo, pr.base_ref)


def signature_of(account: Account) -> git_merge.Signature:
    """The author and committer of the commits Ingot writes for ``account``.

    A name or email stored before today's rules that git would refuse is not
    repaired behind the user's back: the merge is refused with what to change.
    """
    email = account.email or f"{account.login_lower}@users.noreply.invalid"
    who = git_merge.Signature((account.display_name or "").strip() or account.login, email)
    try:
        return git_signature.check(who)
    except git_signature.BadObjectText as exc:
        field = "name" if exc.part == "name" else "email"
        raise Conflict(
            f"Your profile's {exc.part} cannot be a commit's author: it {exc.reason}. "
            "Change it (updateViewer) and merge again.",
            field=field,
        ) from None


def _message(
    pr: PullRequest,
    method: MergeMethod,
    commits: list[contents.CommitInfo],
    headline: str | None,
    body: str | None,
) -> str:
    if headline is None:
        if method == MergeMethod.SQUASH:
            headline = f"{pr.title} (#{pr.number})"
        else:
            headline = f"Merge pull request #{pr.number} from {pr.head_ref}"
    if body is None:
        if method == MergeMethod.SQUASH:
            lines = [(c.message.splitlines() or [""])[0] for c in reversed(commits)]
            body = "\n".join(f"* {line}" for line in lines)
        else:
            body = pr.title
    return f"{headline.strip()}\n\n{body.strip()}\n" if body.strip() else f"{headline.strip()}\n"


async def merge_pull_request(
    store: Storage,
    actor: Actor,
    repo: Repository,
    pr: PullRequest,
    *,
    method: MergeMethod = MergeMethod.MERGE,
    commit_headline: str | None = None,
    commit_body: str | None = None,
    expected_head_oid: str | None = None,
) -> PullRequest:
    """Merge ``pr`` into its base branch; needs WRITE access to the repository."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    merger = actor.require_account()
    if commit_headline is not None:
        validate_message(commit_headline, field="commitHeadline", max_length=255, single_line=True)
    if commit_body is not None:
        validate_message(
            commit_body, field="commitBody", max_length=pulls.MAX_BODY, single_line=False
        )
    signature_of(merger)  # a profile git would refuse fails before the pull request is claimed
    _require_open(pr)
    await _check_protection(actor, repo, pr.base_ref)
    path = await repositories.path_of(store, repo)
    now = datetime.now(UTC)
    claimed = await PullRequest.filter(
        pulls.not_merging(), id=pr.id, state=PullRequestState.OPEN, draft=False
    ).update(merge_started_at=now)
    if not claimed:
        _require_open(await PullRequest.get(id=pr.id))
        raise Conflict("This pull request is being merged right now.")
    try:
        new_oid, tips = await _merge_with_retry(
            path, pr, method, commit_headline, commit_body, expected_head_oid, merger
        )
    except git_signature.BadObjectText as exc:
        # The default message quotes the title and commits: refused, never written.
        await PullRequest.filter(id=pr.id, merge_started_at=now).update(merge_started_at=None)
        raise Conflict(f"The merge commit cannot be written: {exc}.") from None
    except BaseException:
        await PullRequest.filter(id=pr.id, merge_started_at=now).update(merge_started_at=None)
        raise
    merged_at = datetime.now(UTC)
    async with in_transaction():
        await PullRequest.filter(id=pr.id).update(
            state=PullRequestState.MERGED,
            mergeable=Mergeable.MERGEABLE,
            merged_at=merged_at,
            merged_by_id=merger.id,
            merge_commit_oid=new_oid,
            head_oid=tips.head,
            base_oid=tips.base,
            merge_base_oid=tips.merge_base,
            merge_started_at=None,
            updated_at=merged_at,
        )
        await counters.pull_request_moved(repo, PullRequestState.OPEN, PullRequestState.MERGED)
        await activity.record(ActivityKind.PULL_REQUEST_MERGED, repo, merger, pull_request=pr)
        await webhook_event.pull_request(
            repo, merger, "merged", pr.id, pr.number, merge_commit_oid=new_oid
        )
        # The merge moved the base branch: a push to it, as if the merger had pushed.
        await webhook_event.push(
            repo,
            merger,
            [(f"refs/heads/{pr.base_ref}", tips.base or "0" * 40, new_oid)],
            commit_counts={f"refs/heads/{pr.base_ref}": 1},
            pull_request_id=pr.id,
        )
    return await PullRequest.get(id=pr.id)


def _require_open(pr: PullRequest) -> None:
    if pr.state == PullRequestState.MERGED:
        raise Conflict("This pull request is already merged.")
    if pr.state == PullRequestState.CLOSED:
        raise Conflict("This pull request is closed; reopen it to merge.")
    if pr.draft:
        raise Conflict("This pull request is a draft; mark it ready for review to merge it.")


async def _merge_with_retry(
    path: Path,
    pr: PullRequest,
    method: MergeMethod,
    headline: str | None,
    body: str | None,
    expected_head_oid: str | None,
    merger: Account,
) -> tuple[str, git_merge.Tips]:
    who = signature_of(merger)
    async with _merge_turn(path):
        return await _merge_attempts(path, pr, method, headline, body, expected_head_oid, who)


@contextlib.asynccontextmanager
async def _merge_turn(path: Path) -> AsyncIterator[None]:
    """Wait for the repository's ``MERGES`` lock, polling: a thread blocked in flock
    could not be cancelled with its request."""
    deadline = anyio.current_time() + TURN_WAIT_SECONDS
    while (fd := locks.try_lock(path, locks.MERGES)) is None:
        if anyio.current_time() > deadline:
            raise Conflict("Other merges into this repository are taking long; try again.")
        await anyio.sleep(random.uniform(0.005, 0.02))  # noqa: S311 (not a secret)
    try:
        yield
    finally:
        locks.release(fd)


def _writing(path: Path, work: Callable[[], str]) -> str:
    """``work`` holding the writers lock, so its ref lock is not taken for a crash's."""
    with locks.writing(path):
        return work()


async def _merge_attempts(
    path: Path,
    pr: PullRequest,
    method: MergeMethod,
    headline: str | None,
    body: str | None,
    expected_head_oid: str | None,
    who: git_merge.Signature,
) -> tuple[str, git_merge.Tips]:
    for attempt in range(ATTEMPTS):
        tips = await pulls.pr_tips(path, pr)
        if tips.head is None:
            raise Conflict(f"The head branch '{pr.head_ref}' no longer exists.")
        if tips.base is None:
            raise Conflict(f"The base branch '{pr.base_ref}' no longer exists.")
        if expected_head_oid is not None and tips.head != expected_head_oid:
            raise Conflict(
                "The head branch moved since you looked; review it again.",
                field="expectedHeadOid",
            )
        if tips.merge_base is None:
            raise Conflict("The branches share no history.")
        commits = await contents.commits_between(contents.GitHandle(path), tips.base, tips.head)
        message = _message(pr, method, commits, headline, body)
        try:
            merge = functools.partial(
                git_merge.merge, path, pr.base_ref, tips.head, method, message, who, who, tips.base
            )
            new_oid = await anyio.to_thread.run_sync(_writing, path, merge)
        except git_merge.MergeRefused as exc:
            raise Conflict(str(exc), field="mergeMethod") from None
        except git_merge.RefMoved:
            if attempt + 1 < ATTEMPTS:
                # A push moved the base: recompute on its new tip, after a short random wait.
                await anyio.sleep(random.uniform(0, RETRY_JITTER_SECONDS * 2**attempt))  # noqa: S311
                continue
            raise Conflict("The base branch moved while merging; try again.") from None
        return new_oid, tips
    raise AssertionError("unreachable")
