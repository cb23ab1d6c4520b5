"""The sign-in page's first-start hint: the password file, only while that password holds."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import start_server

HINT = "{ initialAdminPasswordFile }"
CHANGE = """mutation($i: ChangePasswordInput!) { changePassword(input: $i) { __typename } }"""


def test_the_hint_names_the_data_dir_file_until_the_password_changes(tmp_path: Path) -> None:
    forge = start_server(tmp_path / "custom-dir", None)
    try:
        path = forge.data_dir / "initial-admin-password"
        assert forge.gql(HINT)["initialAdminPasswordFile"] == str(path)
        admin = forge.admin
        forge.gql(
            CHANGE,
            {"i": {"currentPassword": forge.admin_password(), "newPassword": "a-new-password-1"}},
            token=admin.token,
        )
        assert path.exists()  # still there, but no longer the password: no hint
        assert forge.gql(HINT)["initialAdminPasswordFile"] is None
        path.unlink()
        assert forge.gql(HINT)["initialAdminPasswordFile"] is None
    finally:
        forge.stop()
