"""Repositories and tokens: variables in, Gogs JSON out."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, path_id
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.route import Call, Spec
from schema import MAX_OFFSET, is_database_id


def _deepest_page(call: Call) -> int:
    """Page numbers stop where the schema's capped OFFSET does; deeper pages are empty."""
    return MAX_OFFSET // call.per_page + 1


def paged(connection: dict[str, Any], call: Call, convert: Any) -> Page:
    past = call.page > _deepest_page(call)
    items = [] if past else [convert(node) for node in connection["nodes"]]
    return Page(
        items,
        connection["totalCount"],
        call.page,
        call.per_page,
        exact=connection.get("isTotalCountExact", True),
    )


def page_variables(call: Call) -> dict[str, Any]:
    return {"first": call.per_page, "page": min(call.page, _deepest_page(call))}


def repo_path(call: Call) -> dict[str, Any]:
    return {"owner": call.path["owner"], "name": call.path["repo"]}


def repo_api_url(call: Call) -> str:
    return f"{call.base_url}/api/v1/repos/{call.path['owner']}/{call.path['repo']}"


def repository_id(call: Call) -> str:
    return str(require(call.lookup.get("repository"), "Repository")["id"])


def path_number(call: Call, name: str, what: str) -> int:
    """A numeric path segment; anything else names nothing (404)."""
    return path_id(call.path[name], what)


def node_here(data: dict[str, Any], what: str) -> dict[str, Any]:
    """The ``node`` of a lookup, if it belongs to the ``repository`` looked up with it."""
    repo = require(data.get("repository"), "Repository")
    node: dict[str, Any] = data.get("node") or {}
    if (node.get("repository") or {}).get("databaseId") != repo["databaseId"]:
        raise not_found(f"{what} not found.")
    return node


# --- tokens ----------------------------------------------------------------


def _token_variables(call: Call) -> dict[str, Any]:
    name = b.text(call.body, "name", required=True)
    # A Gogs token is a "repo" token unless more is asked for (canonical names work too).
    scopes = b.strings(call.body, "scopes") or ["repo"]
    return {
        "input": {
            "name": name,
            "scopes": scopes,
            "scopeDialect": "gogs",
            "login": call.path["username"],
        }
    }


def _token_shape(data: dict[str, Any], call: Call) -> dict[str, Any]:
    payload = data["createAccessToken"]
    token = payload["accessToken"]
    return {
        "id": token["databaseId"],
        "name": token["name"],
        "sha1": payload["token"],
        "scopes": token["scopes"],
    }


def _tokens_shape(data: dict[str, Any], call: Call) -> list[dict[str, Any]]:
    found = data["user"]
    if found is None or not found["isViewer"]:
        raise not_found("User not found.")
    # Only a hash is stored: the secret itself is shown once, at creation.
    return [
        {
            "id": t["databaseId"],
            "name": t["name"],
            "sha1": "",
            "token_last_eight": t["tokenLastEight"],
            "scopes": t["scopes"],
        }
        for t in found["accessTokens"]
    ]


create_token = Spec(
    OPS["CreateAccessToken"],
    _token_shape,
    _token_variables,
    status=201,
    reads_body=True,
    allow_password=True,
)
list_tokens = Spec(
    OPS["ListAccessTokens"],
    _tokens_shape,
    lambda call: {"login": call.path["username"]},
    allow_password=True,
)


# --- repositories ----------------------------------------------------------


def repository_input(call: Call) -> dict[str, Any]:
    """Gogs' createRepo body. konnos makes repositories private unless told otherwise."""
    name = b.text(call.body, "name", required=True)
    description = b.text(call.body, "description") or ""
    private = b.flag(call.body, "private")
    return {
        "name": name,
        "description": description,
        "visibility": "PUBLIC" if private is False else "PRIVATE",
    }


def _repository_shape(data: dict[str, Any], call: Call) -> dict[str, Any]:
    return shapes.repository(data["createRepository"]["repository"])


create_repository = Spec(
    OPS["CreateRepository"],
    _repository_shape,
    lambda call: {"input": repository_input(call)},
    status=201,
    reads_body=True,
)


def _viewer_repositories(data: dict[str, Any], call: Call) -> Page:
    viewer = data["viewer"]
    if viewer is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to list your repositories.")
    return paged(viewer["repositories"], call, shapes.repository)


viewer_repositories = Spec(OPS["ViewerRepositories"], _viewer_repositories, page_variables)

get_repository = Spec(
    OPS["GetRepository"],
    lambda data, call: shapes.repository(require(data["repository"], "Repository")),
    repo_path,
)


def _owned(owner: dict[str, Any] | None, what: str, call: Call) -> Page:
    found = require(owner, what)
    return paged(found["repositories"], call, shapes.repository)


user_repositories = Spec(
    OPS["UserRepositories"],
    lambda data, call: _owned(data["user"], "User", call),
    lambda call: {"login": call.path["username"], **page_variables(call)},
)
organization_repositories = Spec(
    OPS["OrganizationRepositories"],
    lambda data, call: _owned(data["organization"], "Organization", call),
    lambda call: {"login": call.path["org"], **page_variables(call)},
)


def _org_repository_input(call: Call) -> dict[str, Any]:
    organization = require(call.lookup.get("organization"), "Organization")
    return {"input": {**repository_input(call), "ownerId": organization["id"]}}


create_organization_repository = Spec(
    OPS["CreateRepository"],
    _repository_shape,
    _org_repository_input,
    status=201,
    reads_body=True,
    lookup=OPS["OrganizationId"],
    lookup_variables=lambda call: {"login": call.path["org"]},
)
delete_repository = Spec(
    OPS["DeleteRepository"],
    lambda data, call: None,
    lambda call: {"input": {"repositoryId": repository_id(call)}},
    status=204,
    lookup=OPS["RepositoryId"],
    lookup_variables=repo_path,
)


def _search_variables(call: Call) -> dict[str, Any]:
    uid = call.query.get("uid") or "0"
    # 0 is Gogs' "anyone"; any other value must be an id an account can have.
    if uid != "0" and not is_database_id(uid):
        raise ApiError(
            "BAD_USER_INPUT", "'uid' must be an account id.", field="uid", constraint="type"
        )
    owner = int(uid) or None
    return {"query": call.query.get("q") or "", "owner": owner, **page_variables(call)}


search_repositories = Spec(
    OPS["SearchRepositories"],
    # Gogs wraps search results: {"data": [...], "ok": true}.
    lambda data, call: {
        "data": [shapes.repository(node) for node in data["repositories"]["nodes"]],
        "ok": True,
    },
    _search_variables,
)
