"""Following users: GraphQL (User.followers/following, viewerIsFollowing, followUser,
unfollowUser) and Gogs' follower routes, on both backends: fields, status codes,
pagination, who may do what, organizations and oneself, races and hostile logins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.forge import Forge, User
from tests.rest.isurus import new_org
from tests.rest.rest import assert_types, client

FOLLOW = (
    "mutation($u: ID!) { followUser(input: {userId: $u}) { user { login viewerIsFollowing } } }"
)
UNFOLLOW = (
    "mutation($u: ID!) { unfollowUser(input: {userId: $u}) { user { login viewerIsFollowing } } }"
)
SOCIAL = """query($l: String!, $first: Int, $after: String) { user(login: $l) {
  viewerIsFollowing viewerCanFollow
  followers(first: $first, after: $after) {
    totalCount nodes { login } edges { cursor node { login } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
  following(first: $first) { totalCount nodes { login } } } }"""


def _gogs(forge: Forge, method: str, path: str, token: str | None, **kw: Any) -> httpx.Response:
    with client(forge, token=token) as gogs:
        return gogs.request(method, path, **kw)


def _follow(forge: Forge, who: User, whom: str) -> httpx.Response:
    return _gogs(forge, "PUT", f"/user/following/{whom}", who.token)


def _logins(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    for user in response.json():
        assert_types(
            user,
            {
                "id": int,
                "username": str,
                "login": str,
                "full_name": str,
                "email": str,
                "avatar_url": str,
            },
        )
        assert user["username"] == user["login"]
    return [user["login"] for user in response.json()]


def test_user_can_follow_check_list_and_unfollow(forge: Forge) -> None:
    alice, bob, carol = forge.new_user("a"), forge.new_user("b"), forge.new_user("c")
    response = _follow(forge, alice, bob.login)
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert _follow(forge, alice, bob.login).status_code == 204  # again: nothing changes
    assert _follow(forge, carol, bob.login).status_code == 204
    assert _follow(forge, alice, carol.login.upper()).status_code == 204  # logins: any case

    def check(who: User | None, path: str) -> int:
        return _gogs(forge, "GET", path, who.token if who else None).status_code

    assert check(alice, f"/user/following/{bob.login}") == 204
    assert check(bob, f"/user/following/{alice.login}") == 404
    assert check(None, f"/users/{alice.login}/following/{bob.login}") == 204
    assert check(None, f"/users/{bob.login}/following/{alice.login}") == 404
    assert check(None, f"/users/{alice.login}/following/nobody-at-all") == 404
    assert check(None, f"/users/nobody-at-all/following/{bob.login}") == 404

    followers = _gogs(forge, "GET", f"/users/{bob.login}/followers", None)
    assert _logins(followers) == [alice.login, carol.login]
    assert followers.headers["X-Total-Count"] == "2"
    assert _logins(_gogs(forge, "GET", "/user/followers", bob.token)) == [alice.login, carol.login]
    assert _logins(_gogs(forge, "GET", f"/users/{alice.login}/following", None)) == [
        bob.login,
        carol.login,
    ]
    assert _logins(_gogs(forge, "GET", "/user/following", alice.token)) == [bob.login, carol.login]
    assert _logins(_gogs(forge, "GET", "/user/followers", alice.token)) == []

    # Other people's emails follow the visibility rule in these lists too.
    listed = _gogs(forge, "GET", f"/users/{bob.login}/followers", None).json()
    assert {user["email"] for user in listed} == {""}
    listed = _gogs(forge, "GET", f"/users/{bob.login}/followers", bob.token).json()
    assert [user["email"] for user in listed] == [
        f"{alice.login}@example.com",
        f"{carol.login}@example.com",
    ]

    response = _gogs(forge, "DELETE", f"/user/following/{bob.login}", alice.token)
    assert response.status_code == 204, response.text
    assert _gogs(forge, "DELETE", f"/user/following/{bob.login}", alice.token).status_code == 204
    assert check(alice, f"/user/following/{bob.login}") == 404
    assert _logins(_gogs(forge, "GET", f"/users/{bob.login}/followers", None)) == [carol.login]


def test_gogs_follower_lists_page_like_the_other_lists(forge: Forge) -> None:
    star = forge.new_user("star")
    fans = [forge.new_user("fan") for _ in range(3)]
    for fan in fans:
        assert _follow(forge, fan, star.login).status_code == 204
    page = _gogs(forge, "GET", f"/users/{star.login}/followers", None, params={"limit": 2})
    assert _logins(page) == [fans[0].login, fans[1].login]
    assert page.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in page.headers["Link"]
    second = _gogs(
        forge, "GET", f"/users/{star.login}/followers", None, params={"limit": 2, "page": 2}
    )
    assert _logins(second) == [fans[2].login]
    past = _gogs(
        forge, "GET", f"/users/{star.login}/followers", None, params={"limit": 2, "page": 9}
    )
    assert _logins(past) == []
    bad = _gogs(forge, "GET", f"/users/{star.login}/followers", None, params={"page": "x"})
    assert bad.status_code == 422


def test_graphql_connections_are_keyset_paginated_with_counts(forge: Forge) -> None:
    star = forge.new_user("star")
    fans = [forge.new_user("fan") for _ in range(3)]
    for fan in fans:
        found = forge.gql(FOLLOW, {"u": star.id}, token=fan.token)["followUser"]
        assert found == {"user": {"login": star.login, "viewerIsFollowing": True}}
    following_star = forge.gql(
        "query($l: String!) { user(login: $l) { isFollowingViewer } }",
        {"l": fans[0].login},
        token=star.token,
    )
    assert following_star == {"user": {"isFollowingViewer": True}}
    backwards = forge.gql(
        "query($l: String!) { user(login: $l) { isFollowingViewer } }",
        {"l": star.login},
        token=fans[0].token,
    )
    assert backwards == {"user": {"isFollowingViewer": False}}
    last = forge.gql(
        "query($l: String!) { user(login: $l) { followers(last: 1) { nodes { login } "
        "pageInfo { hasPreviousPage } } } }",
        {"l": star.login},
    )["user"]["followers"]
    assert last == {"nodes": [{"login": fans[2].login}], "pageInfo": {"hasPreviousPage": True}}
    first = forge.gql(SOCIAL, {"l": star.login, "first": 2}, token=fans[0].token)["user"]
    assert first["viewerIsFollowing"] is True and first["viewerCanFollow"] is True
    followers = first["followers"]
    assert followers["totalCount"] == 3
    assert followers["nodes"] == [{"login": fans[0].login}, {"login": fans[1].login}]
    assert [e["node"] for e in followers["edges"]] == followers["nodes"]
    info = followers["pageInfo"]
    assert info["hasNextPage"] is True and info["hasPreviousPage"] is False
    assert info["endCursor"] == followers["edges"][-1]["cursor"]
    rest = forge.gql(SOCIAL, {"l": star.login, "first": 2, "after": info["endCursor"]})["user"]
    assert rest["followers"]["nodes"] == [{"login": fans[2].login}]
    assert rest["followers"]["pageInfo"]["hasNextPage"] is False
    assert rest["viewerIsFollowing"] is False and rest["viewerCanFollow"] is False  # anonymous
    assert rest["following"] == {"totalCount": 0, "nodes": []}
    mine = forge.gql(SOCIAL, {"l": star.login}, token=star.token)["user"]
    assert mine["viewerCanFollow"] is False  # yourself
    fan = forge.gql(SOCIAL, {"l": fans[1].login}, token=star.token)["user"]
    assert fan["following"] == {"totalCount": 1, "nodes": [{"login": star.login}]}
    gone = forge.gql(UNFOLLOW, {"u": star.id}, token=fans[1].token)["unfollowUser"]
    assert gone == {"user": {"login": star.login, "viewerIsFollowing": False}}
    assert forge.gql(SOCIAL, {"l": star.login})["user"]["followers"]["totalCount"] == 2
    # Counts and viewerIsFollowing of many users at once (batched by loaders).
    many = forge.gql(
        "query($l: String!) { user(login: $l) { followers { nodes { login viewerIsFollowing "
        "followers { totalCount } following { totalCount } } } } }",
        {"l": star.login},
        token=fans[0].token,
    )["user"]["followers"]["nodes"]
    assert many == [
        {
            "login": f.login,
            "viewerIsFollowing": False,
            "followers": {"totalCount": 0},
            "following": {"totalCount": 1},
        }
        for f in (fans[0], fans[2])
    ]


def test_nobody_follows_themself_or_an_organization(forge: Forge) -> None:
    user = forge.new_user()
    org = new_org(forge, user)
    response = _follow(forge, user, user.login)
    assert response.status_code == 422, response.text
    assert set(response.json()) >= {"message", "url"}
    assert forge.gql_error(FOLLOW, {"u": user.id}, token=user.token).codes == ["BAD_USER_INPUT"]
    assert _follow(forge, user, org).status_code == 404
    assert _gogs(forge, "DELETE", f"/user/following/{org}", user.token).status_code == 404
    assert _gogs(forge, "GET", f"/user/following/{org}", user.token).status_code == 404
    assert _gogs(forge, "GET", f"/users/{org}/followers", None).status_code == 404
    assert _gogs(forge, "GET", f"/users/{org}/following", None).status_code == 404
    org_id = forge.gql("query($l: String!) { organization(login: $l) { id } }", {"l": org})
    error = forge.gql_error(FOLLOW, {"u": org_id["organization"]["id"]}, token=user.token)
    assert error.codes == ["NOT_FOUND"]
    assert _follow(forge, user, "nobody-at-all").status_code == 404


def test_permission_matrix(forge: Forge) -> None:
    user, target = forge.new_user(), forge.new_user()
    # Anonymous: 401 on every /user/... route, even for an unknown target.
    for method, path in [
        ("GET", "/user/followers"),
        ("GET", "/user/following"),
        ("GET", f"/user/following/{target.login}"),
        ("PUT", f"/user/following/{target.login}"),
        ("DELETE", f"/user/following/{target.login}"),
        ("PUT", "/user/following/nobody-at-all"),
    ]:
        assert _gogs(forge, method, path, None).status_code == 401, (method, path)
    assert forge.gql_error(FOLLOW, {"u": target.id}).codes == ["UNAUTHENTICATED"]
    # A read-only token reads but does not follow; Gogs' repo scope follows.
    read_only = forge.token_for(user, ["repo:read"])
    assert _gogs(forge, "GET", "/user/following", read_only).status_code == 200
    refused = _gogs(forge, "PUT", f"/user/following/{target.login}", read_only)
    assert refused.status_code == 403, refused.text
    assert _gogs(forge, "DELETE", f"/user/following/{target.login}", read_only).status_code == 403
    assert forge.gql_error(FOLLOW, {"u": target.id}, token=read_only).codes == ["FORBIDDEN"]
    gogs_repo = forge.token_for(user, ["repo"], scopeDialect="gogs")
    assert _gogs(forge, "PUT", f"/user/following/{target.login}", gogs_repo).status_code == 204
    # Nobody changes someone else's follows: the routes act for the caller only.
    other = forge.new_user()
    assert _gogs(forge, "DELETE", f"/user/following/{target.login}", other.token).status_code == 204
    assert (
        _gogs(forge, "GET", f"/users/{user.login}/following/{target.login}", None).status_code
        == 204
    )


def test_concurrent_follows_do_not_fail(forge: Forge) -> None:
    user, target = forge.new_user(), forge.new_user()

    def attempt(_: int) -> int:
        return _follow(forge, user, target.login).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(attempt, range(6))) == {204}
    assert forge.gql(SOCIAL, {"l": target.login})["user"]["followers"]["totalCount"] == 1


def test_hostile_targets_and_ids(forge: Forge) -> None:
    user = forge.new_user()
    for target in ["%00", "a%1b", "%E2%80%AE", "x" * 300, "%2e%2e", "a b"]:
        for method in ("GET", "PUT", "DELETE"):
            response = _gogs(forge, method, f"/user/following/{target}", user.token)
            assert response.status_code in (404, 422), (method, target, response.text)
        listed = _gogs(forge, "GET", f"/users/{target}/followers", None)
        assert listed.status_code in (404, 422), (target, listed.text)
    for bad in ["", "nope", "VXNlcjo5OTk5OTk5OTk5OTk5", "T3JnYW5pemF0aW9uOjE="]:
        error = forge.gql_error(FOLLOW, {"u": bad}, token=user.token)
        assert error.codes in (["NOT_FOUND"], ["BAD_USER_INPUT"]), error.errors
    error = forge.gql_error(SOCIAL, {"l": user.login, "first": 2, "after": "garbage"})
    assert error.codes == ["BAD_USER_INPUT"]
    error = forge.gql_error(SOCIAL, {"l": user.login, "first": 1000})
    assert error.codes == ["BAD_USER_INPUT"]
