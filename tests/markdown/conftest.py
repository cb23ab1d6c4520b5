"""A public repository with an issue, a pull request and a README, and a private one
with an issue, per forge: the targets the bodies of tests/markdown refer to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge, User

CREATE_ISSUE = """mutation($r: ID!, $t: String!, $b: String!) {
  createIssue(input: {repositoryId: $r, title: $t, body: $b}) { issue { id number } } }"""

README = b"""# Project

![logo](docs/logo.png) [guide](docs/guide.md)

<script>alert(1)</script>

- [x] done
"""


@dataclass
class World:
    owner: User
    outsider: User
    public: dict[str, Any]
    private: dict[str, Any]
    # The public repository's issue and pull request numbers, the private one's issue.
    issue: int
    pull: int
    private_issue: int

    def create_issue(self, forge: Forge, body: str, repo: dict[str, Any] | None = None) -> str:
        data = forge.gql(
            CREATE_ISSUE,
            {"r": (repo or self.public)["id"], "t": "Body", "b": body},
            token=self.owner.token,
        )
        issue_id: str = data["createIssue"]["issue"]["id"]
        return issue_id


@pytest.fixture(scope="module")
def world(forge: Forge) -> World:
    owner, outsider = forge.new_user("owner"), forge.new_user("outsider")
    public, private = forge.new_repo(owner), forge.new_repo(owner, private=True)
    git = Builder(bare_path(forge, public["nameWithOwner"]))
    main = git.commit(
        {"README.md": README, "docs/guide.md": b"Guide #1 [up](../README.md)\n"}, "Start"
    )
    git.commit(
        {"README.md": README, "feature.txt": b"x\n"}, "Feature", branch="feature", parents=[main]
    )
    issue = forge.gql(
        CREATE_ISSUE, {"r": public["id"], "t": "Public <b>target</b>", "b": ""}, token=owner.token
    )["createIssue"]["issue"]["number"]
    pull = forge.gql(
        """mutation($r: ID!) { createPullRequest(input: {repositoryId: $r, title: "A pull",
        headRefName: "feature", baseRefName: "main"}) { pullRequest { number } } }""",
        {"r": public["id"]},
        token=owner.token,
    )["createPullRequest"]["pullRequest"]["number"]
    private_issue = forge.gql(
        CREATE_ISSUE, {"r": private["id"], "t": "Secret title", "b": ""}, token=owner.token
    )["createIssue"]["issue"]["number"]
    return World(owner, outsider, public, private, issue, pull, private_issue)
