"""``INGOT_API_V1=isurus``: Isurus owns the routes it shares with Gogs at /api/v1."""

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


def test_isurus_owns_shared_routes_and_gogs_keeps_its_own(isurus_first: Forge) -> None:
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
    # Only Gogs defines GET /user/repos: still Gogs' bare list.
    mine = forge.client.get(f"{v1}/user/repos", headers=headers)
    assert mine.status_code == 200 and isinstance(mine.json(), list)
    # What nobody serves is answered by the owner, Isurus.
    missing = forge.client.get(f"{v1}/nowhere", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
