"""Repository settings routes: issue tracker, wiki, ``.editorconfig``, migration and mirrors.

``editIssueTracker`` and ``editWiki`` need admin access (Gogs' ``reqRepoAdmin``);
a repository whose tracker is off or external refuses new issues with 403.
``migrateRepo`` runs the import (its URL policy: public http(s)/git URLs, or
for site administrators a path under ``INGOT_IMPORT_LOCAL_ROOT``); ``uid`` is
the owner's id (a user or an organization), ``auth_username``/``auth_password``
go into the URL's credentials, which are never stored in clear. ``mirror: true``
makes a pull mirror; ``mirrorSync`` queues its sync (202; 404 for a repository
that is not a mirror).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from rest_compat import body as b
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import repo_path, repository_id
from rest_compat.route import Call, Spec
from schema import global_id

TRACKER_STYLES = ("numeric", "alphanumeric")
MAX_ID = 2**31


def _lookup_id(call: Call) -> dict[str, Any]:
    return repo_path(call)


def _tracker_input(call: Call) -> dict[str, Any]:
    body = call.body
    values = {
        "hasIssuesEnabled": b.flag(body, "enable_issues"),
        "externalTrackerEnabled": b.flag(body, "enable_external_tracker"),
        "externalTrackerUrl": b.text(body, "external_tracker_url"),
        "externalTrackerFormat": b.text(body, "tracker_url_format"),
        "externalTrackerStyle": b.choice(body, "tracker_issue_style", TRACKER_STYLES),
    }
    present = {k: v for k, v in values.items() if v is not None}
    return {"input": {"repositoryId": repository_id(call), **present}}


edit_issue_tracker = Spec(
    OPS["GogsEditIssueTracker"],
    lambda data, call: None,
    _tracker_input,
    status=204,
    reads_body=True,
    lookup=OPS["RepositoryId"],
    lookup_variables=_lookup_id,
    fields={
        "externalTrackerUrl": "external_tracker_url",
        "externalTrackerFormat": "tracker_url_format",
        "externalTrackerStyle": "tracker_issue_style",
    },
)


def _wiki_input(call: Call) -> dict[str, Any]:
    body = call.body
    values = {
        "hasWikiEnabled": b.flag(body, "enable_wiki"),
        "allowPublicWiki": b.flag(body, "allow_public_wiki"),
        "externalWikiEnabled": b.flag(body, "enable_external_wiki"),
        "externalWikiUrl": b.text(body, "external_wiki_url"),
    }
    present = {k: v for k, v in values.items() if v is not None}
    return {"input": {"repositoryId": repository_id(call), **present}}


edit_wiki = Spec(
    OPS["GogsEditWiki"],
    lambda data, call: None,
    _wiki_input,
    status=204,
    reads_body=True,
    lookup=OPS["RepositoryId"],
    lookup_variables=_lookup_id,
    fields={"externalWikiUrl": "external_wiki_url"},
)


# --- .editorconfig ------------------------------------------------------------------

_EDITORCONFIG_KEYS = {
    "charset": "charset",
    "indentStyle": "indent_style",
    "indentSize": "indent_size",
    "tabWidth": "tab_width",
    "endOfLine": "end_of_line",
    "trimTrailingWhitespace": "trim_trailing_whitespace",
    "insertFinalNewline": "insert_final_newline",
}


def _editorconfig(data: dict[str, Any], call: Call) -> dict[str, Any]:
    repository = require(data["repository"], "Repository")
    found = repository["editorConfig"]
    if found is None:
        raise not_found("No .editorconfig definition applies to that file.")
    # Gogs' definition leaves out what is not set (``omitempty``).
    return {rest: found[key] for key, rest in _EDITORCONFIG_KEYS.items() if found[key] is not None}


get_editorconfig = Spec(
    OPS["GogsEditorconfig"],
    _editorconfig,
    lambda call: {**repo_path(call), "path": call.path["filename"]},
    fields={"filename": "filename"},
)


# --- migration and mirrors --------------------------------------------------------


def _uid(call: Call) -> int:
    value = call.body.get("uid")
    if value is None:
        raise ApiError("BAD_USER_INPUT", "'uid' is required.", field="uid", constraint="required")
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < MAX_ID:
        raise ApiError(
            "BAD_USER_INPUT", "'uid' must be a user's or organization's id.", field="uid"
        )
    return value


def _owner_variables(call: Call) -> dict[str, Any]:
    uid = _uid(call)
    return {"user": global_id("User", uid), "organization": global_id("Organization", uid)}


def with_credentials(url: str, username: str | None, password: str | None) -> str:
    """``url`` carrying Gogs' ``auth_username``/``auth_password`` as its user information."""
    if not username and not password:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # the import refuses it with the reason
    if parts.scheme not in {"http", "https"} or not parts.hostname or "@" in parts.netloc:
        return url
    info = quote(username or "", safe="") + (":" + quote(password, safe="") if password else "")
    return urlunsplit((parts.scheme, f"{info}@{parts.netloc}", parts.path, parts.query, ""))


def _migrate_variables(call: Call) -> dict[str, Any]:
    body = call.body
    owner = call.lookup.get("user") or call.lookup.get("organization")
    if owner is None:
        raise ApiError("BAD_USER_INPUT", "No user or organization has that uid.", field="uid")
    url = b.text(body, "clone_addr", required=True) or ""
    name = b.text(body, "repo_name", required=True) or ""
    url = with_credentials(url, b.text(body, "auth_username"), b.text(body, "auth_password"))
    return {
        "input": {
            "name": name,
            "url": url,
            "description": b.text(body, "description") or "",
            "visibility": "PRIVATE" if b.flag(body, "private") else "PUBLIC",
            "ownerId": owner["id"],
            "mirror": bool(b.flag(body, "mirror")),
        }
    }


migrate_repository = Spec(
    OPS["GogsMigrateRepository"],
    lambda data, call: shapes.repository(data["importRepository"]["repository"]),
    _migrate_variables,
    status=201,
    reads_body=True,
    lookup=OPS["GogsMigrateOwner"],
    lookup_variables=_owner_variables,
    fields={"url": "clone_addr", "name": "repo_name", "ownerId": "uid"},
    # The contract has 422 for every refusal of the request, a taken name included.
    codes={"CONFLICT": "BAD_USER_INPUT"},
)

mirror_sync = Spec(
    OPS["GogsMirrorSync"],
    lambda data, call: None,
    lambda call: {"input": {"repositoryId": repository_id(call)}},
    status=202,
    lookup=OPS["RepositoryId"],
    lookup_variables=_lookup_id,
)
