"""Kod's import route runs GraphQL's importRepository: the clone arrives in the background."""

from __future__ import annotations

import httpx

from tests.forge import Forge
from tests.gitsource import Source, ls_remote, source  # noqa: F401 (a fixture)
from tests.importing.conftest import importer  # noqa: F401 (a fixture)
from tests.importing.flow import bare_path, finished


def test_kod_imports_with_a_derived_name_and_refuses_local_paths(
    importer: Forge,  # noqa: F811
    source: Source,  # noqa: F811
) -> None:
    user = importer.new_user("kodimp")
    token = importer.token_for(user, ["repo:read", "repo:write"])
    with httpx.Client(
        base_url=f"{importer.url}/kod", headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as kod:
        started = kod.post("/repos/import", json={"source": source.url})
        assert started.status_code == 201, started.text
        name = started.json()["name"]
        assert name == source.url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        assert started.json()["path"] == f"/kod/repos/{name}.git"
        named = kod.post("/repos/import", json={"source": source.url, "name": "project"})
        assert named.status_code == 201 and named.json()["name"] == "project"
        assert (
            finished(importer, user, user.login, "project")["importStatus"]["state"] == "SUCCEEDED"
        )
        assert ls_remote(bare_path(importer, user.login, "project")) == source.refs()
        local = kod.post("/repos/import", json={"source": "/etc", "name": "local"})
        # Local imports are off here (test_kod_seed_letter.py turns them on).
        assert local.status_code == 400 and "INGOT_IMPORT_LOCAL_ROOT" in local.json()["error"]
        assert kod.post("/repos/import", json={"name": "nosource"}).status_code == 400
        assert kod.get("/repos/local").status_code == 404
    reader = importer.token_for(user, ["repo:read"])
    refused = httpx.post(
        f"{importer.url}/kod/repos/import",
        json={"source": source.url, "name": "nope"},
        headers={"Authorization": f"Bearer {reader}"},
    )
    assert refused.status_code == 403
