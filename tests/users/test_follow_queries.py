"""A follower list costs the same statements for 2 followers as for 4: the users, their
counts and whether the viewer follows them come through loaders, one query each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import querylog
from tests.backends import counted_server
from tests.rest.rest import client

LIST = """query($l: String!) { user(login: $l) { followers(first: 50) { totalCount nodes {
  login viewerIsFollowing followers { totalCount } following { totalCount } } } } }"""


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_follower_lists_cost_the_same_for_more_followers(backend: str, tmp_path: Path) -> None:
    with counted_server(backend, tmp_path) as (forge, log):
        few, many = forge.new_user("few"), forge.new_user("many")
        fans = [forge.new_user("fan") for _ in range(4)]
        for fan in fans[:2]:
            forge.gql(
                "mutation($u: ID!) { followUser(input: {userId: $u}) { user { login } } }",
                {"u": few.id},
                token=fan.token,
            )
        for fan in fans:
            forge.gql(
                "mutation($u: ID!) { followUser(input: {userId: $u}) { user { login } } }",
                {"u": many.id},
                token=fan.token,
            )
        viewer = fans[0].token

        def graphql(login: str) -> int:
            def run(_: int) -> None:
                found = forge.gql(LIST, {"l": login}, token=viewer)["user"]["followers"]
                assert found["totalCount"] in (2, 4)

            return querylog.fewest(log, run, tries=2)

        def gogs(login: str) -> int:
            def run(_: int) -> None:
                with client(forge, token=viewer) as api:
                    assert api.get(f"/users/{login}/followers").status_code == 200

            return querylog.fewest(log, run, tries=2)

        assert graphql(few.login) == graphql(many.login)
        assert gogs(few.login) == gogs(many.login)
