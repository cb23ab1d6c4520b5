"""Who sees which activity: a private repository's activity never leaks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.activity.feed import (
    VIEWER,
    kinds,
    received,
    repositories_of,
    repository_activity,
    user_activity,
)
from tests.collaboration.issues_api import issue
from tests.collaboration.people import Cast, cast, org_repo
from tests.forge import Forge, User


@dataclass
class World:
    people: Cast
    private: dict[str, Any]
    public: dict[str, Any]
    stranger: User
    stranger_repo: dict[str, Any]


@pytest.fixture
def world(forge: Forge) -> World:
    people = cast(forge)
    private = org_repo(forge, people, private=True)
    public = org_repo(forge, people, private=False)
    issue(forge, people.writer, private, "Secret plans")
    issue(forge, people.writer, public, "Public bug")
    issue(forge, people.outsider, public, "Drive-by report")
    stranger = forge.new_user("str")
    stranger_repo = forge.new_repo(stranger)
    return World(people, private, public, stranger, stranger_repo)


def _name(repo: dict[str, Any]) -> str:
    return str(repo["nameWithOwner"])


def test_repository_activity_is_as_visible_as_its_repository(forge: Forge, world: World) -> None:
    p = world.people
    for reader in (p.org_owner, p.member, p.reader, p.writer):
        feed = repository_activity(forge, world.private, reader.token)
        assert feed is not None
        assert kinds(feed) == [
            ("ISSUE_OPENED", p.writer.login),
            ("REPOSITORY_CREATED", p.org_owner.login),
        ]
    for token in (p.outsider.token, None):
        assert repository_activity(forge, world.private, token) is None
        public = repository_activity(forge, world.public, token)
        assert public is not None
        assert [k for k, _ in kinds(public)] == [
            "ISSUE_OPENED",
            "ISSUE_OPENED",
            "REPOSITORY_CREATED",
        ]


def test_user_activity_shows_only_what_the_viewer_can_read(forge: Forge, world: World) -> None:
    p = world.people
    for token in (p.outsider.token, None, world.stranger.token):
        feed = user_activity(forge, p.writer.login, token)
        assert repositories_of(feed) == {_name(world.public)}
        assert [n["issue"]["title"] for n in feed["nodes"]] == ["Public bug"]
        assert feed["totalCount"] == 1
    for viewer in (p.writer, p.reader, p.member, p.org_owner):
        feed = user_activity(forge, p.writer.login, viewer.token)
        assert [n["title"] for n in feed["nodes"]] == ["Public bug", "Secret plans"]
    # The org owner created both repositories; outsiders only learn of the public one.
    owner_seen_by_outsider = user_activity(forge, p.org_owner.login, p.outsider.token)
    assert kinds(owner_seen_by_outsider) == [("REPOSITORY_CREATED", p.org_owner.login)]
    assert repositories_of(owner_seen_by_outsider) == {_name(world.public)}


def test_received_activity_covers_related_repositories_only(forge: Forge, world: World) -> None:
    p = world.people
    both = {_name(world.private), _name(world.public)}
    for viewer in (p.org_owner, p.member, p.reader, p.writer):
        feed = received(forge, viewer.token)
        # Everything in the organization's repositories, whoever acted; not the stranger's.
        assert repositories_of(feed) == both
        assert feed["totalCount"] == 5
        assert ("ISSUE_OPENED", p.outsider.login) in kinds(feed)
    outsider = received(forge, p.outsider.token)
    # Only the outsider's own action: the private repository stays invisible.
    assert kinds(outsider) == [("ISSUE_OPENED", p.outsider.login)]
    assert repositories_of(outsider) == {_name(world.public)}
    stranger = received(forge, world.stranger.token)
    assert kinds(stranger) == [("REPOSITORY_CREATED", world.stranger.login)]
    assert forge.gql(VIEWER, {"f": 5}) == {"viewer": None}
    # Another user's feed is nobody else's business.
    other = forge.gql(
        "query($l: String!) { user(login: $l) { receivedActivity(first: 5) { totalCount } } }",
        {"l": p.writer.login},
        token=p.org_owner.token,
    )
    assert other == {"user": {"receivedActivity": None}}
    # A token that may not read private repositories sees only the public side.
    narrow = forge.token_for(p.member, ["workflow:read"])
    assert repositories_of(received(forge, narrow)) == {_name(world.public)}


def test_losing_access_hides_past_activity(forge: Forge, world: World) -> None:
    p = world.people
    forge.gql(
        "mutation($r: ID!, $l: String!) { removeCollaborator(input: {repositoryId: $r, login: $l})"
        " { repository { id } } }",
        {"r": world.private["id"], "l": p.writer.login},
        token=p.org_owner.token,
    )
    # The writer's own action in the private repository is now out of their sight too.
    assert repositories_of(received(forge, p.writer.token)) == {_name(world.public)}
    assert repositories_of(user_activity(forge, p.writer.login, p.writer.token)) == {
        _name(world.public)
    }


def test_deleting_a_repository_deletes_its_activity(forge: Forge, world: World) -> None:
    p = world.people
    forge.gql(
        "mutation($r: ID!) { deleteRepository(input: {repositoryId: $r}) { deletedRepositoryId } }",
        {"r": world.private["id"]},
        token=p.org_owner.token,
    )
    assert repositories_of(received(forge, p.org_owner.token)) == {_name(world.public)}
    assert [
        n["title"] for n in user_activity(forge, p.writer.login, p.org_owner.token)["nodes"]
    ] == ["Public bug"]
