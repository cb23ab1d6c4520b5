"""A user edits their own profile and password (updateViewer, changePassword)."""

from __future__ import annotations

from tests.forge import Forge, unique

UPDATE = """mutation($i: UpdateViewerInput!) { updateViewer(input: $i) {
  viewer { id login name email updatedAt } } }"""
CHANGE = """mutation($i: ChangePasswordInput!) { changePassword(input: $i) {
  viewer { login } endedSessions } }"""
VIEWER = "{ viewer { login name email } }"


def test_user_can_change_name_and_email(forge: Forge) -> None:
    user = forge.new_user()
    before = forge.gql("{ viewer { updatedAt } }", token=user.token)["viewer"]["updatedAt"]
    email = f"{unique('new')}@example.org"
    data = forge.gql(UPDATE, {"i": {"name": "Ada Lovelace", "email": email}}, token=user.token)
    viewer = data["updateViewer"]["viewer"]
    assert viewer["id"] == user.id and viewer["login"] == user.login
    assert viewer["name"] == "Ada Lovelace" and viewer["email"] == email
    assert viewer["updatedAt"] >= before
    assert forge.gql(VIEWER, token=user.token)["viewer"] == {
        "login": user.login,
        "name": "Ada Lovelace",
        "email": email,
    }
    # Omitted fields stay as they are; an empty name clears it.
    forge.gql(UPDATE, {"i": {"name": ""}}, token=user.token)
    assert forge.gql(VIEWER, token=user.token)["viewer"] == {
        "login": user.login,
        "name": "",
        "email": email,
    }


def test_user_cannot_set_a_bad_email_or_an_overlong_name(forge: Forge) -> None:
    user = forge.new_user()
    for bad in ["not-an-email", "a b@example.org", "", "x@" + "y" * 250 + ".org"]:
        error = forge.gql_error(UPDATE, {"i": {"email": bad}}, token=user.token)
        assert error.codes == ["BAD_USER_INPUT"], bad
        assert error.errors[0]["extensions"]["field"] == "email"
    error = forge.gql_error(UPDATE, {"i": {"name": "n" * 256}}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "name"
    # Nothing was written by the refused calls, even alongside a valid field.
    forge.gql_error(UPDATE, {"i": {"name": "Partial", "email": "nope"}}, token=user.token)
    viewer = forge.gql(VIEWER, token=user.token)["viewer"]
    assert viewer["name"] == "" and viewer["email"] == f"{user.login}@example.com"


def test_user_cannot_take_another_users_email(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    taken = f"{other.login}@example.com".upper()
    error = forge.gql_error(UPDATE, {"i": {"email": taken}}, token=user.token)
    assert error.codes == ["CONFLICT"]
    assert error.errors[0]["extensions"]["field"] == "email"
    # Setting your own address again is not a conflict.
    own = f"{user.login}@example.com"
    assert (
        forge.gql(UPDATE, {"i": {"email": own}}, token=user.token)["updateViewer"]["viewer"][
            "email"
        ]
        == own
    )


def test_anonymous_cannot_update_a_profile_or_a_password(forge: Forge) -> None:
    assert forge.gql_error(UPDATE, {"i": {"name": "x"}}).codes == ["UNAUTHENTICATED"]
    change = {"currentPassword": "whatever-long", "newPassword": "another-long-one"}
    assert forge.gql_error(CHANGE, {"i": change}).codes == ["UNAUTHENTICATED"]


def test_token_without_admin_scope_cannot_change_the_account(forge: Forge) -> None:
    user = forge.new_user()
    narrow = forge.token_for(user, ["repo:read", "repo:write", "repo:delete"])
    error = forge.gql_error(UPDATE, {"i": {"name": "Mallory"}}, token=narrow)
    assert error.codes == ["FORBIDDEN"] and "admin" in error.errors[0]["message"]
    change = {"currentPassword": user.password, "newPassword": "stolen-password"}
    assert forge.gql_error(CHANGE, {"i": change}, token=narrow).codes == ["FORBIDDEN"]
    assert forge.sign_in(user.login, user.password)  # the password did not change
    wide = forge.token_for(user, ["admin"])
    data = forge.gql(UPDATE, {"i": {"name": "Allowed"}}, token=wide)
    assert data["updateViewer"]["viewer"]["name"] == "Allowed"


def test_user_can_change_password_keeping_tokens_and_this_session(forge: Forge) -> None:
    user, bystander = forge.new_user(), forge.new_user()
    other_session = forge.sign_in(user.login, user.password)
    token = forge.token_for(user, ["repo:read"])
    new = "a-brand-new-password"
    data = forge.gql(
        CHANGE, {"i": {"currentPassword": user.password, "newPassword": new}}, token=user.token
    )
    assert data["changePassword"] == {"viewer": {"login": user.login}, "endedSessions": 1}
    # The session that made the change and the access token still work.
    assert forge.gql(VIEWER, token=user.token)["viewer"]["login"] == user.login
    assert forge.gql(VIEWER, token=token)["viewer"]["login"] == user.login
    # Someone else's session is untouched; the user's other web session was signed out.
    assert forge.gql(VIEWER, token=bystander.token)["viewer"]["login"] == bystander.login
    response = forge.post_graphql(VIEWER, token=other_session)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # Only the new password signs in.
    signin = (
        "mutation($l: String!, $p: String!) { signIn(input: {login: $l, password: $p}) { token } }"
    )
    old = forge.gql_error(signin, {"l": user.login, "p": user.password})
    assert old.codes == ["UNAUTHENTICATED"]
    assert forge.sign_in(user.login, new).startswith("ingot_")


def test_user_cannot_change_password_without_the_current_one(forge: Forge) -> None:
    user = forge.new_user()
    other_session = forge.sign_in(user.login, user.password)
    wrong = {"currentPassword": "not-my-password", "newPassword": "a-brand-new-password"}
    error = forge.gql_error(CHANGE, {"i": wrong}, token=user.token)
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "currentPassword"
    for short in ["", "seven77"]:
        change = {"currentPassword": user.password, "newPassword": short}
        error = forge.gql_error(CHANGE, {"i": change}, token=user.token)
        assert error.codes == ["BAD_USER_INPUT"]
        assert error.errors[0]["extensions"]["field"] == "newPassword"
    huge = {"currentPassword": user.password, "newPassword": "x" * 1025}
    assert forge.gql_error(CHANGE, {"i": huge}, token=user.token).codes == ["BAD_USER_INPUT"]
    # Nothing changed: the old password signs in and the other session lives.
    assert forge.sign_in(user.login, user.password)
    assert forge.gql(VIEWER, token=other_session)["viewer"]["login"] == user.login
