"""Shared pieces of the fork tests: a parent pushed with the real git, paths on disk."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.backends import sql, timestamp, wait_for
from tests.forge import Forge, User
from tests.git.gitcli import Git, repo_path, url

FORK = """mutation($i: ForkRepositoryInput!) { forkRepository(input: $i) { repository {
  id databaseId nameWithOwner isPrivate isFork forkCount defaultBranch
  parent { nameWithOwner } } } }"""

REPOSITORY = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  id isFork forkCount parent { nameWithOwner }
  forks(first: 10) { totalCount nodes { nameWithOwner isPrivate } } } }"""


@dataclass
class Parent:
    full_name: str
    id: str
    database_id: int
    work: Path
    main: str
    feature: str


def api(forge: Forge, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"token {token}"} if token else {}
    return httpx.Client(base_url=f"{forge.url}/api/v1", headers=headers, timeout=60)


def pushed_parent(
    forge: Forge, git: Git, owner: User, tmp: Path, *, private: bool = False
) -> Parent:
    """A repository with ``main``, ``feature`` and tag ``v1``, pushed with the real git."""
    repo = forge.new_repo(owner, private=private)
    work = git.init(tmp / f"work-{repo['name']}")
    git.commit(work, "a.txt", "one\ntwo\nthree\n", "First")
    main = git.commit(work, "b.txt", "bee\n", "Second")
    git.run("tag", "v1", cwd=work)
    git.run("checkout", "-q", "-b", "feature", cwd=work)
    feature = git.commit(work, "c.txt", "sea\n", "Feature")
    git.run("checkout", "-q", "main", cwd=work)
    remote = url(forge, repo["nameWithOwner"], owner.token)
    git.run("push", "-q", remote, "main", "feature", "v1", cwd=work)
    return Parent(repo["nameWithOwner"], repo["id"], repo["databaseId"], work, main, feature)


def bare(forge: Forge, full_name: str) -> Path:
    return repo_path(forge, full_name)


def fsck(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "--git-dir", str(path), "fsck", "--full", "--strict"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(path)},
    )


def packs(path: Path) -> list[Path]:
    return sorted((path / "objects" / "pack").glob("*.pack"))


def show(forge: Forge, full_name: str, token: str | None) -> dict[str, Any] | None:
    owner, name = full_name.split("/")
    found: dict[str, Any] | None = forge.gql(REPOSITORY, {"o": owner, "n": name}, token=token)[
        "repository"
    ]
    return found


def maintain(forge: Forge, repository_id: int) -> None:
    """Run the repository's maintenance job now (the worker's) and wait for it to succeed."""
    now, due = timestamp(), timestamp(-timedelta(seconds=1))
    sql(
        forge,
        "INSERT INTO job (kind, payload, state, attempts, max_attempts, run_after, last_error, "  # noqa: S608
        f"repository_id, created_at, updated_at) VALUES ('maintain', '{{}}', 'queued', 0, 3, "
        f"'{due}', '', {repository_id}, '{now}', '{now}')",
    )
    job = int(sql(forge, "SELECT max(id) FROM job")[0][0])
    query = f"SELECT state FROM job WHERE id = {job}"  # noqa: S608
    wait_for(lambda: sql(forge, query)[0][0] == "succeeded", what="maintenance")
