"""Repositories under Kod's flat names.

Kod has one namespace per server; Ingot has owners. A Kod name ``NAME`` is
what GraphQL's ``flatRepository(name:)`` resolves it to for the token's
account (``app/services/flat_name.py``): its own repository ``NAME``, else
the one it collaborates on, else, for a site administrator, the one on the
server; several at that step are 409 naming them. The list is
``flatRepositories``; a repository is created under the token's account.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page
from rest_compat.errors import ApiError, require
from rest_compat.kod import shapes
from rest_compat.kod.operations import OPS
from rest_compat.kod.permission import caller
from rest_compat.route import Call, Spec

# Kod requires a token for every read, so what it creates or imports is private: a
# public repository would be cloneable by anyone at /OWNER/NAME.git (issue 14).
KOD_VISIBILITY = "PRIVATE"

# Kod lists everything at once; Ingot serves pages of at most 100 (``?page=``).
LIST_SIZE = 100


def _list_size(call: Call) -> int:
    return call.per_page if "limit" in call.query else LIST_SIZE


def _list(data: dict[str, Any], call: Call) -> Page:
    caller(data, "repo:read")
    found = data["flatRepositories"]
    items = [shapes.repository(node) for node in found["nodes"]]
    return Page(items, found["totalCount"], call.page, _list_size(call))


list_repositories = Spec(
    OPS["KodRepositories"],
    _list,
    lambda call: {"first": _list_size(call), "page": call.page},
)


def _name(call: Call) -> dict[str, Any]:
    return {"name": call.path["name"]}


def resolved(data: dict[str, Any], call: Call) -> dict[str, Any] | None:
    """The repository of ``flatRepository``; 409 naming the candidates when ambiguous.

    Called after the permission check, so a token without the route's permission is
    403 whatever the name means."""
    flat = data["flatRepository"]
    if flat["candidates"]:
        names = ", ".join(flat["candidates"])
        raise ApiError(
            "CONFLICT",
            f"'{call.path['name']}' names several repositories you can reach: {names}. "
            "Use OWNER/NAME (GraphQL, another API or /OWNER/NAME.git).",
            field="name",
        )
    return flat["repository"]


def found(data: dict[str, Any], permission: str, call: Call) -> dict[str, Any]:
    caller(data, permission)
    return dict(require(resolved(data, call), "Repository"))


get_repository = Spec(
    OPS["KodRepository"],
    lambda data, call: shapes.repository(found(data, "repo:read", call)),
    _name,
)


def _create_variables(call: Call) -> dict[str, Any]:
    caller(call.lookup, "repo:write")
    name = b.text(call.body, "name", required=True)
    return {"input": {"name": name, "visibility": KOD_VISIBILITY}}


create_repository = Spec(
    OPS["KodCreateRepository"],
    lambda data, call: shapes.repository(data["createRepository"]["repository"]),
    _create_variables,
    status=201,
    reads_body=True,
    lookup=OPS["KodCurrentToken"],
)


def derived_name(source: str) -> str:
    """Kod's name for an import without one: the source's last path segment, less ``.git``."""
    tail = source.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return tail[: -len(".git")] if tail.endswith(".git") else tail


def _import_variables(call: Call) -> dict[str, Any]:
    caller(call.lookup, "repo:write")
    source = b.text(call.body, "source", required=True) or ""
    name = b.text(call.body, "name") or derived_name(source)
    return {"input": {"name": name, "url": source, "visibility": KOD_VISIBILITY}}


import_repository = Spec(
    OPS["KodImportRepository"],
    lambda data, call: shapes.repository(data["importRepository"]["repository"]),
    _import_variables,
    status=201,
    reads_body=True,
    lookup=OPS["KodCurrentToken"],
)


def _rename_variables(call: Call) -> dict[str, Any]:
    repo = found(call.lookup, "repo:write", call)
    return {"input": {"repositoryId": repo["id"], "name": b.text(call.body, "name", required=True)}}


update_repository = Spec(
    OPS["KodUpdateRepository"],
    lambda data, call: shapes.repository(data["updateRepository"]["repository"]),
    _rename_variables,
    reads_body=True,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)

delete_repository = Spec(
    OPS["KodDeleteRepository"],
    lambda data, call: None,
    lambda call: {"input": {"repositoryId": found(call.lookup, "repo:delete", call)["id"]}},
    status=204,
    lookup=OPS["KodRepository"],
    lookup_variables=_name,
)
