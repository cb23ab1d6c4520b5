"""Slack and Discord messages as Gogs sends them, made from a Gogs payload.

Gogs builds both from its own webhook payload (``webhook_slack.go``,
``webhook_discord.go``); so does Ingot: each function takes the dictionary
``rest_compat/gogs/payloads.py`` made and returns the message. Gogs keeps a
Slack channel, user name, icon and colour per webhook (``meta``); Ingot's
webhooks store none of them, so ``meta`` is empty unless a caller passes one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rest_compat.gogs.payloads import short_ref

Meta = Mapping[str, str]


def _slack_text(text: str) -> str:
    """Slack's escaping of ``&``, ``<`` and ``>``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_short(text: str) -> str:
    return _slack_text(text.split("\n")[0])


def _slack_link(url: str, text: str) -> str:
    return f"<{url}|{_slack_text(text)}>"


def _profile(base_url: str, login: str) -> str:
    return f"{base_url.rstrip('/')}/{login}"


def _login(payload: dict[str, Any], key: str = "sender") -> str:
    who = payload.get(key)
    return who["username"] if who else "ghost"


def _commit_count(commits: list[Any]) -> str:
    return "1 new commit" if len(commits) == 1 else f"{len(commits)} new commits"


def _slack(meta: Meta, text: str, title: str = "", attachment: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "channel": meta.get("channel", ""),
        "text": text,
        "username": meta.get("username", ""),
        "icon_url": meta.get("icon_url", ""),
        "unfurl_links": 0,
        "link_names": 0,
        "attachments": [],
    }
    if attachment is not None:
        message["attachments"] = [
            {"fallback": "", "color": meta.get("color", ""), "title": title, "text": attachment}
        ]
    return message


_ISSUE_WORDS = {
    "closed": "closed",
    "reopened": "re-opened",
    "edited": "edited",
    "unassigned": "unassigned",
    "label_updated": "labels updated",
    "label_cleared": "labels cleared",
    "milestoned": "milestoned",
    "demilestoned": "demilestoned",
    "synchronized": "synchronized",
}


def slack(event: str, payload: dict[str, Any], base_url: str, meta: Meta) -> dict[str, Any]:
    """Gogs' ``SlackPayload`` for ``event``."""
    repo = payload["repository"]
    sender = _login(payload)
    sender_link = _slack_link(_profile(base_url, sender), sender)
    full_name = repo["full_name"]
    if event in ("create", "delete"):
        name = payload["ref"]
        repo_link = _slack_link(repo["html_url"], repo["name"])
        ref = _slack_link(f"{repo['html_url']}/src/{name}", name) if event == "create" else name
        verb = "created" if event == "create" else "deleted"
        return _slack(meta, f"[{repo_link}:{ref}] {payload['ref_type']} {verb} by {sender}")
    if event == "push":
        branch = short_ref(payload["ref"])
        commits = payload["commits"]
        desc = _commit_count(commits)
        if payload["compare_url"]:
            desc = _slack_link(payload["compare_url"], desc)
        repo_link = _slack_link(repo["html_url"], repo["name"])
        branch_link = _slack_link(f"{repo['html_url']}/src/{branch}", branch)
        pusher = _login(payload, "pusher")
        lines = [
            f"{_slack_link(c['url'], c['id'][:7])}: {_slack_short(c['message'])}"
            f" - {_slack_text(c['author']['name'])}"
            for c in commits
        ]
        text = f"[{repo_link}:{branch_link}] {desc} pushed by {pusher}"
        return _slack(meta, text, attachment="\n".join(lines))
    if event == "release":
        tag = payload["release"]["tag_name"]
        repo_link = _slack_link(repo["html_url"], repo["name"])
        ref = _slack_link(f"{repo['html_url']}/src/{tag}", tag)
        return _slack(meta, f"[{repo_link}] new release {ref} published by {sender}")
    if event == "issue_comment":
        issue, comment = payload["issue"], payload["comment"]
        number = issue["number"]
        anchor = f"#issuecomment-{comment['id']}" if payload["action"] != "deleted" else ""
        title = _slack_link(
            f"{repo['html_url']}/issues/{number}{anchor}", f"#{number} {issue['title']}"
        )
        what = {"created": "New comment created", "edited": "Comment edited"}.get(
            payload["action"], "Comment deleted"
        )
        text = f"[{full_name}] {what} by {sender_link}"
        return _slack(meta, text, title, _slack_text(comment["body"]))
    # issues and pull_request
    is_pull = event == "pull_request"
    subject = payload["pull_request"] if is_pull else payload["issue"]
    number = payload["number"]
    path = "pulls" if is_pull else "issues"
    noun = "Pull request" if is_pull else "Issue"
    title_link = _slack_link(f"{repo['html_url']}/{path}/{number}", f"#{number} {subject['title']}")
    action = payload["action"]
    title, attachment = "", ""
    if action == "opened":
        opened = "Pull request submitted" if is_pull else "New issue created"
        text = f"[{full_name}] {opened} by {sender_link}"
        title, attachment = title_link, _slack_text(subject["body"])
    elif action == "assigned":
        assignee = subject["assignee"]["username"] if subject.get("assignee") else ""
        to = _slack_link(_profile(base_url, assignee), assignee)
        text = f"[{full_name}] {noun} assigned to {to}: {title_link} by {sender_link}"
    else:
        word = _ISSUE_WORDS.get(action, action)
        if is_pull and action == "closed" and subject["merged"]:
            word = "merged"
        text = f"[{full_name}] {noun} {word}: {title_link} by {sender_link}"
        if action == "edited":
            attachment = _slack_text(subject["body"])
    return _slack(meta, text, title, attachment)


