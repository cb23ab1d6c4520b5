"""Who reads a user's address (issue 22 item 9), in GraphQL, Gogs and Isurus alike.

Signed-in callers see it unless the user keeps it private; anonymous callers never;
the user themself and site admins always. Accounts that existed before the setting
are private; new ones are not.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import migrate_to, start_server
from tests.forge import Forge, User
from tests.rest.isurus import api as isurus_api
from tests.rest.isurus import data, new_team
from tests.rest.rest import client as gogs_client

EMAIL = "query($l: String!) { user(login: $l) { email keepEmailPrivate } }"
SET_PRIVATE = """mutation($p: Boolean!) {
  updateViewer(input: {keepEmailPrivate: $p}) { viewer { keepEmailPrivate } } }"""


def _graphql_email(forge: Forge, login: str, token: str | None) -> str:
    return str(forge.gql(EMAIL, {"l": login}, token=token)["user"]["email"])


def _gogs_email(forge: Forge, login: str, token: str | None) -> str:
    with gogs_client(forge, token=token) as gogs:
        response = gogs.get(f"/users/{login}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert "email" in body, body  # Gogs' user object always carries the key
    return str(body["email"])


def _keep_private(forge: Forge, user: User, private: bool) -> None:
    found = forge.gql(SET_PRIVATE, {"p": private}, token=user.token)
    assert found["updateViewer"]["viewer"]["keepEmailPrivate"] is private


def _seen_by(forge: Forge, user: User, viewers: dict[str, str | None]) -> dict[str, set[str]]:
    """Per viewer, the addresses GraphQL and Gogs showed them (one each if they agree)."""
    return {
        name: {_graphql_email(forge, user.login, t), _gogs_email(forge, user.login, t)}
        for name, t in viewers.items()
    }


def test_new_account_shows_its_email_to_signed_in_users_only(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    address = f"{user.login}@example.com"
    viewers = {
        "anonymous": None,
        "other": other.token,
        "self": user.token,
        "admin": forge.admin.token,
    }
    assert _seen_by(forge, user, viewers) == {
        "anonymous": {""},
        "other": {address},
        "self": {address},
        "admin": {address},
    }
    assert (
        forge.gql(EMAIL, {"l": user.login}, token=user.token)["user"]["keepEmailPrivate"] is False
    )


def test_user_who_keeps_email_private_shows_it_to_self_and_admins_only(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    address = f"{user.login}@example.com"
    _keep_private(forge, user, True)
    viewers = {
        "anonymous": None,
        "other": other.token,
        "self": user.token,
        "admin": forge.admin.token,
    }
    assert _seen_by(forge, user, viewers) == {
        "anonymous": {""},
        "other": {""},
        "self": {address},
        "admin": {address},
    }
    _keep_private(forge, user, False)
    assert _graphql_email(forge, user.login, other.token) == address


def test_keep_email_private_is_readable_by_self_and_admin_only(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    _keep_private(forge, user, True)
    readers = {"self": user.token, "admin": forge.admin.token, "other": other.token, "anon": None}
    flags = {
        name: forge.gql(EMAIL, {"l": user.login}, token=t)["user"]["keepEmailPrivate"]
        for name, t in readers.items()
    }
    assert flags == {"self": True, "admin": True, "other": None, "anon": None}


def test_isurus_author_and_user_objects_follow_the_rule(forge: Forge) -> None:
    team = new_team(forge)
    owner, outsider = team.owner, forge.new_user("out")
    address = f"{owner.login}@example.com"
    with team.client() as isurus:
        number = data(isurus.post(f"{team.path}/issues", json={"title": "t"}), 201)["number"]

    def author_email(token: str | None) -> str:
        with isurus_api(forge, token) as isurus:
            issue = data(isurus.get(f"{team.path}/issues/{number}"))
            state = {"state": issue["state"]}
            listed = data(isurus.get(f"{team.path}/issues", params=state))
        assert {i["author"]["email"] for i in listed if i["number"] == number} == {
            issue["author"]["email"]
        }
        return str(issue["author"]["email"])

    def own_email() -> str:
        with isurus_api(forge, owner.token) as isurus:
            return str(data(isurus.get("/user"))["email"])

    tokens = {"anonymous": None, "outsider": outsider.token, "admin": forge.admin.token}
    assert {name: author_email(t) for name, t in tokens.items()} == {
        "anonymous": "",
        "outsider": address,
        "admin": address,
    }
    _keep_private(forge, owner, True)
    assert {name: author_email(t) for name, t in tokens.items()} == {
        "anonymous": "",
        "outsider": "",
        "admin": address,
    }
    assert author_email(owner.token) == own_email() == address


def test_accounts_from_before_the_setting_keep_their_email_private(tmp_path: Path) -> None:
    """Migrating back before 0009 and forward again: existing accounts become private."""
    forge = start_server(tmp_path, None)
    try:
        user, other = forge.new_user(), forge.new_user()
        assert _graphql_email(forge, user.login, other.token) == f"{user.login}@example.com"
    finally:
        forge.stop()
    migrate_to(forge.env, "ingot.0008_membership_visibility")
    forge = start_server(tmp_path, None)  # ``serve`` migrates forward
    try:
        # Web sessions do not outlive the server: sign in again.
        other_token = forge.sign_in(other.login, other.password)
        user_token = forge.sign_in(user.login, user.password)
        assert _graphql_email(forge, user.login, other_token) == ""
        assert _graphql_email(forge, user.login, user_token) == f"{user.login}@example.com"
        assert _graphql_email(forge, other.login, user_token) == ""
        newcomer = forge.new_user()
        assert _graphql_email(forge, newcomer.login, other_token).endswith("@example.com")
    finally:
        forge.stop()
