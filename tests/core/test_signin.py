"""The sign-in story: a fresh install's admin signs in, sees itself, signs out."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from tests.conftest import start_server
from tests.forge import Forge

VIEWER = "{ viewer { login isSiteAdmin email } }"


def test_newcomer_can_sign_in_with_the_initial_admin_password(forge: Forge) -> None:
    password_file = forge.data_dir / "initial-admin-password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert "initial-admin-password" in forge.log_path.read_text()
    token = forge.sign_in("admin", forge.admin_password())
    assert token.startswith("ingot_")
    viewer = forge.gql(VIEWER, token=token)["viewer"]
    assert viewer == {"login": "admin", "isSiteAdmin": True, "email": "admin@ingot.localhost"}


def test_anonymous_viewer_is_null(forge: Forge) -> None:
    assert forge.gql(VIEWER) == {"viewer": None}


def test_user_cannot_sign_in_with_a_wrong_password(forge: Forge) -> None:
    user = forge.new_user()
    query = "mutation($p: String!) { signIn(input: {login: $l, password: $p}) { token } }"
    query = query.replace("$l", f'"{user.login}"')
    error = forge.gql_error(query, {"p": "wrong-password"})
    assert error.codes == ["UNAUTHENTICATED"]
    unknown = forge.gql_error(query.replace(user.login, "nobody-here"), {"p": "x" * 10})
    assert unknown.errors[0]["message"] == error.errors[0]["message"]


def test_user_can_sign_in_case_insensitively_and_sign_out(forge: Forge) -> None:
    user = forge.new_user()
    token = forge.sign_in(user.login.upper(), user.password)
    assert forge.gql(VIEWER, token=token)["viewer"]["login"] == user.login
    assert forge.gql("mutation { signOut { signedOut } }", token=token) == {
        "signOut": {"signedOut": True}
    }
    response = forge.post_graphql(VIEWER, token=token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_other_users_email_is_hidden_when_kept_private(forge: Forge) -> None:
    """Issue 22: another signed-in user sees the address unless it is kept private."""
    user, other = forge.new_user(), forge.new_user()
    query = "query($l: String!) { user(login: $l) { login email } }"
    assert forge.gql(query, {"l": user.login})["user"]["email"] == ""
    forge.gql(
        "mutation { updateViewer(input: {keepEmailPrivate: true}) { viewer { id } } }",
        token=user.token,
    )
    assert forge.gql(query, {"l": user.login}, token=other.token)["user"]["email"] == ""
    assert forge.gql(query, {"l": user.login}, token=user.token)["user"]["email"].endswith(
        "@example.com"
    )


def _stored_hash(data_dir: Path, login: str) -> str:
    with sqlite3.connect(data_dir / "ingot.db") as db:
        row = db.execute("SELECT password_hash FROM account WHERE login = ?", (login,)).fetchone()
    return str(row[0])


def test_password_cost_defaults_and_a_changed_cost_rehashes_at_sign_in(tmp_path: Path) -> None:
    """Unset, ``INGOT_ARGON2_*`` are argon2-cffi's defaults; changing them locks nobody out."""
    defaults = {
        "INGOT_ARGON2_TIME_COST": "",
        "INGOT_ARGON2_MEMORY_KIB": "",
        "INGOT_ARGON2_PARALLELISM": "",
    }
    forge = start_server(tmp_path, None, defaults)
    try:
        password = forge.admin_password()
        assert _stored_hash(forge.data_dir, "admin").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    finally:
        forge.stop()
    cheaper = {
        "INGOT_ARGON2_TIME_COST": "2",
        "INGOT_ARGON2_MEMORY_KIB": "1024",
        "INGOT_ARGON2_PARALLELISM": "1",
    }
    forge = start_server(tmp_path, None, cheaper)
    try:
        assert forge.sign_in("admin", password).startswith("ingot_")
        assert _stored_hash(forge.data_dir, "admin").startswith("$argon2id$v=19$m=1024,t=2,p=1$")
        assert forge.sign_in("admin", password).startswith("ingot_")
        forge.gql_error(
            'mutation { signIn(input: {login: "admin", password: "not-the-password"}) { token } }'
        )
    finally:
        forge.stop()
