"""A private repository's contents exist only for those who may read it."""

from __future__ import annotations

import pytest

from tests.contents.conftest import Sample, build
from tests.forge import Forge

CONTENTS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  isEmpty defaultBranchRef { target { oid } }
  object(expression: "main:README.md") { ... on Blob { text } } } }"""


@pytest.fixture(scope="module")
def private(forge: Forge) -> Sample:
    return build(forge, forge.new_user("owner"), private=True)


def test_owner_reads_private_contents(forge: Forge, private: Sample) -> None:
    data = forge.gql(CONTENTS, private.variables, token=private.user.token)["repository"]
    assert data["object"] == {"text": "# Sample\n\nMore.\n"}
    assert data["defaultBranchRef"]["target"]["oid"] == private.commits[-1]


def test_outsider_and_anonymous_see_nothing(forge: Forge, private: Sample) -> None:
    outsider = forge.new_user("outsider")
    assert forge.gql(CONTENTS, private.variables, token=outsider.token) == {"repository": None}
    assert forge.gql(CONTENTS, private.variables) == {"repository": None}


def test_token_without_repo_read_sees_nothing(forge: Forge, private: Sample) -> None:
    token = forge.token_for(private.user, ["collaborator:read"])
    assert forge.gql(CONTENTS, private.variables, token=token) == {"repository": None}
