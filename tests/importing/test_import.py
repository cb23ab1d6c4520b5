"""Importing a repository from a git:// URL: everything arrives, in the background."""

from __future__ import annotations

import subprocess

from tests.backends import git_env, wait_for
from tests.forge import Forge, unique
from tests.gitsource import Source, ls_remote
from tests.importing.flow import bare_path, finished, start_import


def test_user_can_import_branches_tags_and_default_branch(
    importer: Forge, source: Source, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    user = importer.new_user()
    name = unique("Imported")
    started = start_import(importer, user, name, source.url, description="mirror")
    assert started["name"] == name
    assert started["importStatus"]["state"] in {"QUEUED", "RUNNING", "SUCCEEDED"}
    assert started["importStatus"]["sourceUrl"] == source.url

    repo = finished(importer, user, user.login, name)
    status = repo["importStatus"]
    assert status["state"] == "SUCCEEDED", status
    assert status["error"] is None and status["startedAt"] and status["finishedAt"]
    assert "100%" in (status["progress"] or "")
    assert repo["defaultBranch"] == "trunk"

    path = bare_path(importer, user.login, name)
    assert ls_remote(path) == source.refs()
    assert {"refs/heads/trunk", "refs/heads/dev", "refs/tags/v1.0", "refs/tags/light"} <= set(
        ls_remote(path)
    )
    # The clone is a served repository: no remote pointing back at the source.
    config = subprocess.run(
        ["git", "config", "--file", str(path / "config"), "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "remote.origin.url" not in config and "http.receivepack=true" in config
    work = tmp_path / "work"
    subprocess.run(
        ["git", "clone", "-q", "--", str(path), str(work)],
        check=True,
        env=git_env(tmp_path / "home"),
    )
    assert (work / "file.txt").read_text() == "trunk 2\n"


def test_an_import_is_followed_by_maintenance(importer: Forge, source: Source) -> None:
    user = importer.new_user()
    name = unique("kept")
    start_import(importer, user, name, source.url)
    assert finished(importer, user, user.login, name)["importStatus"]["state"] == "SUCCEEDED"
    path = bare_path(importer, user.login, name)
    wait_for(lambda: list((path / "objects" / "pack").glob("*.bitmap")), what="a bitmap")
    assert (path / "objects" / "info" / "commit-graph").is_file()
    assert ls_remote(path) == source.refs()
