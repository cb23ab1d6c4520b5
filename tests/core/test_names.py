"""Hostile names get BAD_USER_INPUT and nothing is written outside the data dir."""

from __future__ import annotations

import os

import pytest

from tests.forge import Forge, unique

CREATE = """mutation($n: String!) { createRepository(input: {name: $n}) { repository { name } } }"""

HOSTILE = [
    "../x",
    "../../etc",
    "-x",
    "--upload-pack=touch",
    ".hidden",
    "a/b",
    "a\\b",
    "nul\x00byte",
    "x" * 300,
    "\u0430pple",  # Cyrillic a
    "caf\u00e9",
    "repo.git",
    "",
    " ",
    "..",
    "space name",
    "semi;colon",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_user_cannot_create_a_repository_with_a_hostile_name(forge: Forge, name: str) -> None:
    user = forge.new_user()
    before = set(os.listdir(forge.data_dir.parent))
    if "\x00" in name:
        # No JSON string may hold a NUL: the body is refused before any field is read.
        response = forge.post_graphql(CREATE, {"n": name}, token=user.token)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    else:
        error = forge.gql_error(CREATE, {"n": name}, token=user.token)
        assert error.codes == ["BAD_USER_INPUT"], name
        assert error.errors[0]["extensions"]["field"] == "name"
    assert set(os.listdir(forge.data_dir.parent)) == before
    assert not (forge.data_dir / "repositories" / user.login.lower()).exists()


def test_user_cannot_rename_a_repository_to_a_hostile_name(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    rename = """mutation($r: ID!, $n: String!) { updateRepository(input: {repositoryId: $r, name: $n}) {
      repository { name } } }"""
    for name in ["../escape", "-rf", "x" * 101]:
        assert forge.gql_error(rename, {"r": repo["id"], "n": name}, token=user.token).codes == [
            "BAD_USER_INPUT"
        ]
    assert (forge.data_dir / "repositories" / user.login.lower() / f"{repo['name']}.git").is_dir()


def test_hostile_logins_are_refused(forge: Forge) -> None:
    create = """mutation($l: String!) { createUser(input: {login: $l, email: "a@b.example", password: "long-enough-pw"}) { user { login } } }"""
    for login in ["../x", "-x", "api", "graphql", "a" * 40, "\u0430dmin", "x_", "a b"]:
        assert forge.gql_error(create, {"l": login}, token=forge.admin.token).codes == [
            "BAD_USER_INPUT"
        ], login


def test_duplicate_names_conflict_case_insensitively(forge: Forge) -> None:
    user = forge.new_user()
    name = unique("Dup")
    forge.gql(CREATE, {"n": name}, token=user.token)
    assert forge.gql_error(CREATE, {"n": name.lower()}, token=user.token).codes == ["CONFLICT"]
