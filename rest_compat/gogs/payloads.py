"""Gogs' webhook payloads: pure functions from GraphQL results to Gogs' payload structs.

The field lists are Gogs' ``WebhookPushPayload``, ``WebhookIssuesPayload``,
``WebhookIssueCommentPayload``, ``WebhookPullRequestPayload``,
``WebhookReleasePayload``, ``WebhookCreatePayload`` and ``WebhookDeletePayload``
(the structs go-gogs-client exports and Jenkins, Drone and
go-playground/webhooks parse). The repository, user, issue, comment and release
objects inside are the very objects of Ingot's Gogs REST routes
(``rest_compat/gogs/shapes.py``), so a receiver sees what the API shows.
"""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import rfc3339
from rest_compat.gogs import shapes
from rest_compat.gogs.releases import release as release_object

ZERO_OID = "0" * 40
# Gogs lists at most this many commits in a push payload (setting.UI.FeedMaxCommitNum).
MAX_PUSH_COMMITS = 20
BRANCH_PREFIX = "refs/heads/"
TAG_PREFIX = "refs/tags/"


def short_ref(ref: str) -> str:
    """``refs/heads/main`` -> ``main``, ``refs/tags/v1`` -> ``v1`` (git's ``RefShortName``)."""
    for prefix in (BRANCH_PREFIX, TAG_PREFIX):
        if ref.startswith(prefix):
            return ref[len(prefix) :]
    return ref


def ref_type(ref: str) -> str:
    """What Gogs' create and delete payloads call the ref: ``branch`` or ``tag``."""
    return "tag" if ref.startswith(TAG_PREFIX) else "branch"


def api_url(repo: dict[str, Any], base_url: str) -> str:
    """The repository's Gogs API URL (labels inside an issue link to it)."""
    return f"{base_url.rstrip('/')}/api/v1/repos/{repo['nameWithOwner']}"


def payload_user(actor: dict[str, Any], login: str = "") -> dict[str, str]:
    """Gogs' ``WebhookPayloadUser`` for a commit's author or committer."""
    return {"name": actor["name"], "email": actor["email"], "username": login}


