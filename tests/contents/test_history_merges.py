"""History across merges pages exactly like ``git rev-list``, wide octopus merges included."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge

PAGE = """query($o: String!, $n: String!, $after: String, $path: String) {
  repository(owner: $o, name: $n) { object(expression: "main") { ... on Commit {
    history(first: 3, after: $after, path: $path) {
      totalCount pageInfo { hasNextPage endCursor } nodes { oid } } } } } }"""


def rev_list(path: Path, *args: str) -> list[str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(path), "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(
        ["git", "--git-dir", str(path), "rev-list", "main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


def all_pages(forge: Forge, owner: str, name: str, path: str | None = None) -> list[str]:
    oids: list[str] = []
    after = None
    while True:
        data = forge.gql(PAGE, {"o": owner, "n": name, "after": after, "path": path})
        history = data["repository"]["object"]["history"]
        oids += [n["oid"] for n in history["nodes"]]
        if not history["pageInfo"]["hasNextPage"]:
            assert history["totalCount"] == len(oids)
            return oids
        after = history["pageInfo"]["endCursor"]


def test_history_with_merges_matches_git(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    path = bare_path(forge, repo["nameWithOwner"])
    git = Builder(path)
    files = {"README.md": b"root\n"}
    root = git.commit(files, "root")
    heads = []
    for i in range(20):
        heads.append(
            git.commit({**files, f"f{i}.txt": b"x\n"}, f"branch {i}", branch=None, parents=[root])
        )
        if i % 5 == 0:
            files = {**files, "README.md": f"main {i}\n".encode()}
            git.commit(files, f"main {i}")
    merged = {**files, **{f"f{i}.txt": b"x\n" for i in range(20)}}
    octopus = git.commit(merged, "octopus", parents=[git.commit(files, "before"), *heads])
    lost = git.commit({**merged, "f5.txt": b"lost\n"}, "lost", branch=None, parents=[octopus])
    git.repo.references.create("refs/heads/side", git.repo.head.target)
    base = dict(merged)
    for i in range(3):
        git.commit({**base, "side.txt": f"{i}\n".encode()}, f"side {i}", branch="side")
        merged = {**merged, "README.md": f"m{i}\n".encode()}
        main_tip = git.commit(merged, f"m{i}")
    side = git.repo.references["refs/heads/side"].target
    # Merged keeping main's f5.txt: the lost change is hidden from f5.txt's history.
    main_tip = git.commit(merged, "merge lost", parents=[main_tip, lost])
    merged = {**merged, "side.txt": b"2\n"}
    git.commit(merged, "merge side", parents=[main_tip, str(side)])
    git.commit({**merged, "f3.txt": b"y\n"}, "touch f3")

    assert all_pages(forge, owner, name) == rev_list(path)
    log = {str(c.id): c.message for c in git.repo.walk(git.repo.head.target)}
    expected = {
        "side.txt": ["side 2", "side 1", "side 0"],
        "f3.txt": ["touch f3", "branch 3"],
        "f5.txt": ["branch 5"],
        "README.md": ["m2", "m1", "m0", "main 15", "main 10", "main 5", "main 0", "root"],
    }
    for filtered, messages in expected.items():
        got = [log[o] for o in all_pages(forge, owner, name, filtered)]
        assert got == [log[o] for o in rev_list(path, "--", filtered)] == messages, filtered
