"""Migration 0014 on an existing forge: each user's address becomes their primary,
verified row (and so counts for uniqueness); organizations get none."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import migrate_to, start_server
from tests.rest.isurus import new_org
from tests.rest.rest import client


def test_existing_accounts_get_their_primary_address(tmp_path: Path) -> None:
    forge = start_server(tmp_path, None)
    try:
        user, other = forge.new_user(), forge.new_user()
        new_org(forge, user)
    finally:
        forge.stop()
    migrate_to(forge.env, "ingot.0013_ci_runners")
    forge = start_server(tmp_path, None)  # ``serve`` migrates forward
    try:
        token = forge.sign_in(user.login, user.password)
        with client(forge, token=token) as gogs:
            listed = gogs.get("/user/emails")
            assert listed.status_code == 200, listed.text
            assert listed.json() == [
                {"email": f"{user.login}@example.com", "verified": True, "primary": True}
            ]
            taken = gogs.post("/user/emails", json={"emails": [f"{other.login}@EXAMPLE.com"]})
            assert taken.status_code == 422, taken.text
    finally:
        forge.stop()
