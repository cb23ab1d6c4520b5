"""Feeds are newest first and keyset-paginated."""

from __future__ import annotations

from tests.activity.feed import REPOSITORY, received
from tests.collaboration.issues_api import issue
from tests.forge import Forge


def test_pages_follow_each_other_newest_first(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    for n in range(6):
        issue(forge, user, repo, f"Issue {n}")
    owner, name = repo["nameWithOwner"].split("/")
    seen: list[dict] = []
    after = None
    pages = 0
    while True:
        data = forge.gql(REPOSITORY, {"o": owner, "n": name, "f": 3, "a": after}, token=user.token)
        page = data["repository"]["activity"]
        assert page["totalCount"] == 7
        seen += page["nodes"]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3
    assert [n["title"] for n in seen] == [f"Issue {n}" for n in range(5, -1, -1)] + [None]
    ids = [n["databaseId"] for n in seen]
    assert ids == sorted(ids, reverse=True)
    times = [n["createdAt"] for n in seen]
    assert times == sorted(times, reverse=True)
    # The viewer's feed pages the same way.
    assert [n["databaseId"] for n in received(forge, user.token, first=7)["nodes"]] == ids


def test_bad_page_arguments_are_refused(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    for variables in ({"f": 101}, {"f": -1}, {"f": 2, "a": "not-a-cursor"}):
        error = forge.gql_error(REPOSITORY, {"o": owner, "n": name, **variables}, user.token)
        assert error.codes == ["BAD_USER_INPUT"]
