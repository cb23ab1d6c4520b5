"""Creating and editing organizations (the reads live with the users, in ``users.py``).

Ingot's organizations have no website or location: Gogs' fields are checked
as strings and answer ``""``.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.route import Call, Spec


def _unstored(call: Call) -> None:
    for name in ("website", "location"):
        b.text(call.body, name)


def _create_variables(call: Call) -> dict[str, Any]:
    login = b.text(call.body, "username", required=True)
    name = b.text(call.body, "full_name") or ""
    description = b.text(call.body, "description") or ""
    _unstored(call)
    return {"input": {"login": login, "name": name, "description": description}}


create_organization = Spec(
    OPS["CreateOrganization"],
    lambda data, call: shapes.organization(data["createOrganization"]["organization"]),
    _create_variables,
    status=201,
    reads_body=True,
)


def _edit_variables(call: Call) -> dict[str, Any]:
    organization = require(call.lookup.get("organization"), "Organization")
    changes: dict[str, Any] = {"organizationId": organization["id"]}
    name = b.text(call.body, "full_name")
    if name is not None:
        changes["displayName"] = name
    description = b.text(call.body, "description")
    if description is not None:
        changes["description"] = description
    _unstored(call)
    return {"input": changes}


edit_organization = Spec(
    OPS["UpdateOrganization"],
    lambda data, call: shapes.organization(data["updateOrganization"]["organization"]),
    _edit_variables,
    reads_body=True,
    lookup=OPS["OrganizationId"],
    lookup_variables=lambda call: {"login": call.path["org"]},
)
