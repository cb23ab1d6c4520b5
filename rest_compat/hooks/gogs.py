"""Renderers for ``gogs``, ``gitea``, ``slack`` and ``discord`` webhooks.

Each loads the event's subject with the Gogs dialect's operations
(``rest_compat/gogs/operations/hooks.graphql``) and builds Gogs' payload
(``rest_compat/gogs/payloads.py``); Slack and Discord turn that payload into
their message (``rest_compat/gogs/chat.py``), as Gogs does. ``ping`` (the
Test button) is what Gitea's "Test delivery" sends: a push of the default
branch's head commit, under the event name ``push``.
"""

from __future__ import annotations

from typing import Any

from rest_compat.gogs import chat, payloads
from rest_compat.gogs.operations import OPS
from rest_compat.hooks import signing
from rest_compat.hooks.render import (
    Delivery,
    Rendered,
    Run,
    SubjectGone,
    by_id,
    encode,
    present,
    repository_id,
    user_ids,
)
from schema import global_id


def issue_action(action: str, facts: dict[str, Any]) -> str:
    """Ingot's issue action as Gogs' word (``WebhookIssueAction``); some depend on what is
    left: no labels is ``label_cleared``, no assignee ``unassigned``, no milestone
    ``demilestoned``."""
    if action == "labeled":
        return "label_updated" if facts.get("label_ids") else "label_cleared"
    if action == "assigned":
        return "assigned" if facts.get("assignee_ids") else "unassigned"
    if action == "milestoned":
        return "milestoned" if facts.get("milestone_id") is not None else "demilestoned"
    return action


def _sender(data: dict[str, Any], sender_id: Any) -> dict[str, Any] | None:
    return _who(by_id(data.get("senders") or []), sender_id)


def _pull_as_issue(node: dict[str, Any]) -> dict[str, Any]:
    """A pull request as the ``issue`` of a comment payload (Gogs' pull requests are issues)."""
    return {
        "databaseId": node["databaseId"],
        "number": node["number"],
        "title": node["title"],
        "body": node["body"],
        "state": "CLOSED" if node["pullState"] != "OPEN" else "OPEN",
        "url": node["url"],
        "createdAt": node["createdAt"],
        "updatedAt": node["updatedAt"],
        "closedAt": node["closedAt"],
        "author": node["author"],
        "labels": [],
        "commentCount": node["comments"]["totalCount"],
        "assignees": [],
        "milestone": None,
    }


async def _push(run: Run, d: Delivery, sender_ids: list[str]) -> dict[str, Any]:
    facts = d.facts
    variables = {"repositoryId": repository_id(d), "senderIds": sender_ids, "after": facts["after"]}
    data = await run(OPS["GogsHookPush"], variables)
    repo = present(data)
    history = ((repo.get("object") or {}).get("history") or {}).get("nodes") or []
    sender = _sender(data, facts.get("sender_id"))
    return payloads.push(facts["ref"], facts["before"], facts["after"], history, repo, sender)


async def _ping(run: Run, d: Delivery, sender_ids: list[str]) -> dict[str, Any]:
    data = await run(
        OPS["GogsHookPing"], {"repositoryId": repository_id(d), "senderIds": sender_ids}
    )
    repo = present(data)
    branch = repo.get("defaultBranchRef") or {}
    head = branch.get("target") or None
    oid = head["oid"] if head else payloads.ZERO_OID
    ref = branch.get("qualifiedName") or f"refs/heads/{repo['defaultBranch']}"
    sender = _sender(data, d.facts.get("sender_id"))
    return payloads.push(ref, oid, oid, [head] if head else [], repo, sender)


