"""Webhook payload shapes, field by field: Gogs' structs, Slack and Discord as Gogs sends
them, Kod's push and Isurus' objects (pure functions on synthetic GraphQL results)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qs

from rest_compat.gogs import chat, payloads
from rest_compat.hooks import signing
from rest_compat.isurus import payloads as isurus
from rest_compat.kod import payloads as kod

BASE = "http://forge.test"
ZERO = "0" * 40
A, B, C = "a" * 40, "b" * 40, "c" * 40


def user(login: str = "alice", number: int = 1) -> dict[str, Any]:
    return {
        "databaseId": number,
        "login": login,
        "name": login.title(),
        "email": f"{login}@example.com",
        "avatarUrl": f"{BASE}/avatars/{number}",
        "isSiteAdmin": False,
        "createdAt": "2026-01-02T03:04:05+00:00",
    }


def repo() -> dict[str, Any]:
    return {
        "databaseId": 7,
        "name": "hello",
        "nameWithOwner": "alice/hello",
        "description": "greetings",
        "isPrivate": False,
        "defaultBranch": "main",
        "createdAt": "2026-01-02T03:04:05+00:00",
        "updatedAt": "2026-01-03T03:04:05+00:00",
        "pushedAt": "2026-01-03T03:04:05+00:00",
        "url": f"{BASE}/alice/hello",
        "cloneUrl": f"{BASE}/alice/hello.git",
        "openIssueCount": 1,
        "viewerPermission": "READ",
        "owner": user(),
    }


def commit(oid: str, message: str, files: list[dict[str, str]]) -> dict[str, Any]:
    actor = {"name": "Alice", "email": "alice@example.com", "date": "2026-01-03T10:00:00+01:00"}
    other = {"name": "Bob", "email": "bob@example.com", "date": "2026-01-03T11:00:00+00:00"}
    return {
        "oid": oid,
        "message": message,
        "author": actor,
        "committer": other,
        "diff": {"files": files},
    }


def issue() -> dict[str, Any]:
    return {
        "databaseId": 11,
        "number": 3,
        "title": "Broken <b>",
        "body": "It & fails",
        "state": "OPEN",
        "isTriaged": True,
        "url": f"{BASE}/alice/hello/issues/3",
        "createdAt": "2026-01-04T00:00:00+00:00",
        "updatedAt": "2026-01-04T00:00:00+00:00",
        "closedAt": None,
        "author": user("bob", 2),
        "labels": {
            "nodes": [{"databaseId": 5, "name": "bug", "color": "#ff0000", "description": ""}]
        },
        "commentCount": 1,
        "assignees": {"nodes": [user()]},
        "milestone": None,
        "allComments": [],
    }


def pull() -> dict[str, Any]:
    return {
        "databaseId": 12,
        "number": 4,
        "title": "Fix it",
        "body": "Fixes #3",
        "pullState": "MERGED",
        "state": "MERGED",
        "merged": True,
        "author": user("bob", 2),
        "headRefName": "fix",
        "baseRefName": "main",
        "headRefOid": B,
        "baseRefOid": A,
        "mergeable": "MERGEABLE",
        "mergedAt": "2026-01-05T00:00:00+00:00",
        "mergedBy": user(),
        "mergeCommitOid": C,
        "closedAt": "2026-01-05T00:00:00+00:00",
        "createdAt": "2026-01-04T00:00:00+00:00",
        "updatedAt": "2026-01-05T00:00:00+00:00",
        "url": f"{BASE}/alice/hello/pulls/4",
        "comments": {"totalCount": 2},
        "allComments": [],
    }


def release() -> dict[str, Any]:
    return {
        "databaseId": 9,
        "tagName": "v1.0",
        "targetCommitish": "main",
        "name": "One",
        "description": "notes",
        "isDraft": False,
        "isPrerelease": True,
        "author": user(),
        "createdAt": "2026-01-06T00:00:00+00:00",
    }


GOGS_REPOSITORY_KEYS = {
    "id", "owner", "name", "full_name", "description", "private", "fork", "parent", "empty",
    "mirror", "size", "html_url", "ssh_url", "clone_url", "website", "stars_count",
    "forks_count", "watchers_count", "open_issues_count", "default_branch", "created_at",
    "updated_at", "permissions",
}  # fmt: skip
GOGS_USER = {
    "id": 1,
    "username": "alice",
    "login": "alice",
    "full_name": "Alice",
    "email": "alice@example.com",
    "avatar_url": f"{BASE}/avatars/1",
}


def push_payload() -> dict[str, Any]:
    history = [
        commit(C, "Third\n\nbody", [{"path": "new.txt", "oldPath": "new.txt", "status": "ADDED"},
                                     {"path": "b.txt", "oldPath": "a.txt", "status": "RENAMED"}]),
        commit(B, "Second", [{"path": "gone.txt", "oldPath": "gone.txt", "status": "DELETED"},
                             {"path": "x.txt", "oldPath": "x.txt", "status": "MODIFIED"}]),
        commit(A, "First", []),
    ]  # fmt: skip
    return payloads.push("refs/heads/main", A, C, history, repo(), user())


def test_gogs_push_payload_has_gogs_fields() -> None:
    body = push_payload()
    assert list(body) == [
        "ref", "before", "after", "compare_url", "commits", "repository", "pusher", "sender",
    ]  # fmt: skip
    assert (body["ref"], body["before"], body["after"]) == ("refs/heads/main", A, C)
    assert body["compare_url"] == f"{BASE}/alice/hello/compare/{A}...{C}"
    assert [c["id"] for c in body["commits"]] == [C, B]
    third = body["commits"][0]
    assert third == {
        "id": C,
        "message": "Third\n\nbody",
        "url": f"{BASE}/alice/hello/commit/{C}",
        "author": {"name": "Alice", "email": "alice@example.com", "username": ""},
        "committer": {"name": "Bob", "email": "bob@example.com", "username": ""},
        "added": ["new.txt", "b.txt"],
        "removed": ["a.txt"],
        "modified": [],
        "timestamp": "2026-01-03T09:00:00Z",
    }
    assert body["commits"][1]["removed"] == ["gone.txt"]
    assert body["commits"][1]["modified"] == ["x.txt"]
    assert set(body["repository"]) == GOGS_REPOSITORY_KEYS
    assert body["repository"]["full_name"] == "alice/hello"
    assert body["repository"]["owner"] == GOGS_USER
    assert body["pusher"] == GOGS_USER
    assert body["sender"] == GOGS_USER


def test_gogs_push_of_a_new_branch_has_no_compare_url() -> None:
    body = payloads.push("refs/heads/new", ZERO, A, [commit(A, "m", [])], repo(), None)
    assert body["compare_url"] == ""
    assert [c["id"] for c in body["commits"]] == [A]
    assert body["pusher"] is None and body["sender"] is None


def test_gogs_push_lists_at_most_twenty_commits() -> None:
    history = [commit(f"{n:040x}", "m", []) for n in range(1, 30)]
    body = payloads.push("refs/heads/main", ZERO, history[0]["oid"], history, repo(), user())
    assert len(body["commits"]) == payloads.MAX_PUSH_COMMITS


def test_gogs_create_and_delete_payloads() -> None:
    created = payloads.create("refs/tags/v1.0", A, repo(), user())
    assert created == {
        "ref": "v1.0",
        "ref_type": "tag",
        "sha": A,
        "default_branch": "main",
        "repository": created["repository"],
        "sender": GOGS_USER,
    }
    assert list(created) == ["ref", "ref_type", "sha", "default_branch", "repository", "sender"]
    deleted = payloads.delete("refs/heads/topic", repo(), user())
    assert list(deleted) == ["ref", "ref_type", "pusher_type", "repository", "sender"]
    assert (deleted["ref"], deleted["ref_type"], deleted["pusher_type"]) == (
        "topic",
        "branch",
        "user",
    )


def test_gogs_issues_payload() -> None:
    body = payloads.issues("edited", issue(), repo(), user(), BASE, {"title": {"from": "Old"}})
    assert list(body) == ["action", "number", "issue", "changes", "repository", "sender"]
    assert body["action"] == "edited" and body["number"] == 3
    assert body["changes"] == {"title": {"from": "Old"}}
    shaped = body["issue"]
    assert (shaped["id"], shaped["number"], shaped["state"], shaped["title"]) == (
        11,
        3,
        "open",
        "Broken <b>",
    )
    assert shaped["user"]["username"] == "bob"
    assert shaped["assignee"] == GOGS_USER
    assert shaped["labels"] == [
        {
            "id": 5,
            "name": "bug",
            "color": "ff0000",
            "url": f"{BASE}/api/v1/repos/alice/hello/labels/5",
        }
    ]
    assert shaped["html_url"] == f"{BASE}/alice/hello/issues/3"
    assert shaped["created_at"] == "2026-01-04T00:00:00Z"
    opened = payloads.issues("opened", issue(), repo(), user(), BASE)
    assert "changes" not in opened


def test_gogs_issue_comment_payload() -> None:
    comment = {
        "databaseId": 21,
        "body": "Same here",
        "createdAt": "2026-01-04T01:00:00+00:00",
        "updatedAt": "2026-01-04T01:00:00+00:00",
        "author": user("bob", 2),
    }
    body = payloads.issue_comment("created", issue(), comment, repo(), user("bob", 2), BASE)
    assert list(body) == ["action", "issue", "comment", "repository", "sender"]
    assert body["comment"] == {
        "id": 21,
        "html_url": f"{BASE}/alice/hello/issues/3#issuecomment-21",
        "user": {**GOGS_USER, "id": 2, "username": "bob", "login": "bob", "full_name": "Bob",
                 "email": "bob@example.com", "avatar_url": f"{BASE}/avatars/2"},
        "body": "Same here",
        "created_at": "2026-01-04T01:00:00Z",
        "updated_at": "2026-01-04T01:00:00Z",
    }  # fmt: skip
    assert body["issue"]["number"] == 3


def test_gogs_pull_request_payload_says_closed_and_merged_for_a_merge() -> None:
    body = payloads.pull_request("merged", pull(), repo(), user())
    assert list(body) == ["action", "number", "pull_request", "repository", "sender"]
    assert (body["action"], body["number"]) == ("closed", 4)
    shaped = body["pull_request"]
    assert list(shaped) == [
        "id", "number", "user", "title", "body", "labels", "milestone", "assignee", "state",
        "comments", "head_branch", "head_repo", "base_branch", "base_repo", "html_url",
        "mergeable", "merged", "merged_at", "merge_commit_sha", "merged_by",
    ]  # fmt: skip
    assert shaped["state"] == "closed" and shaped["merged"] is True
    assert shaped["merged_at"] == "2026-01-05T00:00:00Z"
    assert shaped["merge_commit_sha"] == C
    assert shaped["merged_by"] == GOGS_USER
    assert (shaped["head_branch"], shaped["base_branch"]) == ("fix", "main")
    assert shaped["head_repo"]["full_name"] == "alice/hello"
    assert shaped["mergeable"] is True and shaped["comments"] == 2
    synced = payloads.pull_request("synchronize", pull(), repo(), user())
    assert synced["action"] == "synchronized"


def test_gogs_release_payload() -> None:
    body = payloads.release("published", release(), repo(), user())
    assert list(body) == ["action", "release", "repository", "sender"]
    assert body["release"] == {
        "id": 9,
        "tag_name": "v1.0",
        "target_commitish": "main",
        "name": "One",
        "body": "notes",
        "draft": False,
        "prerelease": True,
        "author": GOGS_USER,
        "created_at": "2026-01-06T00:00:00Z",
    }


def test_slack_push_message_is_gogs_text_with_links() -> None:
    message = chat.slack("push", push_payload(), BASE, {})
    repo_url = f"{BASE}/alice/hello"
    assert message["text"] == (
        f"[<{repo_url}|hello>:<{repo_url}/src/main|main>] "
        f"<{repo_url}/compare/{A}...{C}|2 new commits> pushed by alice"
    )
    assert message["attachments"] == [
        {
            "fallback": "",
            "color": "",
            "title": "",
            "text": f"<{repo_url}/commit/{C}|ccccccc>: Third - Alice\n"
            f"<{repo_url}/commit/{B}|bbbbbbb>: Second - Alice",
        }
    ]
    assert (message["channel"], message["username"], message["icon_url"]) == ("", "", "")


def test_slack_issue_message_escapes_and_links() -> None:
    body = payloads.issues("opened", issue(), repo(), user("bob", 2), BASE)
    message = chat.slack("issues", body, BASE, {"color": "#00ff00"})
    assert message["text"] == f"[alice/hello] New issue created by <{BASE}/bob|bob>"
    attachment = message["attachments"][0]
    assert attachment["title"] == f"<{BASE}/alice/hello/issues/3|#3 Broken &lt;b&gt;>"
    assert attachment["text"] == "It &amp; fails"
    assert attachment["color"] == "#00ff00"
    merged = chat.slack(
        "pull_request", payloads.pull_request("merged", pull(), repo(), user()), BASE, {}
    )
    assert merged["text"].startswith("[alice/hello] Pull request merged: ")


def test_discord_messages_are_gogs_embeds() -> None:
    message = chat.discord("push", push_payload(), BASE, {"color": "#ff0000"})
    assert list(message) == ["content", "username", "avatar_url", "embeds"]
    (embed,) = message["embeds"]
    repo_url = f"{BASE}/alice/hello"
    assert embed["description"].splitlines() == [
        f"Pushed [2 new commits]({repo_url}/compare/{A}...{C}) to [hello]({repo_url})/[main]({repo_url}/src/main)",
        f"[`ccccccc`]({repo_url}/commit/{C}) Third - Alice",
        f"[`bbbbbbb`]({repo_url}/commit/{B}) Second - Alice",
    ]
    assert embed["color"] == 0xFF0000
    assert embed["url"] == f"{BASE}/alice"
    assert embed["author"] == {"name": "alice", "url": "", "icon_url": f"{BASE}/avatars/1"}
    opened = chat.discord(
        "issues", payloads.issues("opened", issue(), repo(), user(), BASE), BASE, {}
    )
    (embed,) = opened["embeds"]
    assert embed["title"] == "New issue: #3 Broken <b>"
    assert embed["url"] == f"{repo_url}/issues/3"
    assert embed["footer"] == {"text": "alice/hello"}
    assert embed["description"] == "It & fails"
    release_message = chat.discord(
        "release", payloads.release("published", release(), repo(), user()), BASE, {}
    )
    assert release_message["embeds"][0]["description"] == (
        f"Published new release [v1.0]({repo_url}/src/v1.0) of [hello]({repo_url})"
    )


def test_kod_push_payload_is_kod_shape() -> None:
    assert kod.push("hello", "refs/heads/main", C) == {
        "event": "push",
        "repo": "hello",
        "branch": "main",
        "commit": C,
        "workflowRunId": None,
    }


def test_isurus_payloads_use_isurus_objects() -> None:
    body = isurus.push("refs/heads/main", A, C, [commit(C, "Third", [])], repo(), user())
    assert list(body) == ["event", "ref", "before", "after", "commits", "repository", "sender"]
    assert body["commits"] == [
        {
            "id": C,
            "message": "Third",
            "author": {"name": "Alice", "email": "alice@example.com"},
            "timestamp": "2026-01-03T09:00:00Z",
        }
    ]
    assert body["repository"]["org"] == "alice" and body["repository"]["is_private"] is False
    assert body["sender"]["username"] == "alice"
    issued = isurus.issue("opened", issue(), repo(), user())
    assert (issued["event"], issued["action"], issued["issue"]["state"]) == (
        "issue",
        "opened",
        "open",
    )


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_gogs_signature_headers_carry_one_hmac_under_every_name() -> None:
    body = json.dumps({"ref": "refs/heads/main"}).encode()
    expected = sign("s3cret", body)
    headers = signing.gogs_headers("push", "guid-1", expected)
    assert headers["X-Gogs-Signature"] == expected == headers["X-Gitea-Signature"]
    assert headers["X-Hub-Signature-256"] == f"sha256={expected}"
    assert (
        headers["X-Gogs-Event"] == headers["X-Gitea-Event"] == headers["X-GitHub-Event"] == "push"
    )
    assert headers["X-Gogs-Delivery"] == headers["X-Gitea-Delivery"] == "guid-1"
    assert headers["X-GitHub-Delivery"] == "guid-1"
    assert "X-Gitea-Event-Type" not in headers
    assert signing.gogs_headers("push", "g", None, gitea=True)["X-Gitea-Event-Type"] == "push"
    unsigned = signing.gogs_headers("push", "guid-1", None)
    assert not {"X-Gogs-Signature", "X-Gitea-Signature", "X-Hub-Signature-256"} & set(unsigned)
    assert json.loads(parse_qs(signing.form_body(body).decode())["payload"][0]) == {
        "ref": "refs/heads/main"
    }


def test_kod_headers_sign_with_sha256_prefix() -> None:
    body = b'{"event":"push"}'
    headers = signing.kod_headers("push", "d-1", sign("k", body))
    assert headers == {
        "User-Agent": "Kod-Webhooks",
        "X-Kod-Event": "push",
        "X-Kod-Delivery": "d-1",
        "X-Kod-Signature-256": f"sha256={sign('k', body)}",
    }
    assert "X-Kod-Signature-256" not in signing.kod_headers("push", "d-1", None)


def test_headers_for_a_payload_query_body_follow_the_type() -> None:
    assert "X-Kod-Event" in signing.headers_for("kod", "push", "g", None)
    assert "X-Isurus-Event" in signing.headers_for("isurus", "push", "g", None)
    assert "X-Gitea-Event" in signing.headers_for("gogs", "push", "g", None)
    assert signing.headers_for("slack", "push", "g", "sig") == signing.chat_headers("push", "g")
