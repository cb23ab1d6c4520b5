"""Objects written by the real git client read back the same through GraphQL and raw."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.contents.builder import bare_path
from tests.forge import Forge


def git(cwd: Path, home: Path, *args: str) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": "Grace Hopper",
        "GIT_AUTHOR_EMAIL": "grace@example.com",
        "GIT_COMMITTER_NAME": "Grace Hopper",
        "GIT_COMMITTER_EMAIL": "grace@example.com",
        "GIT_AUTHOR_DATE": "2024-01-02T03:04:05+00:00",
        "GIT_COMMITTER_DATE": "2024-01-02T03:04:05+00:00",
    }
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip()


def test_pushed_with_git_reads_back(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    owner, name = repo["nameWithOwner"].split("/")
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    git(work, home, "init", "-q", "-b", "main")
    (work / "hello.txt").write_text("hello\n")
    (work / "lib").mkdir()
    (work / "lib" / "a.py").write_text("x = 1\n")
    git(work, home, "add", ".")
    git(work, home, "commit", "-q", "-m", "First")
    git(work, home, "mv", "lib/a.py", "lib/b.py")
    (work / "hello.txt").write_text("hello\nworld\n")
    git(work, home, "commit", "-qam", "Second\n\nDetails.")
    git(work, home, "tag", "-a", "v1", "-m", "Version 1")
    git(work, home, "push", "-q", str(bare_path(forge, repo["nameWithOwner"])), "main", "v1")
    head = git(work, home, "rev-parse", "HEAD")
    tree = git(work, home, "rev-parse", "HEAD:lib")
    tag = git(work, home, "rev-parse", "v1")

    query = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      isEmpty defaultBranchRef { target { oid ... on Commit {
        messageHeadline messageBody author { name email date }
        history(first: 5) { nodes { messageHeadline } }
        diff { files { path oldPath status additions deletions } } } } }
      lib: object(expression: "main:lib") { oid ... on Tree { entries { path } } }
      tag: ref(qualifiedName: "v1") { target { oid ... on Tag { message target { oid } } } } } }"""
    data = forge.gql(query, {"o": owner, "n": name})["repository"]
    assert data["isEmpty"] is False
    commit = data["defaultBranchRef"]["target"]
    assert commit["oid"] == head
    assert commit["messageHeadline"] == "Second" and commit["messageBody"] == "Details."
    assert commit["author"] == {
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "date": "2024-01-02T03:04:05+00:00",
    }
    assert [n["messageHeadline"] for n in commit["history"]["nodes"]] == ["Second", "First"]
    files = sorted(commit["diff"]["files"], key=lambda f: f["path"])
    assert files == [
        {"path": "hello.txt", "oldPath": "hello.txt", "status": "MODIFIED", "additions": 1,
         "deletions": 0},
        {"path": "lib/b.py", "oldPath": "lib/a.py", "status": "RENAMED", "additions": 0,
         "deletions": 0},
    ]  # fmt: skip
    assert data["lib"] == {"oid": tree, "entries": [{"path": "lib/b.py"}]}
    assert data["tag"]["target"] == {"oid": tag, "message": "Version 1\n", "target": {"oid": head}}
    response = forge.client.get(f"{forge.url}/{owner}/{name}/raw/v1/hello.txt")
    assert response.status_code == 200 and response.content == b"hello\nworld\n"
