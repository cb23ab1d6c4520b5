"""SSH keys: an account's public keys and a repository's deploy keys, in Gogs' shapes.

Ids are the keys' database ids. ``/user/keys/{id}`` reaches only the caller's
own keys (a site administrator's included: Gogs has no admin route to remove
someone else's key), ``/repos/{owner}/{repo}/keys/{id}`` only that
repository's deploy keys; anything else is 404. A key already registered
(to an account or as a deploy key) and a key that is not one are Gogs' 422.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, path_id, rfc3339
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import repo_api_url, repo_path, repository_id
from rest_compat.route import Call, Spec
from schema import global_id

# Gogs answers a key it already has with 422 ("Key content has been used as non-deploy key").
_DUPLICATE_IS_INVALID = {"CONFLICT": "BAD_USER_INPUT"}


def public_key(node: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "key": node["key"],
        "url": f"{base_url}/api/v1/user/keys/{node['databaseId']}",
        "title": node["title"],
        "fingerprint": node["fingerprint"],
        "created_at": rfc3339(node["createdAt"]),
    }


def deploy_key(node: dict[str, Any], repo_url: str) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "key": node["key"],
        "url": f"{repo_url}/keys/{node['databaseId']}",
        "title": node["title"],
        "fingerprint": node["fingerprint"],
        "created_at": rfc3339(node["createdAt"]),
        "read_only": node["readOnly"],
    }


def _page(items: list[dict[str, Any]], call: Call) -> Page:
    """Keys come as one list; Gogs' ``page`` and ``limit`` cut it."""
    start = (call.page - 1) * call.per_page
    return Page(items[start : start + call.per_page], len(items), call.page, call.per_page)


def _one(nodes: list[dict[str, Any]], call: Call, what: str) -> dict[str, Any]:
    number = path_id(call.path["id"], what)
    for node in nodes:
        if node["databaseId"] == number:
            return node
    raise not_found(f"{what} not found.")


def _viewer_keys(data: dict[str, Any]) -> list[dict[str, Any]]:
    if data.get("viewer") is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to manage your keys.")
    return list(data["viewer"]["publicKeys"])


def _key_input(call: Call) -> dict[str, Any]:
    return {
        "title": b.text(call.body, "title", required=True),
        "key": b.text(call.body, "key", required=True),
    }


list_my_keys = Spec(
    OPS["ViewerKeys"],
    lambda data, call: _page([public_key(n, call.base_url) for n in _viewer_keys(data)], call),
)
get_public_key = Spec(
    OPS["ViewerKeys"],
    lambda data, call: public_key(_one(_viewer_keys(data), call, "Key"), call.base_url),
)
create_public_key = Spec(
    OPS["AddPublicKey"],
    lambda data, call: public_key(data["addPublicKey"]["publicKey"], call.base_url),
    lambda call: {"input": _key_input(call)},
    status=201,
    reads_body=True,
    codes=_DUPLICATE_IS_INVALID,
)


def _delete_variables(call: Call) -> dict[str, Any]:
    key = _one(_viewer_keys(call.lookup), call, "Key")
    return {"input": {"id": global_id("PublicKey", key["databaseId"])}}


delete_public_key = Spec(
    OPS["DeletePublicKey"],
    lambda data, call: None,
    _delete_variables,
    status=204,
    lookup=OPS["ViewerKeys"],
)
list_user_keys = Spec(
    OPS["UserKeys"],
    lambda data, call: _page(
        [public_key(n, call.base_url) for n in require(data["user"], "User")["publicKeys"]], call
    ),
    lambda call: {"login": call.path["username"]},
)


def _site_admin(call: Call) -> None:
    """Gogs' admin routes are for site administrators, even for their own account."""
    viewer = call.lookup.get("viewer")
    if viewer is None:
        raise ApiError("UNAUTHENTICATED", "Send a site administrator's access token.")
    if not viewer["isSiteAdmin"]:
        raise ApiError("FORBIDDEN", "Only site administrators may do this.")


admin_create_user_key = Spec(
    OPS["AddPublicKey"],
    lambda data, call: public_key(data["addPublicKey"]["publicKey"], call.base_url),
    lambda call: {"input": {**_key_input(call), "login": call.path["username"]}},
    status=201,
    reads_body=True,
    lookup=OPS["ViewerIsSiteAdmin"],
    admit=_site_admin,
    codes=_DUPLICATE_IS_INVALID,
)

# --- deploy keys -----------------------------------------------------------


def _deploy_keys(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(require(data.get("repository"), "Repository")["deployKeys"])


list_deploy_keys = Spec(
    OPS["DeployKeys"],
    lambda data, call: _page([deploy_key(n, repo_api_url(call)) for n in _deploy_keys(data)], call),
    repo_path,
)
get_deploy_key = Spec(
    OPS["DeployKeys"],
    lambda data, call: deploy_key(_one(_deploy_keys(data), call, "Deploy key"), repo_api_url(call)),
    repo_path,
)


def _create_deploy_variables(call: Call) -> dict[str, Any]:
    read_only = b.flag(call.body, "read_only")
    return {
        "input": {
            "repositoryId": repository_id(call),
            **_key_input(call),
            # Gogs' deploy keys are read-only; write access is asked for, never assumed.
            "readOnly": True if read_only is None else read_only,
        }
    }


create_deploy_key = Spec(
    OPS["AddDeployKey"],
    lambda data, call: deploy_key(data["addDeployKey"]["deployKey"], repo_api_url(call)),
    _create_deploy_variables,
    status=201,
    reads_body=True,
    lookup=OPS["RepositoryId"],
    lookup_variables=repo_path,
    codes=_DUPLICATE_IS_INVALID,
    fields={"readOnly": "read_only"},
)


def _remove_deploy_variables(call: Call) -> dict[str, Any]:
    key = _one(_deploy_keys(call.lookup), call, "Deploy key")
    return {"input": {"id": global_id("DeployKey", key["databaseId"])}}


remove_deploy_key = Spec(
    OPS["DeleteDeployKey"],
    lambda data, call: None,
    _remove_deploy_variables,
    status=204,
    lookup=OPS["DeployKeys"],
    lookup_variables=repo_path,
)
