"""Merging one branch into another inside a bare repository, never a working tree.

Merge commits are written with ``create_commit(None, ...)`` (no ref), then the
branch moves with ``git update-ref NEW OLD``: git locks the ref and refuses if
it no longer points at OLD, so a push or another merge that landed in between
is never overwritten. pygit2's ``references.create(force=True)`` has no such
check and is not used for this.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pygit2

from app.git import refname, signature
from app.git.signature import Signature


class MergeMethod(StrEnum):
    MERGE = "MERGE"
    SQUASH = "SQUASH"
    FAST_FORWARD = "FAST_FORWARD"
    # GitHub's rebase merge: each head commit replayed on the base, authors kept.
    REBASE = "REBASE"


class MergeRefused(Exception):
    """The merge cannot be made as asked (conflicts, not fast-forward, nothing to merge)."""


class RefMoved(Exception):
    """The branch no longer points at the commit the merge was computed on."""


@dataclass(frozen=True)
class Tips:
    """Where the two branches point now (None for a missing branch) and their merge base."""

    head: str | None
    base: str | None
    merge_base: str | None


def branch_tip(repo: pygit2.Repository, branch: str) -> str | None:
    return _ref_tip(repo, f"refs/heads/{branch}")


def _ref_tip(repo: pygit2.Repository, name: str) -> str | None:
    ref = repo.references.get(name)
    if ref is None:
        return None
    target = ref.resolve().target
    return str(target)


def tips(path: Path, head_ref: str, base_ref: str, *, head_qualified: str | None = None) -> Tips:
    """The tips of branches ``head_ref`` and ``base_ref``; ``head_qualified`` names the head
    by its full ref instead (a fork's pull request: ``refs/pull/<n>/head``)."""
    repo = pygit2.Repository(str(path))
    head = _ref_tip(repo, head_qualified) if head_qualified else branch_tip(repo, head_ref)
    base = branch_tip(repo, base_ref)
    merge_base = None
    if head and base:
        found = repo.merge_base(pygit2.Oid(hex=head), pygit2.Oid(hex=base))
        merge_base = str(found) if found else None
    return Tips(head, base, merge_base)


def is_ancestor(path: Path, ancestor: str, descendant: str) -> bool:
    """True if ``ancestor`` is ``descendant`` or reachable from it."""
    if ancestor == descendant:
        return True
    repo = pygit2.Repository(str(path))
    try:
        return bool(repo.descendant_of(pygit2.Oid(hex=descendant), pygit2.Oid(hex=ancestor)))
    except (KeyError, pygit2.GitError):
        # A commit pruned from the repository is reachable from nothing.
        return False


def _merged_index(repo: pygit2.Repository, base: pygit2.Oid, head: pygit2.Oid) -> pygit2.Index:
    return repo.merge_commits(base, head)


def has_conflicts(path: Path, base_oid: str, head_oid: str) -> bool:
    """Would merging ``head_oid`` into ``base_oid`` conflict? (A three-way merge in memory.)"""
    repo = pygit2.Repository(str(path))
    index = _merged_index(repo, pygit2.Oid(hex=base_oid), pygit2.Oid(hex=head_oid))
    return index.conflicts is not None


def merge(
    path: Path,
    base_ref: str,
    head_oid: str,
    method: MergeMethod,
    message: str,
    author: Signature,
    committer: Signature,
    expected_base_oid: str,
) -> str:
    """Merge ``head_oid`` into branch ``base_ref``; returns the branch's new commit.

    Raises MergeRefused when the merge cannot be made, RefMoved when the
    branch is not at ``expected_base_oid`` (checked again, atomically, as the
    ref moves) and ``signature.BadObjectText`` when a name, email or the
    message cannot go into a commit.
    """
    validate_branch(base_ref)
    signature.check(author)
    signature.check(committer)
    repo = pygit2.Repository(str(path))
    base_tip = branch_tip(repo, base_ref)
    if base_tip != expected_base_oid:
        raise RefMoved(base_ref)
    base, head = pygit2.Oid(hex=expected_base_oid), pygit2.Oid(hex=head_oid)
    if base == head or repo.descendant_of(base, head):
        raise MergeRefused("The base branch already contains every commit of the head.")
    if method == MergeMethod.FAST_FORWARD:
        if not repo.descendant_of(head, base):
            raise MergeRefused("The base branch has commits the head does not: not a fast-forward.")
        new = head_oid
    elif method == MergeMethod.REBASE:
        new = str(_rebased(repo, base, head, committer))
    else:
        index = _merged_index(repo, base, head)
        if index.conflicts is not None:
            raise MergeRefused("The branches have conflicting changes.")
        tree = index.write_tree(repo)
        base_tree = repo[base].peel(pygit2.Tree).id
        if method == MergeMethod.SQUASH and tree == base_tree:
            raise MergeRefused("The base branch already has every change of the head.")
        parents = [base, head] if method == MergeMethod.MERGE else [base]
        new = str(signature.create_commit(repo, tree, parents, message, author, committer))
    reason = (message.splitlines() or ["merge"])[0]
    update_ref(path, base_ref, new, expected_base_oid, reason, committer)
    return new


def _rebased(
    repo: pygit2.Repository, base: pygit2.Oid, head: pygit2.Oid, committer: Signature
) -> pygit2.Oid:
    """The head's commits missing from ``base``, replayed on it oldest first (each keeps
    its author and message; the merger commits). The message of the merge is not used."""
    who = pygit2.Signature(signature.check(committer).name.strip(), committer.email.strip())
    walker = repo.walk(head, pygit2.enums.SortMode.TOPOLOGICAL | pygit2.enums.SortMode.REVERSE)
    walker.hide(base)
    tip = base
    for commit in walker:
        if len(commit.parents) != 1:
            raise MergeRefused("The head has merge commits, which a rebase cannot replay.")
        onto = repo[tip].peel(pygit2.Tree)
        index = repo.merge_trees(commit.parents[0].tree, onto, commit.tree)
        if index.conflicts is not None:
            raise MergeRefused(f"Commit {commit.short_id} conflicts with the base when rebased.")
        tree = index.write_tree(repo)
        tip = repo.create_commit(None, commit.author, who, commit.message, tree, [tip])
    return tip


def update_ref(
    path: Path, branch: str, new_oid: str, old_oid: str, reason: str, who: Signature
) -> None:
    """Move ``refs/heads/<branch>`` from ``old_oid`` to ``new_oid``, or raise RefMoved."""
    validate_branch(branch)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        # The reflog records who moved the branch.
        "GIT_COMMITTER_NAME": who.name,
        "GIT_COMMITTER_EMAIL": who.email,
    }
    result = subprocess.run(
        [
            "git",
            f"--git-dir={path}",
            "update-ref",
            "-m",
            reason[:200],
            "--",
            f"refs/heads/{branch}",
            new_oid,
            old_oid,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise RefMoved(result.stderr.strip())


def validate_branch(branch: str) -> str:
    """An existing branch's name, safe on a git command line (git's rules, no leading ``-``).

    Only the syntax: which new names may be created is ``app.git.refname``'s policy.
    """
    problem = refname.format_problem(f"refs/heads/{branch}") if branch else "is empty"
    if problem or branch.startswith("-") or branch == "@" or len(branch) > refname.MAX_LENGTH:
        raise ValueError(f"invalid branch name: {branch!r}")
    return branch
