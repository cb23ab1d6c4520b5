"""Repository files: ``contents`` (JSON, base64) and ``raw`` (the bytes themselves).

Both read through GraphQL's ``Blob.base64(complete: true)``, which carries a
blob up to the limit (1 MiB) and past it is null without the blob being read.
Past it, ``contents`` answers ``encoding: "none"`` with no content (GitHub's
convention for large files) and ``raw`` redirects (302) to the web raw route,
which streams any size. Raw bytes are served under the same
rules as the web route: inert types only, ``nosniff``, a sandboxing CSP.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote, urlencode

from starlette.responses import RedirectResponse, Response

from app.media import SECURITY_HEADERS, content_disposition, content_type
from rest_compat.errors import not_found, require
from rest_compat.gogs.git import blob_content, object_url, revision
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import repo_api_url, repo_path
from rest_compat.route import Call, Spec

SYMLINK_MODE = 0o120000
_KINDS = {"tree": "dir", "commit": "submodule"}


def _q(text: str) -> str:
    return quote(text, safe="/")


def _kind(entry: dict[str, Any]) -> str:
    if entry["type"] == "blob":
        return "symlink" if entry["mode"] == SYMLINK_MODE else "file"
    return _KINDS.get(entry["type"], "file")


# --- contents --------------------------------------------------------------


def _clean_path(call: Call) -> str:
    return call.path.get("path", "").strip("/")


def _ref(call: Call) -> str:
    return revision(call.query.get("ref") or "HEAD", "ref")


def _contents_variables(call: Call) -> dict[str, Any]:
    path = _clean_path(call)
    ref = _ref(call)
    parent = path.rsplit("/", 1)[0] if "/" in path else ""
    return {**repo_path(call), "parent": f"{ref}:{parent}", "target": f"{ref}:{path}"}


def _content(
    entry: dict[str, Any], repository: dict[str, Any], call: Call, ref: str
) -> dict[str, Any]:
    """One file, directory, symlink or submodule, without its content."""
    api = repo_api_url(call)
    kind = _kind(entry)
    path = entry["path"]
    self_url = f"{api}/contents/{_q(path)}?{urlencode({'ref': ref})}"
    git_url = object_url(api, entry["type"], entry["oid"])
    html_url = f"{repository['url']}/{'tree' if kind == 'dir' else 'blob'}/{_q(ref)}/{_q(path)}"
    download = f"{repository['url']}/raw/{_q(ref)}/{_q(path)}"
    return {
        "type": kind,
        "size": entry["size"] or 0,
        "name": entry["name"],
        "path": path,
        "sha": entry["oid"],
        "url": self_url,
        "git_url": git_url,
        "html_url": html_url,
        "download_url": download if kind in {"file", "symlink"} else None,
        "_links": {"git": git_url, "self": self_url, "html": html_url},
    }


def _contents(data: dict[str, Any], call: Call) -> Any:
    repository = require(data["repository"], "Repository")
    ref = call.query.get("ref") or repository["defaultBranch"]
    path = _clean_path(call)
    target = repository["target"] or {}
    if "entries" in target:
        return [_content(entry, repository, call, ref) for entry in target["entries"]]
    name = path.rsplit("/", 1)[-1]
    siblings = (repository["parent"] or {}).get("entries") or []
    entry = next((e for e in siblings if e["name"] == name), None) if path else None
    if entry is None:
        raise not_found("File not found.")
    found = _content(entry, repository, call, ref)
    if "base64" in target:
        encoding, content = blob_content(target)
        found.update(encoding=encoding, content=content)
        if found["type"] == "symlink" and encoding == "base64":
            found["target"] = base64.b64decode(content).decode("utf-8", "replace")
    elif found["type"] != "submodule":
        raise not_found("File not found.")
    return found


get_contents = Spec(OPS["GogsContents"], _contents, _contents_variables)


# --- raw -------------------------------------------------------------------


def _raw_parts(call: Call) -> list[str]:
    return [call.path["ref"], *call.path["filepath"].split("/")]


def _raw_refs_variables(call: Call) -> dict[str, Any]:
    # Every branch or tag the path could start with contains its first segment.
    return {**repo_path(call), "query": call.path["ref"]}


def _split(call: Call) -> tuple[str, str]:
    """(revision, path): the longest leading segments naming a branch (then a tag), as
    the web raw route splits them; otherwise the first segment (an object id, HEAD)."""
    repository = require(call.lookup.get("repository"), "Repository")
    names = {ref["name"] for ref in repository["branches"]["nodes"]}
    names |= {ref["name"] for ref in repository["tags"]["nodes"]}
    parts = _raw_parts(call)
    cut = next((c for c in range(len(parts) - 1, 0, -1) if "/".join(parts[:c]) in names), 1)
    return "/".join(parts[:cut]), "/".join(parts[cut:])


def _raw_variables(call: Call) -> dict[str, Any]:
    rev, path = _split(call)
    if not path:
        raise not_found("File not found.")
    return {**repo_path(call), "expression": f"{revision(rev, 'ref')}:{path}"}


def _raw(data: dict[str, Any], call: Call) -> Response:
    repository = require(data["repository"], "Repository")
    blob = repository["object"] or {}
    if "base64" not in blob:
        raise not_found("File not found.")
    rev, path = _split(call)
    if blob["isTruncated"]:
        # Past the blob limit the web raw route streams the file (with the same token).
        location = f"{repository['url']}/raw/{_q(rev)}/{_q(path)}"
        if "token" in call.query:
            location += "?" + urlencode({"token": call.query["token"]})
        return RedirectResponse(location, status_code=302, headers=SECURITY_HEADERS)
    name = path.rsplit("/", 1)[-1]
    headers = {
        **SECURITY_HEADERS,
        "ETag": f'"{blob["oid"]}"',
        "Content-Disposition": content_disposition(name),
    }
    content = base64.b64decode(blob["base64"])
    # Git's own test for binary content (the schema's Blob.isBinary): a NUL early on.
    return Response(
        content, media_type=content_type(name, b"\0" in content[:8000]), headers=headers
    )


get_raw = Spec(
    OPS["GogsRaw"],
    _raw,
    _raw_variables,
    lookup=OPS["GogsRawRefs"],
    lookup_variables=_raw_refs_variables,
)