def _files(commit: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Added, removed and modified paths against the first parent; a rename is both."""
    added: list[str] = []
    removed: list[str] = []
    modified: list[str] = []
    for change in commit.get("diff", {}).get("files", []):
        status = change["status"]
        if status in ("ADDED", "COPIED"):
            added.append(change["path"])
        elif status == "DELETED":
            removed.append(change["path"])
        elif status == "RENAMED":
            removed.append(change["oldPath"])
            added.append(change["path"])
        else:
            modified.append(change["path"])
    return added, removed, modified


def commit(node: dict[str, Any], repo_url: str) -> dict[str, Any]:
    """Gogs' ``WebhookPayloadCommit``; ``timestamp`` is the author's date, as in Gogs."""
    added, removed, modified = _files(node)
    return {
        "id": node["oid"],
        "message": node["message"],
        "url": f"{repo_url}/commit/{node['oid']}",
        "author": payload_user(node["author"]),
        "committer": payload_user(node["committer"]),
        "added": added,
        "removed": removed,
        "modified": modified,
        "timestamp": rfc3339(node["author"]["date"]),
    }


def pushed_commits(history: list[dict[str, Any]], before: str) -> list[dict[str, Any]]:
    """The commits a push added, newest first: ``after``'s history down to ``before``.

    ``history`` is first-parent-agnostic git history from ``after``, newest first;
    a new ref (``before`` all zeros) lists what the history holds, up to Gogs' limit.
    """
    pushed = []
    for node in history:
        if node["oid"] == before:
            break
        pushed.append(node)
    return pushed[:MAX_PUSH_COMMITS]


def compare_url(repo_url: str, before: str, after: str) -> str:
    """Gogs links a push to its comparison; there is none for a new or deleted ref."""
    if before == ZERO_OID or after == ZERO_OID:
        return ""
    return f"{repo_url}/compare/{before}...{after}"


def push(
    ref: str,
    before: str,
    after: str,
    history: list[dict[str, Any]],
    repo: dict[str, Any],
    pusher: dict[str, Any] | None,
) -> dict[str, Any]:
    """``WebhookPushPayload``; the pusher is also the sender."""
    pushed = pushed_commits(history, before)
    who = shapes.user(pusher) if pusher else None
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "compare_url": compare_url(repo["url"], before, after),
        "commits": [commit(node, repo["url"]) for node in pushed],
        "repository": shapes.repository(repo),
        "pusher": who,
        "sender": who,
    }


def create(
    ref: str, sha: str, repo: dict[str, Any], sender: dict[str, Any] | None
) -> dict[str, Any]:
    """``WebhookCreatePayload``: ``ref`` is the short name, as Gogs sends it."""
    return {
        "ref": short_ref(ref),
        "ref_type": ref_type(ref),
        "sha": sha,
        "default_branch": repo["defaultBranch"],
        "repository": shapes.repository(repo),
        "sender": shapes.user(sender) if sender else None,
    }


def delete(ref: str, repo: dict[str, Any], sender: dict[str, Any] | None) -> dict[str, Any]:
    """``WebhookDeletePayload``: ``pusher_type`` is always ``user`` in Gogs."""
    return {
        "ref": short_ref(ref),
        "ref_type": ref_type(ref),
        "pusher_type": "user",
        "repository": shapes.repository(repo),
        "sender": shapes.user(sender) if sender else None,
    }


def _with_changes(payload: dict[str, Any], changes: dict[str, Any] | None) -> dict[str, Any]:
    """Gogs' ``changes`` (``{title: {from}}``, ``{body: {from}}``): the values an edit
    replaced; absent from the payload when there are none (``omitempty``)."""
    found = {key: changes[key] for key in ("title", "body") if changes and key in changes}
    if found:
        payload["changes"] = found
    return payload


def issues(
    action: str,
    issue: dict[str, Any],
    repo: dict[str, Any],
    sender: dict[str, Any] | None,
    base_url: str,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``WebhookIssuesPayload``: ``{action, number, issue, changes, repository, sender}``."""
    payload: dict[str, Any] = {
        "action": action,
        "number": issue["number"],
        "issue": shapes.issue(issue, api_url(repo, base_url)),
    }
    _with_changes(payload, changes)
    payload["repository"] = shapes.repository(repo)
    payload["sender"] = shapes.user(sender) if sender else None
    return payload


def issue_comment(
    action: str,
    issue: dict[str, Any],
    comment: dict[str, Any],
    repo: dict[str, Any],
    sender: dict[str, Any] | None,
    base_url: str,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``WebhookIssueCommentPayload``: ``{action, issue, comment, changes, repository, sender}``."""
    payload: dict[str, Any] = {
        "action": action,
        "issue": shapes.issue(issue, api_url(repo, base_url)),
        "comment": shapes.comment(comment, issue["url"]),
    }
    _with_changes(payload, changes)
    payload["repository"] = shapes.repository(repo)
    payload["sender"] = shapes.user(sender) if sender else None
    return payload


# Ingot's MergeableState as Gogs' ``*bool`` (null while unknown).
_MERGEABLE = {"MERGEABLE": True, "CONFLICTING": False}


def pull_request_object(node: dict[str, Any], repo: dict[str, Any]) -> dict[str, Any]:
    """Gogs' ``PullRequest``. Ingot's pull requests carry no labels, milestone or assignee
    of their own, so those are empty; head and base live in the same repository."""
    author = node.get("author")
    merged_by = node.get("mergedBy")
    same_repo = shapes.repository(repo)
    return {
        "id": node["databaseId"],
        "number": node["number"],
        "user": shapes.user(author) if author else None,
        "title": node["title"],
        "body": node["body"],
        "labels": [],
        "milestone": None,
        "assignee": None,
        "state": "open" if node["pullState"] == "OPEN" else "closed",
        "comments": node["comments"]["totalCount"],
        "head_branch": node["headRefName"],
        "head_repo": same_repo,
        "base_branch": node["baseRefName"],
        "base_repo": same_repo,
        "html_url": node["url"],
        "mergeable": _MERGEABLE.get(node["mergeable"]),
        "merged": node["merged"],
        "merged_at": rfc3339(node.get("mergedAt")),
        "merge_commit_sha": node.get("mergeCommitOid"),
        "merged_by": shapes.user(merged_by) if merged_by else None,
    }


def pull_request(
    action: str,
    pull: dict[str, Any],
    repo: dict[str, Any],
    sender: dict[str, Any] | None,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``WebhookPullRequestPayload``: ``{action, number, pull_request, changes, repository,
    sender}``. Gogs says ``closed`` for a merge (with ``merged: true``) and ``synchronized``
    for a push to the head."""
    payload: dict[str, Any] = {
        "action": GOGS_PULL_ACTIONS.get(action, action),
        "number": pull["number"],
        "pull_request": pull_request_object(pull, repo),
    }
    _with_changes(payload, changes)
    payload["repository"] = shapes.repository(repo)
    payload["sender"] = shapes.user(sender) if sender else None
    return payload


# Ingot's pull request actions to the words Gogs' receivers know.
GOGS_PULL_ACTIONS = {"merged": "closed", "synchronize": "synchronized"}


def release(
    action: str, node: dict[str, Any], repo: dict[str, Any], sender: dict[str, Any] | None
) -> dict[str, Any]:
    """``WebhookReleasePayload``: ``{action, release, repository, sender}``."""
    return {
        "action": action,
        "release": release_object(node),
        "repository": shapes.repository(repo),
        "sender": shapes.user(sender) if sender else None,
    }
