"""A private repository and everything in it do not exist for those who may not read it.

One of every collaboration object (issue, comment, label, milestone, pull request
and its comment, release, asset, branch protection rule) is looked up through
every entry point that could reach it, by every kind of stranger; a reader of the
repository sees each of them through the same queries.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.collaboration.issues_api import comment, issue, label, milestone
from tests.collaboration.people import cast, new_org, org_repo
from tests.collaboration.releases_api import CREATE, uploaded
from tests.forge import Forge, User
from tests.pulls.builder import Builder, bare_path, prepare

NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
BY_NAME = """query($o: String!, $n: String!) {
  repository(owner: $o, name: $n) { id }
  organization(login: $o) { repository(name: $n) { id }
    repositories(first: 100) { nodes { name } } }
  repositories(query: $n, first: 100) { nodes { name } } }"""
OF_MEMBER = """query($l: String!) { user(login: $l) {
  repositories(first: 100, affiliations: [OWNER, ORGANIZATION_MEMBER]) { nodes { name } } } }"""
DOWNLOAD = "{url}/{owner}/{name}/releases/download/{tag}/a.bin"


def _objects(forge: Forge, boss: User, repo: dict[str, Any]) -> dict[str, str]:
    """One of everything, made by the organization's owner; their global ids."""
    boss_token = boss.token
    issue_id = issue(forge, boss, repo, "secret issue")
    builder = Builder(bare_path(forge.data_dir, repo["nameWithOwner"]))
    prepare(builder)
    pr = forge.gql(
        """mutation($r: ID!) { createPullRequest(input: {repositoryId: $r, title: "secret",
          headRefName: "feature", baseRefName: "main"}) { pullRequest { id } } }""",
        {"r": repo["id"]},
        token=boss_token,
    )["createPullRequest"]["pullRequest"]["id"]
    pr_comment = forge.gql(
        """mutation($i: ID!) { addPullRequestComment(input: {pullRequestId: $i, body: "x"}) {
          comment { id } } }""",
        {"i": pr},
        token=boss_token,
    )["addPullRequestComment"]["comment"]["id"]
    release = forge.gql(
        CREATE, {"i": {"repositoryId": repo["id"], "tagName": "v1"}}, token=boss_token
    )["createRelease"]["release"]["id"]
    rule = forge.gql(
        """mutation($r: ID!) { createBranchProtectionRule(input: {repositoryId: $r,
          pattern: "main"}) { branchProtectionRule { id } } }""",
        {"r": repo["id"]},
        token=boss_token,
    )["createBranchProtectionRule"]["branchProtectionRule"]["id"]
    return {
        "repository": repo["id"],
        "issue": issue_id,
        "comment": comment(forge, boss, issue_id),
        "label": label(forge, boss, repo, "secret"),
        "milestone": milestone(forge, boss, repo, "secret")["id"],
        "pull request": pr,
        "pull request comment": pr_comment,
        "release": release,
        "asset": uploaded(forge, boss_token, release, "a.bin", b"secret")["id"],
        "branch protection rule": rule,
    }


def test_nothing_in_a_private_repository_reaches_a_stranger(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    ids = _objects(forge, people.org_owner, repo)
    owner, name = repo["nameWithOwner"].split("/")
    other_org_owner = forge.new_user("oo")
    new_org(forge, other_org_owner)
    strangers: dict[str, str | None] = {
        "anonymous": None,
        "outsider": people.outsider.token,
        "another organization's owner": other_org_owner.token,
        "the org owner's token without repo:read": forge.token_for(people.org_owner, []),
    }
    readers: dict[str, str | None] = {
        "read collaborator": people.reader.token,
        "org member": people.member.token,
    }
    download = DOWNLOAD.format(url=forge.url, owner=owner, name=name, tag="v1")
    for who, token in {**strangers, **readers}.items():
        sees = who in readers
        for kind, node_id in ids.items():
            found = forge.gql(NODE, {"id": node_id}, token=token)["node"]
            assert (found == {"id": node_id}) is sees, (who, kind, found)
        batch = forge.gql(NODES, {"ids": list(ids.values())}, token=token)["nodes"]
        expected = [{"id": i} for i in ids.values()] if sees else [None] * len(ids)
        assert batch == expected, who
        by_name = forge.gql(BY_NAME, {"o": owner, "n": name}, token=token)
        assert (by_name["repository"] == {"id": repo["id"]}) is sees, who
        assert (by_name["organization"]["repository"] is not None) is sees, who
        listed = [n["name"] for n in by_name["organization"]["repositories"]["nodes"]]
        assert (name in listed) is sees, who
        searched = [n["name"] for n in by_name["repositories"]["nodes"]]
        assert (name in searched) is sees, who
        # Through a member's profile: their organization's private repositories stay private.
        profile = forge.gql(OF_MEMBER, {"l": people.member.login}, token=token)
        assert (name in [n["name"] for n in profile["user"]["repositories"]["nodes"]]) is sees, who
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = httpx.get(download, headers=headers, timeout=60)
        assert answer.status_code == (200 if sees else 404), (who, answer.status_code)
