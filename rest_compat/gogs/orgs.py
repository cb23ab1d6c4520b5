"""Creating and editing organizations (the reads live with the users, in ``users.py``)."""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged
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


# --- members (Gitea's routes; Gogs' contract has none) ---------------------


def _members_variables(public_only: bool) -> Any:
    def variables(call: Call) -> dict[str, Any]:
        return {"login": call.path["org"], "publicOnly": public_only, **page_variables(call)}

    return variables


def _members(data: dict[str, Any], call: Call) -> Any:
    found = require(data["organization"], "Organization")
    return paged(found["members"], call, shapes.user)


# Everyone sees the public memberships; members and site admins see them all.
list_members = Spec(OPS["OrganizationMembers"], _members, _members_variables(False))
list_public_members = Spec(OPS["OrganizationMembers"], _members, _members_variables(True))


def _visibility_variables(public: bool) -> Any:
    def variables(call: Call) -> dict[str, Any]:
        organization = require(call.lookup.get("organization"), "Organization")
        return {
            "input": {
                "organizationId": organization["id"],
                "login": call.path["username"],
                "public": public,
            }
        }

    return variables


def _visibility(public: bool) -> Spec:
    return Spec(
        OPS["SetOrganizationMembershipVisibility"],
        lambda data, call: None,
        _visibility_variables(public),
        status=204,
        lookup=OPS["OrganizationId"],
        lookup_variables=lambda call: {"login": call.path["org"]},
        fields={"login": "username"},
    )


publicize_member = _visibility(True)
conceal_member = _visibility(False)
