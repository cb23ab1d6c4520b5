"""Pushes queue one maintenance job per burst; it leaves a commit-graph and a bitmap."""

from __future__ import annotations

from pathlib import Path

from tests.backends import sql, wait_for
from tests.conftest import start_server
from tests.git.gitcli import Git, url
from tests.importing.flow import bare_path


def _maintenance(forge, repository_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    query = f"SELECT state FROM job WHERE kind = 'maintain' AND repository_id = {repository_id} ORDER BY id"  # noqa: S608
    return [row[0] for row in sql(forge, query)]


def test_a_burst_of_pushes_queues_one_maintenance_job(
    tmp_path: Path, database_url: str | None
) -> None:
    forge = start_server(tmp_path / "server", database_url, {"INGOT_MAINTENANCE_DELAY": "4"})
    try:
        git = Git(tmp_path / "home")
        user = forge.new_user()
        repo = forge.new_repo(user)
        remote = url(forge, repo["nameWithOwner"], user.token)
        work = git.init(tmp_path / "work")
        for n in range(3):
            git.commit(work, f"f{n}.txt", f"{n}\n")
            git.run("push", "-q", remote, "main", f"main:topic{n}", cwd=work)
        assert _maintenance(forge, repo["databaseId"]) == ["queued"]
        wait_for(lambda: _maintenance(forge, repo["databaseId"]) == ["succeeded"], what="repack")
        path = bare_path(forge, user.login, repo["name"])
        assert (path / "objects" / "info" / "commit-graph").is_file()
        assert len(list((path / "objects" / "pack").glob("*.bitmap"))) == 1
        # The next push, after the job ran, queues a new one.
        git.commit(work, "later.txt", "later\n")
        git.run("push", "-q", remote, "main", cwd=work)
        assert _maintenance(forge, repo["databaseId"]) == ["succeeded", "queued"]
        git.run("clone", "-q", remote, str(tmp_path / "clone"))
        assert (tmp_path / "clone" / "later.txt").read_text() == "later\n"
    finally:
        forge.stop()
