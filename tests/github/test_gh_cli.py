"""GitHub's CLI itself (``gh``, Debian's 2.23) against Ingot through a TLS front (gh speaks
https to an Enterprise host, on ``/api/graphql``). Skipped where ``gh`` or ``openssl``
is missing; the commands whose lookups need other branches' fields wait for them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.forge import Forge, User
from tests.github.tls import certificate, tls_front
from tests.pulls.builder import new_project

pytestmark = pytest.mark.skipif(
    shutil.which("gh") is None or shutil.which("openssl") is None,
    reason="needs GitHub's CLI (apt-get install gh) and openssl",
)


def _gh(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["gh", *args], env=env, capture_output=True, text=True, timeout=120)


def _environment(tmp: Path, user: User, port: int, cert: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "GH_CONFIG_DIR": str(tmp / "gh"),
        "GH_HOST": f"127.0.0.1:{port}",
        "GH_ENTERPRISE_TOKEN": user.token,
        "SSL_CERT_FILE": str(cert),
        "GH_PROMPT_DISABLED": "1",
        "GH_NO_UPDATE_NOTIFIER": "1",
        "NO_COLOR": "1",
    }


def test_gh_lists_views_comments_and_merges(github_forge: Forge, tmp_path: Path) -> None:
    forge = github_forge
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token, title="Add b")
    cert, key = certificate(tmp_path)
    with tls_front(int(forge.url.rsplit(":", 1)[1]), cert, key) as port:
        env = _environment(tmp_path, user, port, cert)
        repo = f"127.0.0.1:{port}/{project.repo['nameWithOwner']}"

        listed = _gh(env, "pr", "list", "-R", repo, "--json", "number,title,state,isDraft,author")
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout) == [
            {
                "number": pr["number"],
                "title": "Add b",
                "state": "OPEN",
                "isDraft": False,
                "author": {"id": user.id, "is_bot": False, "login": user.login, "name": ""},
            }
        ]
        fields = "number,commits,files,mergeable,mergeStateStatus,headRefName,baseRefName"
        viewed = _gh(env, "pr", "view", str(pr["number"]), "-R", repo, "--json", fields)
        assert viewed.returncode == 0, viewed.stderr
        shown: dict[str, Any] = json.loads(viewed.stdout)
        assert (shown["mergeable"], shown["mergeStateStatus"]) == ("MERGEABLE", "CLEAN")
        assert [c["messageHeadline"] for c in shown["commits"]] == ["Shout two", "Add b"]
        assert [(f["path"], f["additions"]) for f in shown["files"]] == [("a.txt", 1), ("b.txt", 1)]

        merged = _gh(env, "pr", "merge", str(pr["number"]), "-R", repo, "--merge")
        assert merged.returncode == 0, merged.stderr
    assert project.get(pr["number"])["state"] == "MERGED"


@pytest.mark.skipif(
    "hasIssuesEnabled" not in (ROOT / "schema.graphql").read_text(),
    reason="gh's issue commands read Repository.hasIssuesEnabled (another branch adds it)",
)
def test_gh_lists_views_comments_on_and_closes_issues(github_forge: Forge, tmp_path: Path) -> None:
    forge = github_forge
    user = forge.new_user()
    project = new_project(forge, user)
    issue = forge.gql(
        """mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "Bug", body: "b"})
          { issue { id number } } }""",
        {"r": project.repo["id"]},
        token=user.token,
    )["createIssue"]["issue"]
    cert, key = certificate(tmp_path)
    with tls_front(int(forge.url.rsplit(":", 1)[1]), cert, key) as port:
        env = _environment(tmp_path, user, port, cert)
        repo = f"127.0.0.1:{port}/{project.repo['nameWithOwner']}"
        listed = _gh(env, "issue", "list", "-R", repo, "--json", "number,title,state,labels")
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout) == [
            {"number": issue["number"], "title": "Bug", "state": "OPEN", "labels": []}
        ]
        said = _gh(env, "issue", "comment", str(issue["number"]), "-R", repo, "--body", "from gh")
        assert said.returncode == 0, said.stderr
        assert "#issuecomment-" in said.stdout
        fields = "number,title,state,closed,comments"
        viewed = _gh(env, "issue", "view", str(issue["number"]), "-R", repo, "--json", fields)
        assert viewed.returncode == 0, viewed.stderr
        shown: dict[str, Any] = json.loads(viewed.stdout)
        assert (shown["number"], shown["title"], shown["state"], shown["closed"]) == (
            issue["number"],
            "Bug",
            "OPEN",
            False,
        )
        assert [c["body"] for c in shown["comments"]] == ["from gh"]
        closed = _gh(env, "issue", "close", str(issue["number"]), "-R", repo)
        assert closed.returncode == 0, closed.stderr
        viewed = _gh(env, "issue", "view", str(issue["number"]), "-R", repo, "--json", "state")
        assert json.loads(viewed.stdout) == {"state": "CLOSED"}
    comments = forge.gql(
        """query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) {
          issue(number: $num) { comments(first: 5) { nodes { body } } } } }""",
        {"o": project.owner, "n": project.name, "num": issue["number"]},
    )["repository"]["issue"]["comments"]["nodes"]
    assert comments == [{"body": "from gh"}]
