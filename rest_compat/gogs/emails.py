"""The caller's email addresses (``/user/emails``), in Gogs' shape.

Adding answers 200 with the addresses added, as the contract says (Gogs itself sends
201); an address any account has already, in any letter case, is 422. Deleting ignores
addresses the caller does not have, as Gogs does, but listing the primary is 422 and
removes nothing. Both need the ``admin`` scope, like every change to the profile.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.dialect import Page
from rest_compat.errors import ApiError
from rest_compat.gogs.operations import OPS
from rest_compat.route import Call, Spec

# Gogs answers an address already in use with 422 ("Email address has been used").
_USED_IS_INVALID = {"CONFLICT": "BAD_USER_INPUT"}


def email(node: dict[str, Any]) -> dict[str, Any]:
    return {"email": node["email"], "verified": node["isVerified"], "primary": node["isPrimary"]}


def _list(data: dict[str, Any], call: Call) -> Page:
    """Addresses come as one list (at most 100); ``page`` and ``limit`` cut it."""
    viewer = data.get("viewer")
    if viewer is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to list your email addresses.")
    items = [email(node) for node in viewer["emails"] or []]
    start = (call.page - 1) * call.per_page
    return Page(items[start : start + call.per_page], len(items), call.page, call.per_page)


def _emails(call: Call) -> dict[str, Any]:
    emails = b.strings(call.body, "emails")
    if emails is None:
        raise ApiError("BAD_USER_INPUT", "'emails' is required.", field="emails")
    return {"input": {"emails": emails}}


list_emails = Spec(OPS["ViewerEmails"], _list)
add_emails = Spec(
    OPS["AddEmails"],
    lambda data, call: [email(node) for node in data["addEmails"]["emails"]],
    _emails,
    reads_body=True,
    codes=_USED_IS_INVALID,
)
delete_emails = Spec(
    OPS["RemoveEmails"], lambda data, call: None, _emails, status=204, reads_body=True
)
