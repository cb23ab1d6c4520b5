"""Repository contents: Isurus' Mercurial vocabulary mapped onto git.

- ``rev`` defaults to ``tip``; ``tip`` and ``default`` (Mercurial's main
  branch) name the repository's default branch (git's ``HEAD``). Any other
  ``rev`` is a bookmark (a git branch), a tag, or a changeset hash (a commit
  id, full or abbreviated).
- A changeset is a commit: ``node`` its id, ``short_node`` the first 12
  digits (Mercurial's short form), ``rev`` its count of ancestors (Mercurial's
  local revision number on a linear history), ``branch`` a branch holding it
  (the default branch when it does), ``tags`` the tags pointing at it,
  ``message`` without git's trailing newline, ``diff`` a git-style unified diff
  against the first parent.
- ``log`` pages are numbers on top of a cursor walk: a page may start at most
  100 changesets deep (pass ``rev`` to start further down); ``pagination.total``
  is the exact number of commits reachable from ``rev``.
"""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import Page
from rest_compat.errors import ApiError, require
from rest_compat.isurus import shapes
from rest_compat.isurus.operations import OPS
from rest_compat.isurus.repositories import repo_path
from rest_compat.route import Call, Spec

MAX_LOG_SKIP = 100
_TIP = {"tip", "default"}


def revision(call: Call) -> str:
    rev = call.query.get("rev") or "tip"
    return "HEAD" if rev in _TIP else rev


def _at(call: Call) -> dict[str, Any]:
    path = call.path.get("path", "").strip("/")
    return {**repo_path(call), "expression": f"{revision(call)}:{path}"}


def _object(data: dict[str, Any], kind: str, what: str) -> dict[str, Any]:
    found = require(require(data["repository"], "Repository")["object"], what)
    if found.get("__typename") != kind:
        raise ApiError("NOT_FOUND", f"{what} not found.")
    return dict(found)


def _tree(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    entries = _object(data, "Tree", "Directory")["entries"]
    return [
        {"name": e["name"], "is_dir": e["type"] == "tree", "size": e["size"] or 0} for e in entries
    ]


list_directory = Spec(OPS["IsurusTree"], _tree, _at)


def _blob(data: dict[str, Any], call: Call) -> dict[str, Any]:
    blob = _object(data, "Blob", "File")
    return {
        "path": call.path["path"].strip("/"),
        "content": blob["text"] if blob["text"] is not None else "",
        "size": blob["byteSize"],
        "is_binary": blob["isBinary"],
        "is_truncated": blob["isTruncated"],
    }


get_file = Spec(OPS["IsurusBlob"], _blob, _at)


def _commit(found: dict[str, Any] | None) -> dict[str, Any] | None:
    """The commit an object names, through an annotated tag."""
    if found and "target" in found:
        found = found["target"]
    return found if found and "oid" in found else None


def _tags(repository: dict[str, Any]) -> dict[str, list[str]]:
    by_commit: dict[str, list[str]] = {}
    for ref in repository["refs"]["nodes"]:
        target = ref["target"] or {}
        oid = (target.get("target") or target).get("oid")
        if oid:
            by_commit.setdefault(oid, []).append(ref["name"])
    return by_commit


def changeset(node: dict[str, Any], repository: dict[str, Any]) -> dict[str, Any]:
    author = node["author"]
    return {
        "node": node["oid"],
        "short_node": node["oid"][:12],
        "rev": node["ancestorCount"],
        "author": f"{author['name']} <{author['email']}>",
        "date": shapes.timestamp(node["authoredDate"]),
        "message": node["message"].rstrip("\n"),
        "subject": node["messageHeadline"],
        "branch": node["containingBranch"],
        "tags": _tags(repository).get(node["oid"], []),
    }


def _history(found: dict[str, Any] | None) -> dict[str, Any] | None:
    if found and "target" in found:
        found = found["target"]
    return found.get("history") if found else None


def _log_start(call: Call) -> dict[str, Any]:
    skip = (call.page - 1) * call.per_page
    if skip > MAX_LOG_SKIP:
        raise ApiError(
            "BAD_USER_INPUT",
            f"A log page may start at most {MAX_LOG_SKIP} changesets deep; "
            "pass the last changeset you saw as 'rev' to read further.",
            field="page",
            constraint="max",
        )
    return {**repo_path(call), "expression": revision(call), "first": skip}


def _log_variables(call: Call) -> dict[str, Any]:
    variables = {**repo_path(call), "expression": revision(call), "first": call.per_page}
    skipped = _history(require(call.lookup.get("repository"), "Repository")["object"])
    if call.page > 1:
        info = (skipped or {}).get("pageInfo") or {}
        if not info.get("hasNextPage"):
            variables["first"] = 0
        variables["after"] = info.get("endCursor")
    return variables


def _log(data: dict[str, Any], call: Call) -> Page:
    repository = require(data["repository"], "Repository")
    history = require(_history(repository["object"]), "Revision")
    items = [changeset(node, repository) for node in history["nodes"]]
    return Page(items, history["totalCount"], call.page, call.per_page)


get_log = Spec(
    OPS["IsurusLog"],
    _log,
    _log_variables,
    lookup=OPS["IsurusLogStart"],
    lookup_variables=_log_start,
)


def _diff(files: list[dict[str, Any]]) -> str:
    out = []
    for f in files:
        old = "/dev/null" if f["status"] == "ADDED" else f"a/{f['oldPath']}"
        new = "/dev/null" if f["status"] == "DELETED" else f"b/{f['path']}"
        out.append(f"diff --git a/{f['oldPath']} b/{f['path']}\n")
        if f["isBinary"] or f["patch"] is None:
            out.append(f"Binary files {old} and {new} differ\n")
            continue
        out.append(f"--- {old}\n+++ {new}\n{f['patch']}")
        if f["patch"] and not f["patch"].endswith("\n"):
            out.append("\n")
    return "".join(out)


def _changeset(data: dict[str, Any], call: Call) -> dict[str, Any]:
    repository = require(data["repository"], "Repository")
    commit = require(_commit(repository["object"]), "Changeset")
    return {**changeset(commit, repository), "diff": _diff(commit["diff"]["files"])}


def _changeset_variables(call: Call) -> dict[str, Any]:
    rev = call.path["rev"]
    return {**repo_path(call), "expression": "HEAD" if rev in _TIP else rev}


get_changeset = Spec(OPS["IsurusChangeset"], _changeset, _changeset_variables)
