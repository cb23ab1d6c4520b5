"""Writing commits straight into a bare repository, and reading it back with the real git."""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygit2

from tests.forge import Forge, User

SIGNATURE = pygit2.Signature("Tess Ter", "tess@example.com", 1_700_000_000, 0)


# No home directory: nothing is read from or written next to the forge's data.
_CAS_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_COMMITTER_NAME": "Pusher",
    "GIT_COMMITTER_EMAIL": "pusher@example.com",
}


class Builder:
    """Commits with a fixed author on branches of one bare repository."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.repo = pygit2.Repository(str(path))
        self.clock = 0

    def commit(self, branch: str, files: dict[str, str], message: str) -> str:
        ref = self.repo.references.get(f"refs/heads/{branch}")
        parents = [ref.target] if ref is not None else []
        if parents:
            builder = self.repo.TreeBuilder(self.repo.get(parents[0]).peel(pygit2.Tree))
        else:
            builder = self.repo.TreeBuilder()
        for name, content in files.items():
            builder.insert(
                name, self.repo.create_blob(content.encode()), pygit2.enums.FileMode.BLOB
            )
        self.clock += 60
        when = pygit2.Signature(SIGNATURE.name, SIGNATURE.email, SIGNATURE.time + self.clock, 0)
        oid = self.repo.create_commit(
            f"refs/heads/{branch}", when, when, message, builder.write(), parents
        )
        return str(oid)

    def commit_cas(self, branch: str, files: dict[str, str], message: str) -> str:
        """Commit on ``branch`` the way a push lands: git update-ref against the old tip."""
        while True:
            repo = pygit2.Repository(str(self.path))
            parent = repo.references[f"refs/heads/{branch}"].target
            tree = repo.TreeBuilder(repo.get(parent).peel(pygit2.Tree))
            for name, content in files.items():
                tree.insert(name, repo.create_blob(content.encode()), pygit2.enums.FileMode.BLOB)
            oid = repo.create_commit(None, SIGNATURE, SIGNATURE, message, tree.write(), [parent])
            ref = f"refs/heads/{branch}"
            moved = subprocess.run(
                ["git", f"--git-dir={self.path}", "update-ref", "--", ref, str(oid), str(parent)],
                env=_CAS_ENV,
                capture_output=True,
                check=False,
            )
            if moved.returncode == 0:
                return str(oid)

    def set(self, branch: str, oid: str) -> None:
        self.repo.references.create(f"refs/heads/{branch}", pygit2.Oid(hex=oid), force=True)

    def branch(self, name: str, from_branch: str) -> str:
        target = self.repo.references[f"refs/heads/{from_branch}"].target
        self.repo.references.create(f"refs/heads/{name}", target)
        return str(target)

    def tip(self, branch: str) -> str:
        return str(pygit2.Repository(str(self.path)).references[f"refs/heads/{branch}"].target)


def bare_path(data_dir: Path, name_with_owner: str) -> Path:
    owner, name = name_with_owner.split("/")
    return data_dir / "repositories" / owner.lower() / f"{name.lower()}.git"


@functools.cache
def _git_env() -> dict[str, str]:
    """An isolated git environment with an empty home of its own (one per test process)."""
    home = tempfile.mkdtemp(prefix="ingot-pulls-git-home-")
    atexit.register(shutil.rmtree, home, True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
    }


def git(cwd: Path, *args: str) -> str:
    env = _git_env()
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def log(bare: Path, tmp: Path, branch: str) -> list[tuple[str, list[str], str]]:
    """``(oid, parents, subject)`` of ``branch`` in a fresh clone, newest first; fsck must pass."""
    clone = tmp / f"clone-{len(list(tmp.iterdir()))}"
    git(tmp, "clone", "--quiet", "--branch", branch, str(bare), str(clone))
    git(clone, "fsck", "--strict")
    git(tmp, "--git-dir", str(bare), "fsck", "--strict")
    rows = []
    for line in git(clone, "log", "--format=%H%x09%P%x09%s").splitlines():
        oid, parents, subject = line.split("\t", 2)
        rows.append((oid, parents.split(), subject))
    return rows


CREATE = """mutation($r: ID!, $t: String!, $h: String!, $b: String!, $body: String) {
  createPullRequest(input: {repositoryId: $r, title: $t, headRefName: $h, baseRefName: $b, body: $body}) {
    pullRequest { id databaseId number title state mergeable headRefName baseRefName headRefOid
      baseRefOid merged closed url author { login } } } }"""
MERGE = """mutation($i: MergePullRequestInput!) { mergePullRequest(input: $i) {
  pullRequest { state merged mergedAt mergedBy { login } mergeCommitOid headRefOid } } }"""
GET = """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
  pullRequest(number: $num) { id number state mergeable headRefOid baseRefOid merged
    mergeCommitOid } } }"""


def prepare(builder: Builder) -> None:
    """main: one commit; feature: two more (adds b.txt, changes line 2 of a.txt)."""
    builder.commit("main", {"a.txt": "one\ntwo\nthree\n"}, "Initial")
    builder.branch("feature", "main")
    builder.commit("feature", {"b.txt": "bee\n"}, "Add b")
    builder.commit("feature", {"a.txt": "one\nTWO\nthree\n"}, "Shout two")


@dataclass
class Project:
    """A repository on a live forge with branches written by a Builder."""

    forge: Forge
    repo: dict[str, Any]
    builder: Builder

    @property
    def owner(self) -> str:
        return str(self.repo["nameWithOwner"].split("/")[0])

    @property
    def name(self) -> str:
        return str(self.repo["nameWithOwner"].split("/")[1])

    def open(self, token: str, head: str = "feature", base: str = "main", title: str = "PR") -> Any:
        data = self.forge.gql(
            CREATE, {"r": self.repo["id"], "t": title, "h": head, "b": base}, token=token
        )
        return data["createPullRequest"]["pullRequest"]

    def get(self, number: int, token: str | None = None) -> Any:
        variables = {"o": self.owner, "n": self.name, "num": number}
        return self.forge.gql(GET, variables, token=token)["repository"]["pullRequest"]


def new_project(
    forge: Forge, user: User, *, private: bool = False, owner_id: str | None = None
) -> Project:
    repo = forge.new_repo(user, private=private, owner_id=owner_id)
    builder = Builder(bare_path(forge.data_dir, repo["nameWithOwner"]))
    prepare(builder)
    return Project(forge, repo, builder)


TOPICS = itertools.count()


def fresh_pr(project: Project, token: str) -> dict[str, Any]:
    """A new branch with its own file, and a pull request for it opened with ``token``."""
    name = f"topic{next(TOPICS)}"
    project.builder.branch(name, "main")
    project.builder.commit(name, {f"{name}.txt": "x\n"}, f"Add {name}")
    pr: dict[str, Any] = project.open(token, head=name)
    return pr


def code_of(forge: Forge, query: str, variables: dict[str, Any], token: str | None) -> str:
    """``OK``, or the first error's ``extensions.code``."""
    body = forge.raw(query, variables, token)
    if not body.get("errors"):
        return "OK"
    return str(body["errors"][0]["extensions"]["code"])
