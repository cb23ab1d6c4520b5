"""Gogs' ``/admin`` routes (site administrators only) and ``listOrgTeams``.

Every admin route first asks who the caller is (``viewer { isSiteAdmin }``): no
credentials is 401, a caller who is not a site administrator 403, before anything
about the target is looked at (so the answer reveals nothing to them). The mutations
behind the routes check again in their services.

What Gogs' bodies carry that Ingot has no use for is accepted and ignored:
``send_notify`` (Ingot sends no mail), ``login_name`` and ``source_id`` (accounts
sign in with their own password), ``allow_git_hook``, ``allow_import_local`` and
``max_repo_creation``; their types are still checked.
"""

from __future__ import annotations

from typing import Any

from rest_compat import body as b
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged
from rest_compat.route import Call, Spec
from schema import global_id, is_database_id

# Taken names are 422 in Gogs' contract, not 409.
_TAKEN = {"CONFLICT": "BAD_USER_INPUT"}


def team(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node["databaseId"],
        "name": node["name"],
        "description": node["description"],
        "permission": str(node["permission"]).lower(),
    }


def _require_admin(call: Call) -> None:
    viewer = call.lookup.get("viewer")
    if viewer is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token of a site administrator.")
    if not viewer.get("isSiteAdmin"):
        raise ApiError("FORBIDDEN", "Only a site administrator can do this.")


def _ignored(call: Call) -> None:
    """Type-check the fields Ingot accepts and ignores."""
    for name in ("send_notify", "allow_git_hook", "allow_import_local"):
        b.flag(call.body, name)
    b.text(call.body, "login_name")
    for name in ("source_id", "max_repo_creation"):
        value = call.body.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ApiError(
                "BAD_USER_INPUT", f"'{name}' must be an integer.", field=name, constraint="type"
            )


def _team_lookup(call: Call) -> dict[str, Any]:
    # An id no team can have finds nothing: the admin check still answers first.
    raw = call.path["teamid"]
    return {"id": global_id("Team", int(raw) if is_database_id(raw) else 0)}


def _found_team(call: Call) -> str:
    _require_admin(call)
    found = require(call.lookup.get("node"), "Team")
    if "id" not in found:
        raise not_found("Team not found.")
    return str(found["id"])


# --- users -----------------------------------------------------------------


def _create_user_variables(call: Call) -> dict[str, Any]:
    _require_admin(call)
    _ignored(call)
    login = b.text(call.body, "username", required=True)
    email = b.text(call.body, "email", required=True)
    password = b.text(call.body, "password") or ""
    name = b.text(call.body, "full_name") or ""
    return {"input": {"login": login, "email": email, "password": password, "name": name}}


create_user = Spec(
    OPS["AdminCreateUser"],
    lambda data, call: shapes.user(data["createUser"]["user"]),
    _create_user_variables,
    status=201,
    reads_body=True,
    lookup=OPS["AdminViewer"],
    codes=_TAKEN,
    fields={"login": "username", "name": "full_name"},
)


def _user_target(call: Call) -> str:
    _require_admin(call)
    require(call.lookup.get("user"), "User")
    return call.path["username"]


_EDIT_FIELDS = {
    "full_name": "name",
    "email": "email",
    "password": "password",
    "website": "websiteUrl",
    "location": "location",
}


def _edit_user_variables(call: Call) -> dict[str, Any]:
    login = _user_target(call)
    _ignored(call)
    # Gogs' edit form requires the address (it sets it every time).
    b.text(call.body, "email", required=True)
    given = {field: b.text(call.body, name) for name, field in _EDIT_FIELDS.items()}
    values: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    active, admin = b.flag(call.body, "active"), b.flag(call.body, "admin")
    if active is not None:
        values["isActive"] = active
    if admin is not None:
        values["isSiteAdmin"] = admin
    return {"input": {"login": login, **values}}


edit_user = Spec(
    OPS["AdminUpdateUser"],
    lambda data, call: shapes.user(data["updateUser"]["user"]),
    _edit_user_variables,
    reads_body=True,
    lookup=OPS["AdminUser"],
    lookup_variables=lambda call: {"login": call.path["username"]},
    codes=_TAKEN,
    fields={"name": "full_name", "isSiteAdmin": "admin", "isActive": "active"},
)

delete_user = Spec(
    OPS["AdminDeleteUser"],
    lambda data, call: None,
    lambda call: {"input": {"login": _user_target(call)}},
    status=204,
    lookup=OPS["AdminUser"],
    lookup_variables=lambda call: {"login": call.path["username"]},
    fields={"login": "username"},
)


