"""Kod's SSH keys (``seeds/kod-api.txt``, "List/Add/Remove an SSH public key").

A key belongs to the token's account. Kod's "admin tokens" may name another
user (``?username=`` to list, ``username`` to add): in Ingot that takes the
``admin`` permission on a site administrator's token, as minting a token for
someone else does. Removing is by id: your own keys, or any for a site
administrator (the schema decides; a key you may not remove is 404).
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page, path_id
from rest_compat.errors import ApiError, require
from rest_compat.kod import shapes
from rest_compat.kod.operations import OPS
from rest_compat.kod.permission import caller
from rest_compat.route import Call, Spec
from schema import global_id


def _signed_in(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("currentAccessToken") is None or data.get("viewer") is None:
        raise ApiError("UNAUTHENTICATED", "Authentication required: send a Bearer token.")
    return dict(data["viewer"])


def _other_user(call: Call, name: str | None) -> str | None:
    """``name`` if it is another user than the caller's, who must hold an admin token."""
    viewer = _signed_in(call.lookup)
    if name is None or name == viewer["login"]:
        return None
    caller(call.lookup, "admin")
    if not viewer["isSiteAdmin"]:
        raise ApiError("FORBIDDEN", "Only an admin token may name another user.")
    return name


def _list_variables(call: Call) -> dict[str, Any]:
    other = _other_user(call, call.query.get("username"))
    return {"login": other or _signed_in(call.lookup)["login"]}


def _list(data: dict[str, Any], call: Call) -> Page:
    user = require(data["user"], "User")
    keys = [shapes.key(node, user["login"]) for node in user["publicKeys"]]
    start = (call.page - 1) * call.per_page
    return Page(keys[start : start + call.per_page], len(keys), call.page, call.per_page)


list_keys = Spec(
    OPS["KodUserKeys"],
    _list,
    _list_variables,
    lookup=OPS["KodKeyCaller"],
)


def _add_variables(call: Call) -> dict[str, Any]:
    login = _other_user(call, b.text(call.body, "username"))
    public_key = b.text(call.body, "publicKey", required=True) or ""
    name = b.text(call.body, "name")
    if not name:
        # Kod names an unnamed key after the comment at its end, as `kod keys add` does.
        parts = public_key.split(None, 2)
        name = parts[2].strip() if len(parts) == 3 else (parts[0] if parts else "key")
    return {"input": {"title": name, "key": public_key, "login": login}}


def _added(data: dict[str, Any], call: Call) -> dict[str, Any]:
    login = call.body.get("username") or _signed_in(call.lookup)["login"]
    return shapes.key(data["addPublicKey"]["publicKey"], str(login))


add_key = Spec(
    OPS["KodAddKey"],
    _added,
    _add_variables,
    status=201,
    reads_body=True,
    lookup=OPS["KodKeyCaller"],
    fields={"title": "name", "key": "publicKey", "login": "username"},
)


def _delete_variables(call: Call) -> dict[str, Any]:
    _signed_in(call.lookup)
    return {"input": {"id": global_id("PublicKey", path_id(call.path["id"], "Key"))}}


delete_key = Spec(
    OPS["KodDeleteKey"],
    lambda data, call: None,
    _delete_variables,
    status=204,
    lookup=OPS["KodKeyCaller"],
)
