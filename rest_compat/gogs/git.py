"""Git data: branches, tags, commits, trees and blobs, in Gogs' shapes.

Revisions in paths (``{branch}``, ``{sha}``) go to GraphQL as strings only;
the schema accepts a branch, a tag, ``HEAD`` or an object id and refuses
revision syntax and option-like input (422), and names that match nothing
are 404. Branch names may hold slashes (``feature/x``).

Ingot does not map commit e-mail addresses to accounts (an address in a
commit proves nothing), so a commit's ``author``/``committer`` users are null
and a payload commit's ``username`` is empty.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.responses import PlainTextResponse, RedirectResponse, Response

from rest_compat.dialect import Page, page_numbers, rfc3339
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged, repo_api_url, repo_path
from rest_compat.route import Call, Spec

# Accept header asking getCommit for the bare commit id.
SHA_MEDIA_TYPE = "application/vnd.gogs.sha"


def revision(value: str, field: str) -> str:
    """A branch, tag or object id from the request; ``rev:path`` is GraphQL's, not Gogs'."""
    if ":" in value:
        raise ApiError("BAD_USER_INPUT", "That is not a valid revision.", field=field)
    return value


def _at(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "expression": revision(call.path["sha"], "sha")}


def _repository(data: dict[str, Any]) -> dict[str, Any]:
    return dict(require(data["repository"], "Repository"))


def commit_of(target: dict[str, Any] | None) -> dict[str, Any] | None:
    """The commit a ref or object names, through an annotated tag."""
    if target and "target" in target:
        target = target["target"]
    return target if target and "oid" in target else None


def payload_commit(node: dict[str, Any], html_url: str) -> dict[str, Any]:
    """Gogs' short commit (``PayloadCommit``), as branches and tags carry it."""

    def person(actor: dict[str, Any]) -> dict[str, Any]:
        return {"name": actor["name"], "email": actor["email"], "username": ""}

    return {
        "id": node["oid"],
        "message": node["message"],
        "url": f"{html_url}/commit/{node['oid']}",
        "author": person(node["author"]),
        "committer": person(node["committer"]),
        "timestamp": rfc3339(node["author"]["date"]),
    }


def commit(node: dict[str, Any], html_url: str, api: str) -> dict[str, Any]:
    """Gogs' full ``Commit``."""

    def person(actor: dict[str, Any]) -> dict[str, Any]:
        return {"name": actor["name"], "email": actor["email"], "date": rfc3339(actor["date"])}

    url = f"{api}/commits/{node['oid']}"
    tree = node["treeOid"]
    return {
        "url": url,
        "sha": node["oid"],
        "html_url": f"{html_url}/commit/{node['oid']}",
        "commit": {
            "url": url,
            "message": node["message"],
            "author": person(node["author"]),
            "committer": person(node["committer"]),
            "tree": {"url": f"{api}/git/trees/{tree}", "sha": tree},
        },
        "author": None,
        "committer": None,
        "parents": [
            {"url": f"{api}/commits/{p['oid']}", "sha": p["oid"]} for p in node["parents"]["nodes"]
        ],
    }


# --- branches and tags -----------------------------------------------------


def _named_commits(data: dict[str, Any], call: Call) -> Page:
    repository = _repository(data)
    html_url = repository["url"]

    def shape(ref: dict[str, Any]) -> dict[str, Any]:
        found = commit_of(ref["target"])
        return {"name": ref["name"], "commit": payload_commit(found, html_url) if found else None}

    return paged(repository["refs"], call, shape)


def _list_variables(call: Call) -> dict[str, Any]:
    return {**repo_path(call), **page_variables(call)}


list_branches = Spec(OPS["GogsBranches"], _named_commits, _list_variables)
list_tags = Spec(OPS["GogsTags"], _named_commits, _list_variables)


def _branch(data: dict[str, Any], call: Call) -> dict[str, Any]:
    repository = _repository(data)
    ref = require(repository["ref"], "Branch")
    found = commit_of(ref["target"])
    if ref["prefix"] != "refs/heads/" or found is None:
        raise not_found("Branch not found.")
    return {"name": ref["name"], "commit": payload_commit(found, repository["url"])}


get_branch = Spec(
    OPS["GogsBranch"],
    _branch,
    lambda call: {**repo_path(call), "qualifiedName": f"refs/heads/{call.path['branch']}"},
)


# --- commits ---------------------------------------------------------------


def _commit(data: dict[str, Any], call: Call) -> Any:
    repository = _repository(data)
    found = require(commit_of(repository["object"]), "Commit")
    if SHA_MEDIA_TYPE in call.headers.get("accept", ""):
        return PlainTextResponse(found["oid"])
    return commit(found, repository["url"], repo_api_url(call))