# --- repositories and organizations for a user -----------------------------


def _create_repo_variables(call: Call) -> dict[str, Any]:
    _user_target(call)
    user = call.lookup["user"]
    name = b.text(call.body, "name", required=True)
    description = b.text(call.body, "description") or ""
    private = b.flag(call.body, "private")
    b.flag(call.body, "auto_init")
    for ignored in ("gitignores", "license", "readme"):
        b.text(call.body, ignored)
    return {
        "input": {
            "name": name,
            "description": description,
            # The contract's default: public unless asked.
            "visibility": "PRIVATE" if private else "PUBLIC",
            "ownerId": user["id"],
        }
    }


create_repository = Spec(
    OPS["CreateRepository"],
    lambda data, call: shapes.repository(data["createRepository"]["repository"]),
    _create_repo_variables,
    status=201,
    reads_body=True,
    lookup=OPS["AdminUser"],
    lookup_variables=lambda call: {"login": call.path["username"]},
    codes=_TAKEN,
)


def _create_org_variables(call: Call) -> dict[str, Any]:
    owner = _user_target(call)
    login = b.text(call.body, "username", required=True)
    given = b.texts(call.body, "full_name", "description", "website", "location")
    fields = {"full_name": "name", "website": "websiteUrl"}
    values = {fields.get(k, k): v for k, v in given.items()}
    return {"input": {"login": login, "ownerLogin": owner, **values}}


create_organization = Spec(
    OPS["AdminCreateOrganization"],
    lambda data, call: shapes.organization(data["createOrganization"]["organization"]),
    _create_org_variables,
    status=201,
    reads_body=True,
    lookup=OPS["AdminUser"],
    lookup_variables=lambda call: {"login": call.path["username"]},
    codes=_TAKEN,
    fields={"login": "username", "name": "full_name"},
)


# --- teams -----------------------------------------------------------------


def _create_team_variables(call: Call) -> dict[str, Any]:
    _require_admin(call)
    org = require(call.lookup.get("organization"), "Organization")
    name = b.text(call.body, "name", required=True)
    description = b.text(call.body, "description") or ""
    permission = b.choice(call.body, "permission", ("read", "write", "admin")) or "read"
    return {
        "input": {
            "organizationId": org["id"],
            "name": name,
            "description": description,
            "permission": permission.upper(),
        }
    }


create_team = Spec(
    OPS["AdminCreateTeam"],
    lambda data, call: team(data["createTeam"]["team"]),
    _create_team_variables,
    status=201,
    reads_body=True,
    lookup=OPS["AdminOrganization"],
    lookup_variables=lambda call: {"login": call.path["orgname"]},
    codes=_TAKEN,
)


def _members_variables(call: Call) -> dict[str, Any]:
    return {"id": _found_team(call), **page_variables(call)}


def _members(data: dict[str, Any], call: Call) -> Any:
    found = require(data["node"], "Team")
    return paged(found["members"], call, shapes.user)


list_team_members = Spec(
    OPS["AdminTeamMembers"],
    _members,
    _members_variables,
    lookup=OPS["AdminTeam"],
    lookup_variables=_team_lookup,
)


def _member_variables(call: Call) -> dict[str, Any]:
    return {"input": {"teamId": _found_team(call), "login": call.path["username"]}}


def _repo_variables(call: Call) -> dict[str, Any]:
    return {"input": {"teamId": _found_team(call), "repositoryName": call.path["reponame"]}}


def _team_change(operation: str, variables: Any) -> Spec:
    return Spec(
        OPS[operation],
        lambda data, call: None,
        variables,
        status=204,
        lookup=OPS["AdminTeam"],
        lookup_variables=_team_lookup,
        fields={"login": "username", "repositoryName": "reponame"},
    )


add_team_member = _team_change("AdminAddTeamMember", _member_variables)
remove_team_member = _team_change("AdminRemoveTeamMember", _member_variables)
add_team_repository = _team_change("AdminAddTeamRepository", _repo_variables)
remove_team_repository = _team_change("AdminRemoveTeamRepository", _repo_variables)


# --- listOrgTeams ----------------------------------------------------------


def _teams(data: dict[str, Any], call: Call) -> Any:
    found = require(data["organization"], "Organization")
    return paged(found["teams"], call, team)


list_organization_teams = Spec(
    OPS["OrganizationTeams"],
    _teams,
    lambda call: {"login": call.path["orgname"], **page_variables(call)},
)