def _discord_link(url: str, text: str) -> str:
    return f"[{text}]({url})"


def _color(meta: Meta) -> int:
    try:
        return int(meta.get("color", "").lstrip("#"), 16)
    except ValueError:
        return 0


def _author(payload: dict[str, Any]) -> dict[str, str]:
    sender = payload.get("sender") or {}
    return {
        "name": sender.get("username", "ghost"),
        "url": "",
        "icon_url": sender.get("avatar_url", ""),
    }


def _embed(
    payload: dict[str, Any],
    description: str,
    url: str,
    title: str = "",
    color: int = 0,
    footer: str | None = None,
    fields: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "title": title,
        "description": description,
        "url": url,
        "color": color,
        "footer": {"text": footer} if footer is not None else None,
        "author": _author(payload),
        "fields": fields,
    }


_DISCORD_WORDS = {
    "opened": "New issue",
    "closed": "Issue closed",
    "reopened": "Issue re-opened",
    "edited": "Issue edited",
    "assigned": "Issue assigned",
    "unassigned": "Issue unassigned",
    "label_updated": "Issue labels updated",
    "label_cleared": "Issue labels cleared",
    "synchronized": "Issue synchronized",
    "milestoned": "Issue milestoned",
    "demilestoned": "Issue demilestoned",
}


def _discord_subject(event: str, payload: dict[str, Any], color: int) -> dict[str, Any]:
    """The embed of an issues, issue_comment or pull_request event."""
    repo = payload["repository"]
    action = payload["action"]
    fields: list[dict[str, str]] = []
    if event == "issue_comment":
        issue, comment = payload["issue"], payload["comment"]
        number = issue["number"]
        url = f"{repo['html_url']}/issues/{number}"
        if action != "deleted":
            url += f"#issuecomment-{comment['id']}"
        word = {"created": "New comment", "edited": "Comment edited"}.get(action, "Comment deleted")
        title = f"{word}: #{number} {issue['title']}"
        return _embed(payload, comment["body"], url, title, color, repo["full_name"], fields)
    is_pull = event == "pull_request"
    subject = payload["pull_request"] if is_pull else payload["issue"]
    number = payload["number"]
    url = f"{repo['html_url']}/{'pulls' if is_pull else 'issues'}/{number}"
    word = _DISCORD_WORDS.get(action, action)
    if is_pull:
        word = "New pull request" if action == "opened" else word.replace("Issue", "Pull request")
        if action == "closed" and subject["merged"]:
            word = "Pull request merged"
    content = subject["body"] if action in ("opened", "edited") else ""
    if action == "assigned" and subject.get("assignee"):
        fields = [{"name": "New Assignee", "value": subject["assignee"]["username"]}]
    elif action == "label_updated":
        names = [label["name"] for label in subject["labels"]] or ["<empty>"]
        fields = [{"name": "Labels", "value": ", ".join(names)}]
    elif action == "milestoned" and subject.get("milestone"):
        fields = [{"name": "New Milestone", "value": subject["milestone"]["title"]}]
    title = f"{word}: #{number} {subject['title']}"
    return _embed(payload, content, url, title, color, repo["full_name"], fields)


def discord(event: str, payload: dict[str, Any], base_url: str, meta: Meta) -> dict[str, Any]:
    """Gogs' ``DiscordPayload`` for ``event``: one embed."""
    repo = payload["repository"]
    profile = _profile(base_url, _login(payload))
    repo_link = _discord_link(repo["html_url"], repo["name"])
    color = _color(meta)
    if event in ("create", "delete"):
        name = payload["ref"]
        if event == "create":
            ref = _discord_link(f"{repo['html_url']}/src/{name}", name)
            content = f"Created new {payload['ref_type']}: {repo_link}/{ref}"
        else:
            content = f"Deleted {payload['ref_type']}: {repo_link}/{name}"
        embed = _embed(payload, content, profile)
    elif event == "push":
        branch = short_ref(payload["ref"])
        commits = payload["commits"]
        desc = _commit_count(commits)
        if payload["compare_url"]:
            desc = _discord_link(payload["compare_url"], desc)
        branch_link = _discord_link(f"{repo['html_url']}/src/{branch}", branch)
        lines = [
            f"[`{c['id'][:7]}`]({c['url']}) {c['message'].split(chr(10))[0]}"
            f" - {c['author']['name']}"
            for c in commits
        ]
        content = f"Pushed {desc} to {repo_link}/{branch_link}\n" + "\n".join(lines)
        embed = _embed(payload, content, profile, color=color)
    elif event == "release":
        tag = payload["release"]["tag_name"]
        ref = _discord_link(f"{repo['html_url']}/src/{tag}", tag)
        embed = _embed(payload, f"Published new release {ref} of {repo_link}", profile)
    else:
        embed = _discord_subject(event, payload, color)
    embed["color"] = color
    return {
        "content": "",
        "username": meta.get("username", ""),
        "avatar_url": meta.get("icon_url", ""),
        "embeds": [embed],
    }


CHAT: dict[str, Callable[[str, dict[str, Any], str, Meta], dict[str, Any]]] = {
    "slack": slack,
    "discord": discord,
}
