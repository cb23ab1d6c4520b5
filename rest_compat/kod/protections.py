"""Kod's protected branches: exact branch names only the owner (or an admin) may push to.

A Kod protection is a ``BranchProtectionRule`` whose pattern is the branch
name. Kod refuses glob characters, so a Kod protection never matches more
than its own branch. Protecting twice and unprotecting an unprotected branch
change nothing and answer the list, as in Kod. Every answer is
``{"branches": [...]}``, sorted.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from rest_compat.errors import ApiError
from rest_compat.kod.operations import OPS
from rest_compat.kod.repositories import found
from rest_compat.kod.shapes import protected_branches
from rest_compat.route import Call, Spec

# Kod's refusals, plus what git itself forbids in a branch name.
_FORBIDDEN = set("~^:?*[]\\")
# Control, format (bidi overrides, zero-width), and separator characters.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def branch(call: Call) -> str:
    """The path's branch name, refused with 400 unless it is a plain git branch name."""
    name = call.path["branch"]
    if (
        not name
        or len(name) > 255
        or name.startswith(("-", "/", "."))
        or name.endswith(("/", ".", ".lock"))
        or ".." in name
        or "//" in name
        or "@{" in name
        or "/." in name
        or any(c in _FORBIDDEN or unicodedata.category(c) in _INVISIBLE for c in name)
    ):
        raise ApiError(
            "BAD_USER_INPUT", "Invalid branch name", field="branch", constraint="invalid"
        )
    return name


def _rules(call: Call, permission: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The repository and its rules, for a caller who may change them: its admins (owner,
    site administrators), as ``createBranchProtectionRule`` checks. Checked here too, so
    a collaborator is refused even where nothing would change."""
    repo = found(call.lookup, permission, call)
    if repo["viewerPermission"] != "ADMIN":
        raise ApiError(
            "FORBIDDEN",
            "Only the repository owner or an admin can change its protected branches.",
        )
    return repo, list(repo["branchProtectionRules"]["nodes"])


def _listed(data: dict[str, Any], call: Call) -> dict[str, Any]:
    return {"branches": protected_branches(found(data, "repo:read", call))}


def _name(call: Call) -> dict[str, Any]:
    return {"name": call.path["name"]}


list_protected_branches = Spec(OPS["KodRepository"], _listed, _name)


def _protect_variables(call: Call) -> dict[str, Any] | None:
    repo, rules = _rules(call, "repo:write")
    name = branch(call)
    if any(rule["pattern"] == name for rule in rules):
        return None
    return {"input": {"repositoryId": repo["id"], "pattern": name}}


def _protected(data: dict[str, Any], call: Call) -> dict[str, Any]:
    patterns = {rule["pattern"] for rule in _rules(call, "repo:write")[1]}
    if data:
        patterns.add(data["createBranchProtectionRule"]["branchProtectionRule"]["pattern"])
    return {"branches": sorted(patterns)}


protect_branch = Spec(
    OPS["KodProtectBranch"],
    _protected,
    _protect_variables,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)


def _unprotect_variables(call: Call) -> dict[str, Any] | None:
    _, rules = _rules(call, "repo:write")
    name = call.path["branch"]
    rule = next((rule for rule in rules if rule["pattern"] == name), None)
    if rule is None:
        branch(call)
        return None
    return {"input": {"branchProtectionRuleId": rule["id"]}}


def _unprotected(data: dict[str, Any], call: Call) -> dict[str, Any]:
    _, rules = _rules(call, "repo:write")
    return {"branches": sorted(r["pattern"] for r in rules if r["pattern"] != call.path["branch"])}


unprotect_branch = Spec(
    OPS["KodUnprotectBranch"],
    _unprotected,
    _unprotect_variables,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)
