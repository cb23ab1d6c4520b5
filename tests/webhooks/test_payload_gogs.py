"""Gogs-type webhooks deliver Gogs' payload structs with Gogs' and Gitea's headers, signed.

A receiver on loopback checks every header and the signature with the documented
algorithm (hex HMAC-SHA256 of the body, the same value under every name), and
each payload field by field: push, create, delete, issues, issue_comment,
pull_request and release, as go-gogs-client's structs name them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from tests.forge import Forge
from tests.webhooks.dialect_flow import Pushed, create_hook, of_event, payload
from tests.webhooks.dialect_receiver import Received, Receiver, hex_hmac

SECRET = "gogs-signing-secret"
ALL_EVENTS = ["push", "create", "delete", "issues", "issue_comment", "pull_request", "release"]
GUID = re.compile(r"^[0-9a-f-]{36}$")
USER_KEYS = {"id", "username", "login", "full_name", "email", "avatar_url"}
REPOSITORY_KEYS = {
    "id", "owner", "name", "full_name", "description", "private", "fork", "parent", "empty",
    "mirror", "size", "html_url", "ssh_url", "clone_url", "website", "stars_count",
    "forks_count", "watchers_count", "open_issues_count", "default_branch", "created_at",
    "updated_at", "permissions",
}  # fmt: skip


def check_gogs_headers(request: Received, event: str, body: bytes) -> None:
    """Every header Gogs and Gitea receivers read, one signature under every name."""
    signature = hex_hmac(SECRET, body)
    guid = request.header("X-Gogs-Delivery")
    assert guid and GUID.match(guid)
    for name in ("X-Gogs-Event", "X-Gitea-Event", "X-GitHub-Event"):
        assert request.header(name) == event, name
    for name in ("X-Gitea-Delivery", "X-GitHub-Delivery"):
        assert request.header(name) == guid, name
    assert request.header("X-Gogs-Signature") == signature
    assert request.header("X-Gitea-Signature") == signature
    assert request.header("X-Hub-Signature-256") == f"sha256={signature}"
    assert SECRET not in request.body.decode()


def test_gogs_webhook_delivers_gogs_payloads(hooks: Forge, tmp_path: Path) -> None:
    owner = hooks.new_user("gogshook")
    repo = hooks.new_repo(owner)
    full = repo["nameWithOwner"]
    html = f"{hooks.url}/{full}"
    with Receiver() as receiver:
        create_hook(hooks, owner.token, repo["id"], receiver.url, events=ALL_EVENTS, secret=SECRET)
        clone = Pushed(hooks, owner, repo, tmp_path)
        first = clone.commit("README.md", "hello\n", "First")
        clone.push("main")
        second = clone.commit("a.txt", "a\n", "Second\n\nwith a body")
        clone.push("main")
        requests = receiver.wait(3)  # create + push, then push

        for request in requests:
            assert request.header("Content-Type") == "application/json"
            check_gogs_headers(request, request.header("X-Gogs-Event") or "", request.body)
        created = payload(of_event(requests, "X-Gogs-Event", "create")[0])
        assert created["ref"] == "main" and created["ref_type"] == "branch"
        assert created["sha"] == first and created["default_branch"] == "main"
        assert set(created["repository"]) == REPOSITORY_KEYS
        assert set(created["sender"]) == USER_KEYS and created["sender"]["username"] == owner.login

        pushes = [payload(r) for r in of_event(requests, "X-Gogs-Event", "push")]
        pushes.sort(key=lambda body: len(body["compare_url"]))
        new, moved = pushes
        assert (new["before"], new["after"], new["compare_url"]) == ("0" * 40, first, "")
        assert [c["id"] for c in new["commits"]] == [first]
        assert moved["ref"] == "refs/heads/main"
        assert (moved["before"], moved["after"]) == (first, second)
        assert moved["compare_url"] == f"{html}/compare/{first}...{second}"
        (commit,) = moved["commits"]
        assert commit == {
            "id": second,
            "message": "Second\n\nwith a body\n",
            "url": f"{html}/commit/{second}",
            "author": {"name": "Tester", "email": "tester@example.com", "username": ""},
            "committer": {"name": "Tester", "email": "tester@example.com", "username": ""},
            "added": ["a.txt"],
            "removed": [],
            "modified": [],
            "timestamp": "2026-01-01T00:00:00Z",
        }
        repository = moved["repository"]
        assert (repository["full_name"], repository["html_url"]) == (full, html)
        assert repository["clone_url"] == f"{html}.git"
        assert repository["owner"]["username"] == owner.login
        assert moved["pusher"] == moved["sender"]
        assert moved["pusher"]["username"] == owner.login


def test_gogs_webhook_delivers_issue_comment_pull_and_release_payloads(
    hooks: Forge, tmp_path: Path
) -> None:
    owner = hooks.new_user("gogsev")
    repo = hooks.new_repo(owner)
    html = f"{hooks.url}/{repo['nameWithOwner']}"
    clone = Pushed(hooks, owner, repo, tmp_path)
    clone.commit("README.md", "hello\n")
    clone.push("main")
    clone.git.run("checkout", "-q", "-b", "topic", cwd=clone.work)
    clone.commit("topic.txt", "topic\n")
    clone.push("topic")
    with Receiver() as receiver:
        events = ["issues", "issue_comment", "pull_request", "release", "delete"]
        create_hook(hooks, owner.token, repo["id"], receiver.url, events=events, secret=SECRET)
        issue = hooks.gql(
            "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { id number } } }",
            {"i": {"repositoryId": repo["id"], "title": "Broken", "body": "It fails"}},
            token=owner.token,
        )["createIssue"]["issue"]
        # A payload shows the subject as it is when first sent: edit after that.
        receiver.wait(1)
        hooks.gql(
            "mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue { id } } }",
            {"i": {"id": issue["id"], "title": "Broken badly"}},
            token=owner.token,
        )
        hooks.gql(
            "mutation($i: AddCommentInput!) { addComment(input: $i) { comment { id } } }",
            {"i": {"subjectId": issue["id"], "body": "Same here"}},
            token=owner.token,
        )
        pull = hooks.gql(
            "mutation($i: CreatePullRequestInput!) { createPullRequest(input: $i) "
            "{ pullRequest { id number } } }",
            {"i": {"repositoryId": repo["id"], "title": "Topic", "headRefName": "topic",
                   "baseRefName": "main", "body": "Adds topic"}},
            token=owner.token,
        )["createPullRequest"]["pullRequest"]  # fmt: skip
        hooks.gql(
            "mutation($i: CreateReleaseInput!) { createRelease(input: $i) { release { id } } }",
            {"i": {"repositoryId": repo["id"], "tagName": "v1.0", "name": "One",
                   "description": "notes"}},
            token=owner.token,
        )  # fmt: skip
        clone.push(":topic")
        requests = receiver.wait(6)
        for request in requests:
            check_gogs_headers(request, request.header("X-Gogs-Event") or "", request.body)
        by_event: dict[str | None, list[dict[str, Any]]] = {
            r.header("X-Gogs-Event"): [] for r in requests
        }
        for request in requests:
            by_event[request.header("X-Gogs-Event")].append(payload(request))

        opened, edited = sorted(by_event["issues"], key=lambda b: b["action"] != "opened")
        assert list(opened) == ["action", "number", "issue", "repository", "sender"]
        assert (opened["action"], opened["number"]) == ("opened", issue["number"])
        shaped = opened["issue"]
        assert (shaped["title"], shaped["body"], shaped["state"]) == ("Broken", "It fails", "open")
        assert shaped["html_url"] == f"{html}/issues/{issue['number']}"
        assert set(shaped["user"]) == USER_KEYS
        assert edited["action"] == "edited"
        assert edited["changes"] == {"title": {"from": "Broken"}}
        assert edited["issue"]["title"] == "Broken badly"

        (comment,) = by_event["issue_comment"]
        assert list(comment) == ["action", "issue", "comment", "repository", "sender"]
        assert comment["action"] == "created" and comment["comment"]["body"] == "Same here"
        assert comment["comment"]["html_url"].startswith(
            f"{html}/issues/{issue['number']}#issuecomment-"
        )

        (opened_pull,) = by_event["pull_request"]
        assert opened_pull["action"] == "opened" and opened_pull["number"] == pull["number"]
        shaped = opened_pull["pull_request"]
        assert (shaped["head_branch"], shaped["base_branch"]) == ("topic", "main")
        assert (shaped["state"], shaped["merged"], shaped["merged_by"]) == ("open", False, None)
        assert shaped["body"] == "Adds topic" and shaped["html_url"].startswith(html)

        (published,) = by_event["release"]
        assert list(published) == ["action", "release", "repository", "sender"]
        assert published["action"] == "published"
        release = published["release"]
        assert (release["tag_name"], release["name"], release["body"]) == ("v1.0", "One", "notes")
        assert (release["draft"], release["prerelease"]) == (False, False)
        assert release["author"]["username"] == owner.login

        (deleted,) = by_event["delete"]
        assert (deleted["ref"], deleted["ref_type"], deleted["pusher_type"]) == (
            "topic",
            "branch",
            "user",
        )


def test_gogs_form_webhook_posts_the_json_in_a_payload_field(hooks: Forge, tmp_path: Path) -> None:
    owner = hooks.new_user("gogsform")
    repo = hooks.new_repo(owner)
    with Receiver() as receiver:
        create_hook(hooks, owner.token, repo["id"], receiver.url, contentType="form", secret=SECRET)
        clone = Pushed(hooks, owner, repo, tmp_path)
        head = clone.commit("README.md", "hello\n")
        clone.push("main")
        (request,) = receiver.wait(1)
        assert request.header("Content-Type") == "application/x-www-form-urlencoded"
        inner = parse_qs(request.body.decode())["payload"][0].encode()
        # Gogs signs the JSON inside the form, not the form.
        check_gogs_headers(request, "push", inner)
        assert payload(Received(request.path, request.headers, inner))["after"] == head
