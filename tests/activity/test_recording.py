"""Each action records its activity exactly once, in the action's own transaction."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.activity.feed import kinds, repository_activity
from tests.collaboration.issues_api import comment, issue
from tests.forge import Forge, GraphQLError, User
from tests.git.gitcli import Git, url
from tests.rest.rest import client

UPDATE_ISSUE = """mutation($i: ID!, $s: IssueState!) { updateIssue(input: {id: $i, state: $s}) {
  issue { state } } }"""
CREATE_PR = """mutation($r: ID!, $t: String!, $h: String!) { createPullRequest(input: {
  repositoryId: $r, title: $t, headRefName: $h, baseRefName: "main"}) { pullRequest { id } } }"""
MERGE = """mutation($p: ID!) { mergePullRequest(input: {pullRequestId: $p}) {
  pullRequest { merged } } }"""
CLOSE_PR = """mutation($p: ID!) { updatePullRequest(input: {pullRequestId: $p, state: CLOSED}) {
  pullRequest { state } } }"""
CREATE_RELEASE = """mutation($i: CreateReleaseInput!) { createRelease(input: $i) {
  release { id } } }"""
PUBLISH = """mutation($r: ID!) { updateRelease(input: {releaseId: $r, isDraft: false}) {
  release { isDraft } } }"""


def _push(git: Git, work: Path, remote: str, *refspecs: str) -> None:
    git.run("push", remote, *refspecs, cwd=work)


def _newest(forge: Forge, repo: dict[str, Any], token: str) -> dict[str, Any]:
    found = repository_activity(forge, repo, token, first=1)
    assert found is not None
    node: dict[str, Any] = found["nodes"][0]
    return node


def test_each_action_records_its_activity_once(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user, private=True)
    name = repo["nameWithOwner"]
    created = _newest(forge, repo, user.token)
    assert created["kind"] == "REPOSITORY_CREATED"
    assert created["actor"] == {"login": user.login}
    assert created["repository"] == {"nameWithOwner": name}
    for subject in ("issue", "pullRequest", "release", "push", "refName", "commitCount"):
        assert created[subject] is None

    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    remote = url(forge, name, user.token)
    git.commit(work, "a.txt", "a\n")
    git.commit(work, "b.txt", "b\n")
    _push(git, work, remote, "main")
    pushed = _newest(forge, repo, user.token)
    assert (pushed["kind"], pushed["refName"], pushed["commitCount"]) == (
        "PUSH",
        "refs/heads/main",
        2,
    )
    assert pushed["push"]["databaseId"] > 0

    git.run("checkout", "-q", "-b", "topic", cwd=work)
    git.commit(work, "c.txt", "c\n")
    git.run("tag", "v0", cwd=work)
    _push(git, work, remote, "topic", "v0")
    # One push, two refs: a branch with one commit no other branch had, and a tag of it
    # (which brings no commit the branches lack).
    two = repository_activity(forge, repo, user.token, first=2)
    assert two is not None
    assert sorted((n["refName"], n["commitCount"]) for n in two["nodes"]) == [
        ("refs/heads/topic", 1),
        ("refs/tags/v0", 0),
    ]
    assert two["nodes"][0]["push"] == two["nodes"][1]["push"]
    _push(git, work, remote, "--delete", "topic")  # deleting a ref records no activity

    issue_id = issue(forge, user, repo, "Broken build")
    comment(forge, user, issue_id, "Looking into it")
    forge.gql(UPDATE_ISSUE, {"i": issue_id, "s": "CLOSED"}, token=user.token)
    forge.gql(UPDATE_ISSUE, {"i": issue_id, "s": "CLOSED"}, token=user.token)  # no change
    forge.gql(UPDATE_ISSUE, {"i": issue_id, "s": "OPEN"}, token=user.token)
    reopened = _newest(forge, repo, user.token)
    assert reopened["issue"] == {"number": 1, "title": "Broken build"}
    assert (reopened["title"], reopened["subjectRef"]) == ("Broken build", "#1")

    _push(git, work, remote, "topic")
    pr = forge.gql(CREATE_PR, {"r": repo["id"], "t": "Add c", "h": "topic"}, token=user.token)
    forge.gql(MERGE, {"p": pr["createPullRequest"]["pullRequest"]["id"]}, token=user.token)
    merged = _newest(forge, repo, user.token)
    assert merged["pullRequest"] == {"number": 2, "title": "Add c"}
    git.run("checkout", "-q", "-b", "other", cwd=work)
    git.commit(work, "d.txt", "d\n")
    _push(git, work, remote, "other")
    other = forge.gql(CREATE_PR, {"r": repo["id"], "t": "Add d", "h": "other"}, token=user.token)
    forge.gql(CLOSE_PR, {"p": other["createPullRequest"]["pullRequest"]["id"]}, token=user.token)

    draft = forge.gql(
        CREATE_RELEASE,
        {"i": {"repositoryId": repo["id"], "tagName": "v1", "name": "One", "isDraft": True}},
        token=user.token,
    )["createRelease"]["release"]
    forge.gql(PUBLISH, {"r": draft["id"]}, token=user.token)
    forge.gql(PUBLISH, {"r": draft["id"]}, token=user.token)  # published already: nothing new
    released = _newest(forge, repo, user.token)
    assert released["release"] == {"tagName": "v1"}
    assert (released["title"], released["subjectRef"]) == ("One", "v1")

    feed = repository_activity(forge, repo, user.token)
    assert feed is not None
    me = user.login
    assert kinds(feed) == [
        ("RELEASE_PUBLISHED", me),
        ("PULL_REQUEST_CLOSED", me),
        ("PULL_REQUEST_OPENED", me),
        ("PUSH", me),
        ("PULL_REQUEST_MERGED", me),
        ("PULL_REQUEST_OPENED", me),
        ("PUSH", me),
        ("ISSUE_REOPENED", me),
        ("ISSUE_CLOSED", me),
        ("ISSUE_COMMENTED", me),
        ("ISSUE_OPENED", me),
        ("PUSH", me),
        ("PUSH", me),
        ("PUSH", me),
        ("REPOSITORY_CREATED", me),
    ]
    assert feed["totalCount"] == 15
    node = forge.gql(
        "query($i: ID!) { node(id: $i) { ... on Activity { kind databaseId } } }",
        {"i": feed["nodes"][0]["id"]},
        token=user.token,
    )["node"]
    assert node == {"kind": "RELEASE_PUBLISHED", "databaseId": feed["nodes"][0]["databaseId"]}
    assert forge.gql("query($i: ID!) { node(id: $i) { id } }", {"i": feed["nodes"][0]["id"]}) == {
        "node": None
    }


def test_rest_actions_record_activity(forge: Forge) -> None:
    user = forge.new_user()
    with client(forge, token=user.token) as api:
        created = api.post("/user/repos", json={"name": "via-rest"})
        assert created.status_code == 201, created.text
        opened = api.post(f"/repos/{user.login}/via-rest/issues", json={"title": "From Gogs"})
        assert opened.status_code == 201, opened.text
        said = api.post(f"/repos/{user.login}/via-rest/issues/1/comments", json={"body": "hi"})
        assert said.status_code == 201, said.text
        closed = api.patch(f"/repos/{user.login}/via-rest/issues/1", json={"state": "closed"})
        assert closed.status_code == 200, closed.text
    repo = {"nameWithOwner": f"{user.login}/via-rest"}
    feed = repository_activity(forge, repo, user.token)
    assert feed is not None
    assert kinds(feed) == [
        ("ISSUE_CLOSED", user.login),
        ("ISSUE_COMMENTED", user.login),
        ("ISSUE_OPENED", user.login),
        ("REPOSITORY_CREATED", user.login),
    ]
    assert feed["nodes"][0]["issue"] == {"number": 1, "title": "From Gogs"}


def _refused(forge: Forge, query: str, variables: dict[str, Any], who: User) -> None:
    with pytest.raises(GraphQLError):
        forge.gql(query, variables, token=who.token)


def test_failed_actions_record_nothing(forge: Forge) -> None:
    owner, outsider = forge.new_user(), forge.new_user("out")
    repo = forge.new_repo(owner)
    issue_id = issue(forge, owner, repo, "Real")
    before = repository_activity(forge, repo, owner.token)
    assert before is not None
    # Refused (not the author, no write access), invalid, conflicting: no row written.
    _refused(forge, UPDATE_ISSUE, {"i": issue_id, "s": "CLOSED"}, outsider)
    _refused(forge, CREATE_PR, {"r": repo["id"], "t": "x", "h": "nope"}, owner)
    _refused(forge, CREATE_RELEASE, {"i": {"repositoryId": repo["id"], "tagName": "v1"}}, owner)
    _refused(forge, CREATE_RELEASE, {"i": {"repositoryId": repo["id"], "tagName": "v1"}}, outsider)
    with pytest.raises(GraphQLError):
        forge.new_repo(owner, name=repo["nameWithOwner"].split("/")[1])
    with pytest.raises(GraphQLError):
        forge.gql(
            'mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "  "}) '
            "{ issue { id } } }",
            {"r": repo["id"]},
            token=owner.token,
        )
    after = repository_activity(forge, repo, owner.token)
    assert after == before
    assert kinds(after) == [("ISSUE_OPENED", owner.login), ("REPOSITORY_CREATED", owner.login)]


def test_a_big_push_is_counted_up_to_the_cap(forge: Forge, tmp_path: Path) -> None:
    """The pusher waits for the count: it stops at 1,000, which the feed shows as "1,000+"."""
    user = forge.new_user()
    repo = forge.new_repo(user)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    stream = "".join(
        f"commit refs/heads/main\nmark :{n}\n"
        f"committer A <a@example.com> {1_700_000_000 + n} +0000\n"
        f"data {len(str(n))}\n{n}\n" + (f"from :{n - 1}\n" if n > 1 else "") + "\n"
        for n in range(1, 1006)
    )
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        input=stream,
        text=True,
        cwd=work,
        env=git.env(),
        check=True,
    )
    _push(git, work, url(forge, repo["nameWithOwner"], user.token), "main")
    pushed = _newest(forge, repo, user.token)
    assert (pushed["kind"], pushed["refName"], pushed["commitCount"]) == (
        "PUSH",
        "refs/heads/main",
        1000,
    )