async def _subject(
    run: Run, d: Delivery, account_ids: list[Any], subject_ids: list[str]
) -> tuple[dict[str, Any], dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """The repository, the accounts named (the sender first) by database id, and the subjects."""
    variables = {
        "repositoryId": repository_id(d),
        "senderIds": user_ids(d.facts.get("sender_id"), *account_ids),
        "subjectIds": subject_ids,
    }
    data = await run(OPS["GogsHookSubject"], variables)
    subjects = [node for node in data.get("subjects") or [] if node]
    return present(data), by_id(data.get("senders") or []), subjects


def _who(accounts: dict[int, dict[str, Any]], database_id: Any) -> dict[str, Any] | None:
    return None if database_id is None else accounts.get(int(database_id))


def _one(subjects: list[dict[str, Any]], typename: str, what: str) -> dict[str, Any]:
    for node in subjects:
        if node.get("__typename") == typename:
            return node
    raise SubjectGone(f"The event's {what} is no longer visible to this webhook.")


async def gogs_payload(run: Run, d: Delivery) -> tuple[str, dict[str, Any]]:
    """The Gogs event name and payload for a delivery."""
    facts = dict(d.facts)
    senders = user_ids(facts.get("sender_id"))
    event = d.event
    if event == "ping":
        return "push", await _ping(run, d, senders)
    if event == "push":
        return event, await _push(run, d, senders)
    if event in ("create", "delete"):
        data = await run(
            OPS["GogsHookBase"], {"repositoryId": repository_id(d), "senderIds": senders}
        )
        repo, sender = present(data), _sender(data, facts.get("sender_id"))
        if event == "create":
            return event, payloads.create(facts["ref"], facts["sha"], repo, sender)
        return event, payloads.delete(facts["ref"], repo, sender)
    if event == "issues":
        ids = [global_id("Issue", facts["issue_id"])]
        repo, accounts, subjects = await _subject(run, d, [], ids)
        sender = _who(accounts, facts.get("sender_id"))
        issue = _one(subjects, "Issue", "issue")
        action = issue_action(d.action, facts)
        changes = facts.get("changes")
        return event, payloads.issues(action, issue, repo, sender, d.base_url, changes)
    if event == "pull_request":
        ids = [global_id("PullRequest", facts["pull_request_id"])]
        repo, accounts, subjects = await _subject(run, d, [], ids)
        sender = _who(accounts, facts.get("sender_id"))
        pull = _one(subjects, "PullRequest", "pull request")
        return event, payloads.pull_request(d.action, pull, repo, sender, facts.get("changes"))
    if event == "release":
        return event, await _release(run, d, facts)
    if event == "issue_comment":
        return event, await _comment(run, d, facts)
    raise SubjectGone(f"Gogs webhooks have no payload for '{event}' events.")


async def _release(run: Run, d: Delivery, facts: dict[str, Any]) -> dict[str, Any]:
    gone = facts.get("release")
    if d.action == "deleted" and gone:
        # The row is gone: the payload is made from the snapshot the event kept.
        repo, accounts, _ = await _subject(run, d, [gone.get("author_id")], [])
        node = {
            "databaseId": facts["release_id"],
            "tagName": gone["tag_name"],
            "targetCommitish": "",
            "name": gone["name"],
            "description": gone["body"],
            "isDraft": gone["is_draft"],
            "isPrerelease": gone["is_prerelease"],
            "author": _who(accounts, gone.get("author_id")),
            "createdAt": gone["created_at"],
        }
    else:
        ids = [global_id("Release", facts["release_id"])]
        repo, accounts, subjects = await _subject(run, d, [], ids)
        node = _one(subjects, "Release", "release")
    return payloads.release(d.action, node, repo, _who(accounts, facts.get("sender_id")))


async def _comment(run: Run, d: Delivery, facts: dict[str, Any]) -> dict[str, Any]:
    is_pull = bool(facts.get("is_pull_request"))
    parent = (
        global_id("PullRequest", facts["pull_request_id"])
        if is_pull
        else global_id("Issue", facts["issue_id"])
    )
    comment_type = "PullRequestComment" if is_pull else "IssueComment"
    gone = facts.get("comment") or {}
    ids = [parent]
    if d.action != "deleted":
        ids.append(global_id(comment_type, facts["comment_id"]))
    repo, accounts, subjects = await _subject(run, d, [gone.get("author_id")], ids)
    if is_pull:
        issue = _pull_as_issue(_one(subjects, "PullRequest", "pull request"))
    else:
        issue = _one(subjects, "Issue", "issue")
    if d.action == "deleted":
        # The row is gone: the comment is the snapshot the event kept.
        comment = {
            "databaseId": facts["comment_id"],
            "body": gone.get("body", ""),
            "createdAt": gone.get("created_at"),
            "updatedAt": gone.get("created_at"),
            "author": _who(accounts, gone.get("author_id")),
        }
    else:
        comment = _one(subjects, comment_type, "comment")
    sender = _who(accounts, facts.get("sender_id"))
    changes = facts.get("changes")
    return payloads.issue_comment(d.action, issue, comment, repo, sender, d.base_url, changes)


async def render_gogs(run: Run, d: Delivery) -> Rendered:
    event, payload = await gogs_payload(run, d)
    body = encode(payload)
    headers = signing.gogs_headers(event, d.guid, d.sign(body), gitea=d.type == "gitea")
    if d.content_type == "form":
        return Rendered(headers, signing.form_body(body), signing.FORM)
    return Rendered(headers, body)


async def render_chat(run: Run, d: Delivery) -> Rendered:
    event, payload = await gogs_payload(run, d)
    message = chat.CHAT[d.type](event, payload, d.base_url, {})
    return Rendered(signing.chat_headers(event, d.guid), encode(message))