get_commit = Spec(OPS["GogsCommit"], _commit, _at)


def _commits_page(call: Call) -> tuple[int, int]:
    """``?pageSize`` is the contract's name for the page size; ``?limit`` works too."""
    if "pageSize" in call.query:
        return page_numbers(call.query, "pageSize")
    return call.page, call.per_page


def _commits_variables(call: Call) -> dict[str, Any]:
    call.page, call.per_page = _commits_page(call)
    return {**repo_path(call), "first": call.per_page, "page": call.page}


def _commits(data: dict[str, Any], call: Call) -> Page:
    repository = _repository(data)
    api = repo_api_url(call)
    target = (repository["defaultBranchRef"] or {}).get("target") or {}
    history = target.get("history")
    if history is None:
        # Nothing pushed yet: an empty history, not a missing repository.
        return Page([], 0, call.page, call.per_page)
    items = [commit(node, repository["url"], api) for node in history["nodes"]]
    return Page(items, history["totalCount"], call.page, call.per_page)


list_commits = Spec(OPS["GogsCommits"], _commits, _commits_variables)


# --- trees and blobs -------------------------------------------------------


def _tree_of(found: dict[str, Any] | None) -> dict[str, Any] | None:
    """A tree, or the root tree of the commit (or tag of a commit) ``found`` names."""
    if found and "target" in found:
        found = found["target"]
    if found and "tree" in found:
        found = found["tree"]
    return found if found and "entries" in found else None


def object_url(api: str, entry_type: str, oid: str) -> str | None:
    if entry_type == "tree":
        return f"{api}/git/trees/{oid}"
    if entry_type == "blob":
        return f"{api}/git/blobs/{oid}"
    return None


def _tree(data: dict[str, Any], call: Call) -> dict[str, Any]:
    tree = require(_tree_of(_repository(data)["object"]), "Tree")
    api = repo_api_url(call)
    return {
        "sha": tree["oid"],
        "url": f"{api}/git/trees/{tree['oid']}",
        "tree": [
            {
                "path": entry["name"],
                # Git's own notation: 100644, 100755, 120000, 40000, 160000.
                "mode": format(entry["mode"], "o"),
                "type": entry["type"],
                "size": entry["size"] or 0,
                "sha": entry["oid"],
                "url": object_url(api, entry["type"], entry["oid"]),
            }
            for entry in tree["entries"]
        ],
    }


get_tree = Spec(OPS["GogsTree"], _tree, _at)


def blob_content(blob: dict[str, Any]) -> tuple[str, str]:
    """(encoding, content): base64, or ``none`` and nothing past the 1 MiB blob limit."""
    if blob["isTruncated"]:
        return "none", ""
    return "base64", blob["base64"]


def _blob(data: dict[str, Any], call: Call) -> dict[str, Any]:
    blob = require(_repository(data)["object"], "Blob")
    if "base64" not in blob:
        raise not_found("Blob not found.")
    encoding, content = blob_content(blob)
    return {
        "content": content,
        "encoding": encoding,
        "url": f"{repo_api_url(call)}/git/blobs/{blob['oid']}",
        "sha": blob["oid"],
        "size": blob["byteSize"],
    }


get_blob = Spec(OPS["GogsBlob"], _blob, _at)


# --- archives --------------------------------------------------------------

# The web archive route's suffixes (server/archive.py), longest first.
ARCHIVE_SUFFIXES = (".tar.gz", ".zip")


def _archive_ref(call: Call) -> str:
    archive = call.path["archive"]
    suffix = next((s for s in ARCHIVE_SUFFIXES if archive.endswith(s)), None)
    if suffix is None or archive == suffix:
        raise not_found("Archive format not supported: use .zip or .tar.gz.")
    return archive[: -len(suffix)]


def _archive_variables(call: Call) -> dict[str, Any]:
    return {**repo_path(call), "expression": revision(_archive_ref(call), "archive")}


def _archive(data: dict[str, Any], call: Call) -> Response:
    """A redirect to the web route, which streams ``git archive`` (with the same token)."""
    repository = _repository(data)
    require(commit_of(repository["object"]), "Reference")
    location = f"{repository['url']}/archive/{quote(call.path['archive'], safe='/')}"
    if "token" in call.query:
        location += "?" + urlencode({"token": call.query["token"]})
    return RedirectResponse(location, status_code=302)


download_archive = Spec(OPS["GogsArchive"], _archive, _archive_variables)
