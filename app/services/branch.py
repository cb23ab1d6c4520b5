"""Creating and deleting branches and tags outside a push (GraphQL ``createRef``/``deleteRef``).

The same rules as a push: WRITE access, ``app.git.refname``'s policy for new names
(a branch may not share its name with a tag, nor the reverse), protected branches
only for those who may bypass protection, and the default branch is never deleted.
The ref moves with ``git update-ref`` against the object id the caller saw.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import anyio
import pygit2

from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.git import refname, refs
from app.models import Repository
from app.services import branch_protection, permission
from app.services.actor import Actor

_OID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


async def _check_protection(actor: Actor, repo: Repository, full_name: str) -> None:
    if not full_name.startswith(refname.BRANCHES):
        return
    branch = full_name[len(refname.BRANCHES) :]
    patterns = await branch_protection.protected_patterns(repo)
    if any(fnmatch.fnmatchcase(branch, p) for p in patterns) and not (
        await branch_protection.may_bypass(actor, repo)
    ):
        raise Forbidden(
            f"Branch '{refname.shown(branch)}' is protected; only the repository owner "
            "or an admin can change it."
        )


def _commit_exists(path: Path, oid: str) -> bool:
    repo = pygit2.Repository(str(path))
    try:
        found = repo.get(oid)
    except ValueError:
        return False
    return found is not None and found.type == pygit2.enums.ObjectType.COMMIT


def _exists(path: Path, full_name: str) -> bool:
    return pygit2.Repository(str(path)).references.get(full_name) is not None


async def create_ref(
    actor: Actor, repo: Repository, path: Path, full_name: str, oid: str
) -> refs.RefInfo:
    """Create the branch or tag ``full_name`` (``refs/heads/x``, ``refs/tags/v1``) at a commit."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    if not full_name.startswith((refname.BRANCHES, refname.TAGS)):
        raise InvalidInput("'name' must start with 'refs/heads/' or 'refs/tags/'.", field="name")
    problem = refname.full_name_problem(full_name)
    if problem:
        raise InvalidInput(f"That name {problem}.", field="name")
    oid = oid.strip().lower()
    if not _OID.fullmatch(oid) or not await anyio.to_thread.run_sync(_commit_exists, path, oid):
        raise InvalidInput("'oid' must be the full id of a commit in this repository.", field="oid")
    await _check_protection(actor, repo, full_name)
    other = refname.counterpart(full_name)
    if other is not None and await anyio.to_thread.run_sync(_exists, path, other):
        raise Conflict(f"That name {refname.shadow_problem(full_name)}.", field="name")
    try:
        await anyio.to_thread.run_sync(refs.create_ref, path, full_name, oid)
    except refs.RefConflict:
        raise Conflict(f"'{full_name}' already exists.", field="name") from None
    return refs.RefInfo(full_name, oid)


async def delete_ref(actor: Actor, repo: Repository, path: Path, full_name: str) -> None:
    """Delete a branch (never the default one) or a tag."""
    await permission.require_access(actor, repo, permission.Access.WRITE)
    found = await anyio.to_thread.run_sync(
        lambda: refs.find_ref(pygit2.Repository(str(path)), full_name)
    )
    if found is None or not full_name.startswith((refname.BRANCHES, refname.TAGS)):
        raise NotFound("Ref not found.", field="refId")
    if full_name == refname.BRANCHES + repo.default_branch:
        raise InvalidInput("The default branch cannot be deleted.", field="refId")
    await _check_protection(actor, repo, full_name)
    try:
        await anyio.to_thread.run_sync(refs.delete_ref, path, full_name, found.target_oid)
    except refs.RefConflict:
        raise Conflict(f"'{full_name}' moved meanwhile; try again.") from None
