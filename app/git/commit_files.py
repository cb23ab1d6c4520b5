"""Committing file additions and deletions to a branch of a bare repository, without a work tree.

The new tree is built from the branch's tip with tree builders, the commit is
written by ``signature.create_commit`` and the branch moves with the same
compare-and-swap as a merge (``merge.update_ref``): a push that landed in
between makes it raise ``RefMoved`` instead of being overwritten.

Paths get the checks git's own fsck gives a pushed tree (``path_problem``), and
a path may not pass through a symlink, a file or a submodule of the tree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pygit2
from pygit2.enums import FileMode

from app.git import merge, signature
from app.git.merge import RefMoved
from app.git.objects import TreeEntry
from app.git.signature import Signature

ZERO = "0" * 40
MAX_PATH = 4096
MAX_COMPONENT = 255
_TREE, _BLOB, _EXECUTABLE, _LINK, _COMMIT = 0o040000, 0o100644, 0o100755, 0o120000, 0o160000

__all__ = ["FileChangeRefused", "Outcome", "RefMoved", "commit_files", "entry_at", "path_problem"]


class FileChangeRefused(ValueError):
    """A change that cannot be made as asked; ``path`` names the file, ``conflict`` tells a
    state conflict (a sha that does not match, a missing file) from bad input."""

    def __init__(self, message: str, path: str = "", *, conflict: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.conflict = conflict


def _is_dot_git(component: str) -> bool:
    # git fsck refuses ".git" in any case, and the forms other file systems fold into it:
    # trailing dots or spaces (Windows), ignorable code points (HFS+), the 8.3 name.
    folded = "".join(c for c in component if unicodedata.category(c) != "Cf")
    return folded.rstrip(". ").lower() == ".git" or folded.lower() == "git~1"


def path_problem(path: str) -> str | None:
    """Why ``path`` may not name a file in a commit, or None."""
    if not path:
        return "is empty"
    if len(path) > MAX_PATH:
        return f"is longer than {MAX_PATH} characters"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return "contains a control character"
    if path.startswith("/"):
        return "is absolute"
    if "\\" in path:
        return "contains a backslash"
    for component in path.split("/"):
        if component == "":
            return "has an empty component ('//' or a trailing '/')"
        if component in {".", ".."}:
            return f"contains a '{component}' component"
        if _is_dot_git(component):
            return "contains a '.git' component"
        if len(component.encode("utf-8", "surrogatepass")) > MAX_COMPONENT:
            return f"has a component longer than {MAX_COMPONENT} bytes"
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    return None


@dataclass(frozen=True)
class Outcome:
    old_oid: str  # ZERO when the branch was created
    new_oid: str


# A change to one tree: a name maps to new contents, None (delete) or the changes below it.
_Changes = dict[str, "bytes | _Changes | None"]


def _nest(additions: list[tuple[str, bytes]], deletions: list[str]) -> _Changes:
    root: _Changes = {}
    for path, value in [*((p, None) for p in deletions), *additions]:
        problem = path_problem(path)
        if problem:
            raise FileChangeRefused(f"The path '{path}' {problem}.", path)
        *parents, name = path.split("/")
        node = root
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise FileChangeRefused(
                    f"'{path}' is inside a file changed in the same commit.", path
                )
            node = child
        if isinstance(node.get(name), dict):
            raise FileChangeRefused(f"'{path}' is a directory changed in the same commit.", path)
        node[name] = value
    return root


def _apply(
    repo: pygit2.Repository, tree: pygit2.Tree | None, changes: _Changes, prefix: str
) -> pygit2.Oid | None:
    """The id of ``tree`` with ``changes`` made; None when nothing is left in it."""
    builder = repo.TreeBuilder(tree) if tree is not None else repo.TreeBuilder()
    for name, change in changes.items():
        path = f"{prefix}{name}"
        existing = tree[name] if tree is not None and name in tree else None
        mode = existing.filemode if existing is not None else None
        if isinstance(change, dict):
            if mode is not None and mode != _TREE:
                kind = {_LINK: "a symbolic link", _COMMIT: "a submodule"}.get(mode, "a file")
                raise FileChangeRefused(f"'{path}' is {kind}, not a directory.", path)
            subtree = repo[existing.id].peel(pygit2.Tree) if existing is not None else None
            new = _apply(repo, subtree, change, f"{path}/")
            if new is None:
                if existing is not None:
                    builder.remove(name)
            else:
                builder.insert(name, new, FileMode.TREE)
        elif change is None:
            if mode is None:
                raise FileChangeRefused(
                    f"There is no file '{path}' to delete.", path, conflict=True
                )
            if mode in {_TREE, _COMMIT}:
                raise FileChangeRefused(f"'{path}' is not a file.", path)
            builder.remove(name)
        else:
            if mode in {_TREE, _COMMIT}:
                raise FileChangeRefused(f"'{path}' is a directory or submodule.", path)
            blob = repo.create_blob(change)
            # An executable keeps its bit; a symbolic link written over becomes a file.
            keep = FileMode.BLOB_EXECUTABLE if mode == _EXECUTABLE else FileMode.BLOB
            builder.insert(name, blob, keep)
    if len(builder) == 0:
        return None
    return builder.write()


def commit_files(
    path: Path,
    branch: str,
    expected_oid: str | None,
    additions: list[tuple[str, bytes]],
    deletions: list[str],
    message: str,
    author: Signature,
    committer: Signature,
    *,
    blob_checks: dict[str, str | None] | None = None,
) -> Outcome:
    """Commit the changes on ``branch`` (created as a root commit only when ``expected_oid``
    is ``ZERO``); RefMoved when the branch is not at ``expected_oid`` (also checked
    atomically as it moves).

    ``blob_checks`` maps a path to the blob id it must have now (None: must not exist);
    FileChangeRefused(conflict=True) otherwise.
    """
    merge.validate_branch(branch)
    signature.check(author)
    signature.check(committer)
    if not additions and not deletions:
        raise FileChangeRefused("A commit needs at least one file change.")
    changes = _nest(additions, deletions)
    repo = pygit2.Repository(str(path))
    tip = merge.branch_tip(repo, branch)
    if (tip or ZERO) != (expected_oid or tip or ZERO):
        raise RefMoved(branch)
    old = tip or ZERO
    base = repo[tip].peel(pygit2.Commit) if tip else None
    base_tree = base.tree if base is not None else None
    for file_path, wanted in (blob_checks or {}).items():
        found = _entry(repo, base_tree, file_path)
        current = str(found.id) if found is not None and found.filemode != _TREE else None
        if current != wanted:
            if wanted is None:
                raise FileChangeRefused(f"'{file_path}' already exists.", file_path, conflict=True)
            if current is None:
                raise FileChangeRefused(
                    f"There is no file '{file_path}'.", file_path, conflict=True
                )
            raise FileChangeRefused(
                f"'{file_path}' is at {current}, not at the given sha.", file_path, conflict=True
            )
    new_tree = _apply(repo, base_tree, changes, "")
    if new_tree is None:
        new_tree = repo.TreeBuilder().write()
    if base is not None and new_tree == base.tree_id:
        raise FileChangeRefused("The changes leave every file as it is.", conflict=True)
    parents = [base.id] if base is not None else []
    new = str(signature.create_commit(repo, new_tree, parents, message, author, committer))
    reason = (message.splitlines() or ["commit"])[0]
    merge.update_ref(path, branch, new, old, reason, committer)
    return Outcome(old, new)


def _entry(repo: pygit2.Repository, tree: pygit2.Tree | None, path: str) -> pygit2.Object | None:
    if tree is None or path_problem(path):
        return None
    try:
        return tree[path]
    except KeyError:
        return None


def entry_at(repo: pygit2.Repository, commit_oid: str, path: str) -> TreeEntry | None:
    """The entry at ``path`` in the commit's tree; None when there is none."""
    try:
        commit = repo[commit_oid].peel(pygit2.Commit)
    except (KeyError, ValueError, pygit2.GitError):
        return None
    found = _entry(repo, commit.tree, path.strip("/"))
    if found is None:
        return None
    mode = found.filemode
    kind = "tree" if mode == _TREE else "commit" if mode == _COMMIT else "blob"
    size = repo[found.id].peel(pygit2.Blob).size if kind == "blob" else None
    return TreeEntry(
        name=path.rsplit("/", 1)[-1],
        path=path.strip("/"),
        type=kind,
        mode=mode,
        oid=str(found.id),
        size=size,
    )
