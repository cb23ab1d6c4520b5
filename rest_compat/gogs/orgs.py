"""Creating and editing organizations (the reads live with the users, in ``users.py``)."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.route import Call, Spec

# Gogs' body fields and the schema's input fields they fill.
_FIELDS = {
    "full_name": "displayName",
    "description": "description",
    "website": "websiteUrl",
    "location": "location",
}


def _given(call: Call) -> dict[str, str]:
    found = {field: b.text(call.body, name) for name, field in _FIELDS.items()}
    return {field: value for field, value in found.items() if value is not None}


def _create_variables(call: Call) -> dict[str, Any]:
    login = b.text(call.body, "username", required=True)
    given = _given(call)
    # createOrganization calls the display name "name", as GitHub does.
    if "displayName" in given:
        given["name"] = given.pop("displayName")
    return {"input": {"login": login, **given}}


create_organization = Spec(
    OPS["CreateOrganization"],
    lambda data, call: shapes.organization(data["createOrganization"]["organization"]),
    _create_variables,
    status=201,
    reads_body=True,
    fields={"login": "username", "name": "full_name"},
)


def _edit_variables(call: Call) -> dict[str, Any]:
    organization = require(call.lookup.get("organization"), "Organization")
    return {"input": {"organizationId": organization["id"], **_given(call)}}


edit_organization = Spec(
    OPS["UpdateOrganization"],
    lambda data, call: shapes.organization(data["updateOrganization"]["organization"]),
    _edit_variables,
    reads_body=True,
    lookup=OPS["OrganizationId"],
    lookup_variables=lambda call: {"login": call.path["org"]},
)
