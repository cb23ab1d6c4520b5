"""Fixtures shared by the pull request tests."""

from __future__ import annotations

import pytest

from tests.forge import Forge
from tests.pulls.builder import Project, new_project


@pytest.fixture
def org_project(forge: Forge) -> tuple[Project, dict[str, str | None]]:
    """An organization's public repository and a token per kind of caller."""
    org_owner, member, outsider = forge.new_user("oo"), forge.new_user("om"), forge.new_user("ou")
    org = forge.gql(
        "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id } } }",
        {"l": f"org-{org_owner.login}"},
        token=org_owner.token,
    )["createOrganization"]["organization"]
    forge.gql(
        "mutation($o: ID!, $l: String!) { addOrganizationMember(input: {organizationId: $o, login: $l}) { role } }",
        {"o": org["id"], "l": member.login},
        token=org_owner.token,
    )
    project = new_project(forge, org_owner, owner_id=org["id"])
    actors: dict[str, str | None] = {
        "org owner": org_owner.token,
        "org member": member.token,
        "outsider": outsider.token,
        "anonymous": None,
        "read-only token": forge.token_for(org_owner, ["repo:read"]),
    }
    return project, actors
