"""OpenCodeHub to the letter of its seed (issue 22): tokens made with the quick
start's names, ``repo`` and ``pr``, and ``pr`` meaning pull requests only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.collaboration.people import add_collaborator
from tests.forge import Forge, User
from tests.git.gitcli import Git, url
from tests.rest.rest import RFC3339, assert_types, curl
from tests.rest.test_opencodehub_conformance import CREATE, CREATE_PULL, LIST_PULLS, check_error
from tests.rest.test_opencodehub_pulls import pushed_repo

PULL_ID = """query($o: String!, $n: String!, $k: Int!) {
  repository(owner: $o, name: $n) { id pullRequest(number: $k) { id } } }"""
COMMENT = """mutation($p: ID!, $b: String!) {
  addPullRequestComment(input: {pullRequestId: $p, body: $b}) { comment { body } } }"""
ISSUE = """mutation($r: ID!) {
  createIssue(input: {repositoryId: $r, title: "no"}) { issue { number } } }"""
MERGE = """mutation($p: ID!) { mergePullRequest(input: {pullRequestId: $p}) { pullRequest { merged } } }"""
SCOPES = "query { viewer { accessTokens { name scopes } } }"


def named_token(forge: Forge, user: User, scopes: list[str]) -> str:
    """A token made as the SPA's token page makes it: OpenCodeHub's names."""
    return forge.token_for(user, scopes, scopeDialect="opencodehub")


def _push(git: Git, work: Path, remote: str, branch: str) -> bool:
    return git.run("push", "-q", remote, branch, cwd=work, check=False).returncode == 0


def test_the_quick_start_token_walks_the_document_in_order(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("ochq")
    token = named_token(forge, user, ["repo", "pr"])
    listed = forge.gql(SCOPES, token=user.token)["viewer"]["accessTokens"]
    assert listed[-1]["scopes"] == ["repo:read", "repo:write", "repo:delete", "pull_request:write"]
    replacements = {"https://git.yourcompany.com": forge.url, "YOUR_TOKEN": token}
    status, raw = curl(CREATE, replacements)
    assert status == 201, raw
    body = json.loads(raw)
    assert set(body) == {"data", "meta"} and RFC3339.match(body["meta"]["timestamp"])
    documented = {"id": str, "name": str, "owner": dict, "visibility": str, "created_at": str}
    assert_types(body["data"], documented)
    assert (body["data"]["name"], body["data"]["visibility"]) == ("my-project", "private")
    assert body["data"]["owner"]["username"] == user.login

    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "README.md", "hello\n")
    git.run("checkout", "-q", "-b", "feature-branch", cwd=work)
    git.commit(work, "feature.txt", "new\n")
    remote = url(forge, f"{user.login}/my-project", token)
    assert _push(git, work, remote, "main") and _push(git, work, remote, "feature-branch")

    replacements["owner/repo"] = f"{user.login}/my-project"
    status, raw = curl(LIST_PULLS, replacements)
    assert status == 200 and json.loads(raw)["data"] == [], raw
    status, raw = curl(CREATE_PULL, replacements)
    assert status == 201, raw
    pr = json.loads(raw)["data"]
    assert (pr["title"], pr["head"], pr["base"], pr["body"]) == (
        "Add new feature",
        "feature-branch",
        "main",
        "This PR adds...",
    )


def test_a_pr_token_works_pull_requests_and_nothing_else(forge: Forge, tmp_path: Path) -> None:
    owner, writer, reader, outsider = (forge.new_user(p) for p in ("ocpo", "ocpw", "ocpr", "ocpx"))
    admin = forge.new_user("ocpa", admin=True)
    repo = pushed_repo(forge, owner, tmp_path, ["a", "b", "c", "d", "e", "f"], private=True)
    add_collaborator(forge, owner, repo, writer, "WRITE")
    add_collaborator(forge, owner, repo, reader, "READ")
    tokens = {
        "owner": named_token(forge, owner, ["pr"]),
        "writer": named_token(forge, writer, ["pr"]),
        "reader": named_token(forge, reader, ["pr"]),
        "outsider": named_token(forge, outsider, ["pr"]),
        "site admin": named_token(forge, admin, ["pr"]),
    }
    listed = forge.gql(SCOPES, token=owner.token)["viewer"]["accessTokens"]
    assert listed[-1]["scopes"] == ["repo:read", "pull_request:write"]
    base = f"{forge.url}/api/repos/{repo['nameWithOwner']}"
    readers = {"owner", "writer", "reader", "site admin"}
    heads = iter(["a", "b", "c", "d", "e", "f"])
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "clone")
    git.commit(work, "x.txt", "x\n")

    for actor, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"}
        pulls = httpx.get(f"{base}/pulls", headers=headers)
        if actor not in readers:
            check_error(pulls, 404, "NOT_FOUND")
            opened = httpx.post(
                f"{base}/pulls", headers=headers, json={"title": "t", "head": "a", "base": "main"}
            )
            check_error(opened, 404, "NOT_FOUND")
        else:
            assert pulls.status_code == 200, (actor, pulls.text)
            body = {"title": actor, "head": next(heads), "base": "main"}
            made = httpx.post(f"{base}/pulls", headers=headers, json=body)
            assert made.status_code == 201, (actor, made.text)
            found = forge.gql(
                PULL_ID,
                {"o": owner.login, "n": repo["name"], "k": made.json()["data"]["number"]},
                token=token,
            )["repository"]
            said = forge.gql(COMMENT, {"p": found["pullRequest"]["id"], "b": "hi"}, token=token)
            assert said["addPullRequestComment"]["comment"]["body"] == "hi"
            # Pull requests only: no issues, no merges, no pushes.
            assert forge.gql_error(ISSUE, {"r": found["id"]}, token=token).codes == ["FORBIDDEN"]
            merged = forge.gql_error(MERGE, {"p": found["pullRequest"]["id"]}, token=token)
            assert merged.codes == ["FORBIDDEN"], actor
            remote = url(forge, repo["nameWithOwner"], token)
            assert not _push(git, work, remote, f"main:refs/heads/from-{actor.replace(' ', '-')}")
        # Nor new repositories, whoever holds it.
        created = httpx.post(
            f"{forge.url}/api/repos", headers=headers, json={"name": f"n-{actor[:3]}"}
        )
        check_error(created, 403, "FORBIDDEN")

    # repo still does all of it; a repo token may mint a pr token (never wider than itself).
    repo_token = named_token(forge, owner, ["repo"])
    made = httpx.post(
        f"{forge.url}/api/repos",
        headers={"Authorization": f"Bearer {repo_token}"},
        json={"name": "by-repo"},
    )
    assert made.status_code == 201, made.text
    minted: dict[str, Any] = forge.gql(
        "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
        {"i": {"name": "child", "scopes": ["pr"], "scopeDialect": "opencodehub"}},
        token=forge.token_for(owner, ["repo:read", "repo:write", "admin"]),
    )
    assert minted["createAccessToken"]["token"]
