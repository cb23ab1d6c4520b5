"""Committing files through the API (GraphQL ``createCommitOnBranch``, Gogs ``putContents``).

A commit written here is a push by its author in every way that matters: the
same write access and token scope, the same protected-branch decision as the
pre-receive hook (``branch_protection.may_update``), refused on a mirror, the
same path rules git's fsck applies to a pushed tree (``app/git/commit_files.py``),
and recorded by ``push.record_updates`` (Push row, activity, CI, webhooks).

The branch moves with a compare-and-swap on its old tip under the repository's
writers lock. When the caller did not pin the tip (``expected_head_oid``), a
concurrent push makes the commit be recomputed on the new tip, so no writer
loses a commit; the per-file checks (``expected_blobs``) are made again there.
"""

from __future__ import annotations

import base64
import binascii
import functools
import random
from dataclasses import dataclass
from pathlib import Path

import anyio

from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.git import commit_files, locks, refname, storage
from app.git import signature as git_signature
from app.git.commit_files import ZERO, FileChangeRefused, Outcome, RefMoved
from app.models import Repository
from app.services import branch_protection, permission, push
from app.services import mirror as mirrors
from app.services import repository as repositories
from app.services.actor import Actor
from app.services.contents import GitHandle, TreeEntry
from app.services.naming import validate_message
from app.services.pull_request_merge import signature_of
from app.services.runtime import Runtime

ATTEMPTS = 5
MAX_FILES = 100
MAX_HEADLINE = 1024
MAX_BODY = 65536


@dataclass(frozen=True)
class FileAddition:
    path: str
    contents: str  # base64
    # The blob the file must have now; ZERO: it must not exist; None: no check.
    expected_oid: str | None = None


def _decode(addition: FileAddition, index: int) -> bytes:
    try:
        return base64.b64decode(addition.contents.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise InvalidInput(
            f"The contents of '{addition.path}' are not valid base64.",
            field=f"fileChanges.additions.{index}.contents",
        ) from None


def _check_path(path: str, field: str) -> str:
    problem = commit_files.path_problem(path)
    if problem:
        raise InvalidInput(f"The path '{path[:200]}' {problem}.", field=field)
    return path


def _message(headline: str, body: str) -> str:
    validate_message(headline, field="message.headline", max_length=MAX_HEADLINE, single_line=True)
    validate_message(body, field="message.body", max_length=MAX_BODY, single_line=False)
    return f"{headline.strip()}\n\n{body.strip()}\n" if body.strip() else f"{headline.strip()}\n"


async def commit_on_branch(
    runtime: Runtime,
    actor: Actor,
    repo: Repository,
    branch: str,
    *,
    headline: str,
    body: str = "",
    additions: list[FileAddition],
    deletions: list[str],
    expected_head_oid: str | None = None,
) -> Outcome:
    """Commit the changes on ``branch`` as the actor; returns the old and new tips."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    author = actor.require_account()
    if repo.is_mirror:
        raise Forbidden(mirrors.READ_ONLY)
    message = _message(headline, body)
    if not additions and not deletions:
        raise InvalidInput("A commit needs at least one file change.", field="fileChanges")
    if len(additions) + len(deletions) > MAX_FILES:
        raise InvalidInput(f"A commit may change at most {MAX_FILES} files.", field="fileChanges")
    try:
        commit_files.merge.validate_branch(branch)
    except ValueError:
        raise InvalidInput("That is not a valid branch name.", field="branch") from None
    if expected_head_oid is not None and not _is_oid(expected_head_oid):
        raise InvalidInput("'expectedHeadOid' must be a full commit id.", field="expectedHeadOid")
    files = [
        (_check_path(a.path, f"fileChanges.additions.{i}.path"), _decode(a, i))
        for i, a in enumerate(additions)
    ]
    gone = [_check_path(p, f"fileChanges.deletions.{i}.path") for i, p in enumerate(deletions)]
    checks = {
        a.path: (None if a.expected_oid == ZERO else a.expected_oid)
        for a in additions
        if a.expected_oid is not None
    }
    if not await branch_protection.may_update(actor, repo, branch):
        raise Forbidden(f"'{branch}' is a protected branch; only its admins may commit to it.")
    who = signature_of(author)
    path = await repositories.path_of(runtime.storage, repo)
    if not path.is_dir():
        raise NotFound("The repository's storage is missing.")
    outcome = await _attempts(path, branch, expected_head_oid, files, gone, message, who, checks)
    await push.record_updates(
        runtime, repo, author, path, [(f"refs/heads/{branch}", outcome.old_oid, outcome.new_oid)]
    )
    return outcome


def _is_oid(value: str) -> bool:
    return len(value) == 40 and all(c in "0123456789abcdef" for c in value)


def _start(path: Path, branch: str, expected: str | None) -> str | None:
    """The tip to build on: the expected one, the branch's, or ZERO in an empty repository."""
    names = storage.branch_names(path)
    if branch in names:
        return expected
    if names:
        raise NotFound(f"There is no branch '{branch}'.", field="branch")
    # The first commit of an empty repository creates the branch: the new-name policy applies.
    problem = refname.short_name_problem(branch, refname.BRANCHES)
    if problem:
        raise InvalidInput(f"A branch cannot be called that: it {problem}.", field="branch")
    return expected if expected is not None else ZERO


async def _attempts(
    path: Path,
    branch: str,
    expected: str | None,
    files: list[tuple[str, bytes]],
    gone: list[str],
    message: str,
    who: git_signature.Signature,
    checks: dict[str, str | None],
) -> Outcome:
    for attempt in range(ATTEMPTS):
        start = await anyio.to_thread.run_sync(_start, path, branch, expected)
        work = functools.partial(
            commit_files.commit_files,
            path,
            branch,
            start,
            files,
            gone,
            message,
            who,
            who,
            blob_checks=checks,
        )
        try:
            return await anyio.to_thread.run_sync(_writing, path, work)
        except FileChangeRefused as exc:
            if exc.conflict and exc.path in checks and checks[exc.path] is None:
                raise InvalidInput(
                    f"{exc} Give its current sha to replace it.", field="sha"
                ) from None
            if exc.conflict and exc.path in checks:
                raise Conflict(f"{exc}", field="sha") from None
            if exc.conflict:
                raise Conflict(str(exc), field="fileChanges") from None
            raise InvalidInput(str(exc), field="fileChanges") from None
        except git_signature.BadObjectText as exc:
            raise InvalidInput(f"The commit cannot be written: {exc}.", field="message") from None
        except RefMoved:
            if expected is not None:
                raise Conflict(
                    f"The branch '{branch}' is not at {expected}.", field="expectedHeadOid"
                ) from None
            if attempt + 1 < ATTEMPTS:
                await anyio.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311
                continue
            raise Conflict(f"The branch '{branch}' kept moving; try again.") from None
    raise AssertionError("unreachable")


def _writing(path: Path, work: functools.partial[Outcome]) -> Outcome:
    with locks.writing(path):
        return work()


async def file_at(git: GitHandle, commit_oid: str, path: str) -> TreeEntry | None:
    """The entry at ``path`` in a commit's tree (GraphQL ``Commit.file``)."""
    if commit_files.path_problem(path.strip("/")):
        return None
    return await git.run(lambda repo: commit_files.entry_at(repo, commit_oid, path))
