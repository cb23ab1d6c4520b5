"""A user's email addresses: GraphQL (User.emails, addEmails, removeEmails) and Gogs'
/user/emails, on both backends: fields, status codes, who may see and change them,
uniqueness across accounts in any letter case, races and hostile bodies."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.forge import Forge, User, unique
from tests.rest.rest import assert_types, client

EMAILS = "query($l: String!) { user(login: $l) { email emails { email isPrimary isVerified createdAt } } }"
ADD = """mutation($e: [String!]!) { addEmails(input: {emails: $e}) {
  emails { email isPrimary isVerified } user { login } } }"""
REMOVE = """mutation($e: [String!]!) { removeEmails(input: {emails: $e}) {
  emails { email } user { login } } }"""


def _address(prefix: str = "e") -> str:
    return f"{unique(prefix)}@example.org"


def _listed(forge: Forge, token: str | None) -> httpx.Response:
    with client(forge, token=token) as gogs:
        return gogs.get("/user/emails")


def _add(forge: Forge, token: str | None, body: Any) -> httpx.Response:
    with client(forge, token=token) as gogs:
        if isinstance(body, bytes):
            return gogs.post(
                "/user/emails", content=body, headers={"Content-Type": "application/json"}
            )
        return gogs.post("/user/emails", json=body)


def _delete(forge: Forge, token: str | None, body: Any) -> httpx.Response:
    with client(forge, token=token) as gogs:
        if isinstance(body, bytes):
            return gogs.request(
                "DELETE", "/user/emails", content=body, headers={"Content-Type": "application/json"}
            )
        return gogs.request("DELETE", "/user/emails", json=body)


def _emails_of(forge: Forge, user: User) -> list[dict[str, Any]]:
    response = _listed(forge, user.token)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    for entry in body:
        assert_types(entry, {"email": str, "verified": bool, "primary": bool})
        assert set(entry) == {"email", "verified", "primary"}
    return body


def test_user_starts_with_their_address_as_the_verified_primary(forge: Forge) -> None:
    user = forge.new_user()
    primary = f"{user.login}@example.com"
    assert _emails_of(forge, user) == [{"email": primary, "verified": True, "primary": True}]
    found = forge.gql(EMAILS, {"l": user.login}, token=user.token)["user"]
    assert found["email"] == primary
    assert [(e["email"], e["isPrimary"], e["isVerified"]) for e in found["emails"]] == [
        (primary, True, True)
    ]
    assert found["emails"][0]["createdAt"]


def test_user_can_add_and_delete_addresses(forge: Forge) -> None:
    user = forge.new_user()
    primary = f"{user.login}@example.com"
    first, second = _address(), _address()
    response = _add(forge, user.token, {"emails": [first, second]})
    assert response.status_code == 200, response.text
    assert response.json() == [
        {"email": first, "verified": False, "primary": False},
        {"email": second, "verified": False, "primary": False},
    ]
    assert _emails_of(forge, user) == [
        {"email": primary, "verified": True, "primary": True},
        {"email": first, "verified": False, "primary": False},
        {"email": second, "verified": False, "primary": False},
    ]
    # Gogs' page and limit cut the list, with its Link and X-Total-Count.
    with client(forge, token=user.token) as gogs:
        paged = gogs.get("/user/emails", params={"limit": 2, "page": 2})
    assert paged.status_code == 200
    assert [e["email"] for e in paged.json()] == [second]
    assert paged.headers["X-Total-Count"] == "3"
    # Deleting: in any letter case; addresses not yours are ignored, as in Gogs.
    response = _delete(forge, user.token, {"emails": [first.upper(), "nobody@example.net"]})
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert [e["email"] for e in _emails_of(forge, user)] == [primary, second]
    # The primary's own address cannot be removed, and nothing else goes with it.
    response = _delete(forge, user.token, {"emails": [second, primary.upper()]})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "emails"
    assert set(response.json()) >= {"message", "url"}
    assert [e["email"] for e in _emails_of(forge, user)] == [primary, second]


def test_graphql_add_and_remove_emails(forge: Forge) -> None:
    user = forge.new_user()
    address = _address()
    added = forge.gql(ADD, {"e": [address]}, token=user.token)["addEmails"]
    assert added == {
        "emails": [{"email": address, "isPrimary": False, "isVerified": False}],
        "user": {"login": user.login},
    }
    removed = forge.gql(REMOVE, {"e": [address]}, token=user.token)["removeEmails"]
    assert removed == {"emails": [{"email": address}], "user": {"login": user.login}}
    error = forge.gql_error(REMOVE, {"e": [f"{user.login}@example.com"]}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]


def test_addresses_are_unique_across_accounts_in_any_case(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    address = _address()
    assert _add(forge, user.token, {"emails": [address]}).status_code == 200
    taken = [
        address,
        address.upper(),
        f"{other.login}@example.com",  # another's primary
        f"{user.login.upper()}@EXAMPLE.COM",  # your own primary
    ]
    for email in taken:
        response = _add(forge, other.token, {"emails": [_address(), email]})
        assert response.status_code == 422, (email, response.text)
        assert response.json()["field"] == "emails"
    # All or none: the fresh address of each refused request was not added.
    assert len(_emails_of(forge, other)) == 1
    error = forge.gql_error(ADD, {"e": [address.upper()]}, token=other.token)
    assert error.codes == ["CONFLICT"]
    # An address someone holds as a secondary cannot become another account's primary,
    # neither by a profile change nor for a new account.
    set_email = "mutation($e: String!) { updateViewer(input: {email: $e}) { viewer { email } } }"
    assert forge.gql_error(set_email, {"e": address}, token=other.token).codes == ["CONFLICT"]
    create = """mutation($i: CreateUserInput!) { createUser(input: $i) { user { login } } }"""
    refused = forge.gql_error(
        create,
        {"i": {"login": unique("n"), "email": address.upper(), "password": "pw-long-enough"}},
        token=forge.admin.token,
    )
    assert refused.codes == ["CONFLICT"]


def test_changing_the_primary_keeps_one_primary(forge: Forge) -> None:
    user = forge.new_user()
    secondary, fresh = _address(), _address()
    assert _add(forge, user.token, {"emails": [secondary]}).status_code == 200
    set_email = "mutation($e: String!) { updateViewer(input: {email: $e}) { viewer { email } } }"
    forge.gql(set_email, {"e": fresh}, token=user.token)
    assert _emails_of(forge, user) == [
        {"email": fresh, "verified": True, "primary": True},
        {"email": secondary, "verified": False, "primary": False},
    ]
    # One of your own addresses becomes the primary; the old primary is replaced.
    forge.gql(set_email, {"e": secondary}, token=user.token)
    assert _emails_of(forge, user) == [{"email": secondary, "verified": True, "primary": True}]
    # The replaced address is free for others.
    other = forge.new_user()
    assert _add(forge, other.token, {"emails": [fresh]}).status_code == 200


def test_concurrent_adds_of_one_address_give_one_owner_and_no_server_error(
    forge: Forge,
) -> None:
    users = [forge.new_user() for _ in range(4)]
    address = _address("race")

    def attempt(user: User) -> int:
        return _add(forge, user.token, {"emails": [address]}).status_code

    with ThreadPoolExecutor(max_workers=len(users) * 2) as pool:
        codes = list(pool.map(attempt, users * 2))
    assert sorted(codes) == [200] + [422] * (len(codes) - 1), codes


def test_who_may_see_and_change_addresses(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    address = _address()
    assert _add(forge, user.token, {"emails": [address]}).status_code == 200
    # Anonymous: 401 on every /user/emails route.
    assert _listed(forge, None).status_code == 401
    assert _add(forge, None, {"emails": [_address()]}).status_code == 401
    assert _delete(forge, None, {"emails": [address]}).status_code == 401
    # Another user sees only their own list, and never this user's addresses.
    assert [e["email"] for e in _emails_of(forge, other)] == [f"{other.login}@example.com"]
    seen = {
        "self": user.token,
        "admin": forge.admin.token,
        "other": other.token,
        "anonymous": None,
    }
    lists = {
        name: forge.gql(EMAILS, {"l": user.login}, token=t)["user"]["emails"]
        for name, t in seen.items()
    }
    assert lists["other"] is None and lists["anonymous"] is None
    assert [e["email"] for e in lists["self"]] == [e["email"] for e in lists["admin"]]
    assert address in [e["email"] for e in lists["self"]]
    # A secondary address never shows as User.email, even to signed-in users.
    user_email = forge.gql(EMAILS, {"l": user.login}, token=other.token)["user"]["email"]
    assert user_email == f"{user.login}@example.com"
    # Another user cannot delete this user's address (it is simply not theirs).
    assert _delete(forge, other.token, {"emails": [address]}).status_code == 204
    assert address in [e["email"] for e in _emails_of(forge, user)]


def test_changing_addresses_needs_the_admin_scope(forge: Forge) -> None:
    user = forge.new_user()
    repo_token = forge.token_for(user, ["repo:read", "repo:write"])
    assert _listed(forge, repo_token).status_code == 200  # reading: any token of the user
    assert _add(forge, repo_token, {"emails": [_address()]}).status_code == 403
    assert _delete(forge, repo_token, {"emails": [_address()]}).status_code == 403
    admin_token = forge.token_for(user, ["admin"])
    assert _add(forge, admin_token, {"emails": [_address()]}).status_code == 200


def test_hostile_bodies_are_refused_without_server_errors(forge: Forge) -> None:
    user = forge.new_user()
    bodies: list[tuple[Any, int]] = [
        (b"{not json", 400),
        (b"[]", 400),
        (b'"text"', 400),
        ({}, 422),
        ({"emails": "a@example.org"}, 422),
        ({"emails": [1, 2]}, 422),
        ({"emails": [None]}, 422),
        ({"emails": [["a@example.org"]]}, 422),
        ({"emails": []}, 422),
        ({"emails": ["not-an-address"]}, 422),
        ({"emails": ["a\u0000b@example.org"]}, 400),
        ({"emails": ["a\u001bb@example.org"]}, 422),
        ({"emails": ["a\u202eb@example.org"]}, 422),
        ({"emails": ["a<b>@example.org"]}, 422),
        ({"emails": ["x" * 300 + "@example.org"]}, 422),
        ({"emails": ["dup@example.org", "DUP@example.org"]}, 422),
        ({"emails": [f"many{i}@example.org" for i in range(101)]}, 422),
    ]
    for body, status in bodies:
        added = _add(forge, user.token, body)
        assert added.status_code == status, (body, added.text)
        deleted = _delete(forge, user.token, body)
        assert deleted.status_code < 500, (body, deleted.text)
    assert len(_emails_of(forge, user)) == 1
