"""``INGOT_API_V1=isurus``: Isurus owns all of /api/v1; Gogs' routes are not mixed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import start_server
from tests.forge import Forge


@pytest.fixture(scope="module")
def isurus_first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    # The route order does not depend on the database: SQLite is enough here.
    forge = start_server(
        Path(tmp_path_factory.mktemp("isurus-v1")), None, {"INGOT_API_V1": "isurus"}
    )
    try:
        yield forge
    finally:
        forge.stop()


def test_isurus_owns_api_v1_wholly(isurus_first: Forge) -> None:
    forge = isurus_first
    user = forge.new_user()
    repo = forge.new_repo(user)
    headers = {"Authorization": f"token {user.token}"}
    v1 = f"{forge.url}/api/v1"
    shared = forge.client.get(f"{v1}/repos/{repo['nameWithOwner']}", headers=headers)
    assert shared.status_code == 200
    assert shared.json()["data"]["org"] == user.login
    issues = forge.client.get(f"{v1}/repos/{repo['nameWithOwner']}/issues", headers=headers)
    assert issues.json() == {"data": [], "pagination": {"page": 1, "per_page": 30, "total": 0}}
    # Only Gogs defines GET /user/repos: Isurus owns /api/v1 wholly, so it is not there.
    mine = forge.client.get(f"{v1}/user/repos", headers=headers)
    assert mine.status_code == 404 and mine.json()["error"]["code"] == "not_found"
    # What nobody serves is answered by the owner, Isurus.
    missing = forge.client.get(f"{v1}/nowhere", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
