"""The periodic chore syncs a mirror whose time has come, without anyone asking."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from tests.backends import database, sql, wait_for
from tests.conftest import start_server
from tests.contents.builder import Builder
from tests.forge import unique
from tests.importing.flow import bare_path, finished, start_import


def _tip(path: Path) -> str | None:
    ref = pygit2.Repository(str(path)).references.get("refs/heads/main")
    return str(ref.target) if ref is not None else None


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_due_mirror_is_synced_by_the_chore(backend: str, tmp_path: Path) -> None:
    env = {"INGOT_ALLOW_PRIVATE_IMPORTS": "1", "INGOT_MIRROR_INTERVAL": "60"}
    with database(backend) as url:
        forge = start_server(tmp_path, url, env)
        try:
            user = forge.new_user()
            source = forge.new_repo(user)
            git = Builder(bare_path(forge, user.login, source["name"]))
            git.commit({"a": b"a"}, "A")
            name = unique("m")
            start_import(
                forge,
                user,
                name,
                f"{forge.url}/{user.login}/{source['name']}.git",
                mirror=True,
            )
            repo = finished(forge, user, user.login, name)
            assert repo["importStatus"]["state"] == "SUCCEEDED", repo["importStatus"]
            later = git.commit({"a": b"b"}, "B")
            # Not due yet (a minute away): make it due now; the chore runs every 5 s here.
            query = "UPDATE repository_mirror SET next_sync_at = created_at WHERE url LIKE '%{}%'"
            sql(forge, query.format(source["name"]))
            mirror = bare_path(forge, user.login, name)
            wait_for(lambda: _tip(mirror) == later, timeout=30, what="the scheduled sync")
        finally:
            forge.stop()
