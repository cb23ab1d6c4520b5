"""The renderer for ``isurus`` webhooks: Isurus' own objects (``rest_compat/isurus/payloads.py``).

Isurus names three events (``push``, ``issue``, ``pull_request``); an Isurus
webhook subscribed through GraphQL to another event gets ``{event, action,
repository, sender}``. ``ping`` is a push of nothing (``before`` = ``after``).
"""

from __future__ import annotations

from typing import Any

from rest_compat.gogs.payloads import ZERO_OID
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
from rest_compat.isurus import payloads, shapes
from rest_compat.isurus.operations import OPS
from schema import global_id


def _sender(data: dict[str, Any], sender_id: Any) -> dict[str, Any] | None:
    return None if sender_id is None else by_id(data.get("senders") or []).get(int(sender_id))


async def isurus_payload(run: Run, d: Delivery) -> tuple[str, dict[str, Any]]:
    facts = d.facts
    senders = user_ids(facts.get("sender_id"))
    if d.event in ("push", "ping"):
        after = facts.get("after") or ZERO_OID
        variables = {"repositoryId": repository_id(d), "senderIds": senders, "after": after}
        data = await run(OPS["IsurusHookPush"], variables)
        repo = present(data)
        sender = _sender(data, facts.get("sender_id"))
        if d.event == "ping":
            return "push", payloads.push("", ZERO_OID, ZERO_OID, [], repo, sender)
        history = ((repo.get("object") or {}).get("history") or {}).get("nodes") or []
        before = facts["before"]
        commits = []
        for node in history[:20]:
            if node["oid"] == before:
                break
            commits.append(node)
        return "push", payloads.push(facts["ref"], before, after, commits, repo, sender)
    issue_ids = [global_id("Issue", facts["issue_id"])] if d.event == "issues" else []
    pull_ids = (
        [global_id("PullRequest", facts["pull_request_id"])] if d.event == "pull_request" else []
    )
    variables = {
        "repositoryId": repository_id(d),
        "senderIds": senders,
        "issueIds": issue_ids,
        "pullIds": pull_ids,
    }
    data = await run(OPS["IsurusHookSubject"], variables)
    repo = present(data)
    sender = _sender(data, facts.get("sender_id"))
    if d.event == "issues":
        found = [node for node in data.get("issues") or [] if node]
        if not found:
            raise SubjectGone("The event's issue is no longer visible to this webhook.")
        return "issue", payloads.issue(d.action, found[0], repo, sender)
    if d.event == "pull_request":
        found = [node for node in data.get("pulls") or [] if node]
        if not found:
            raise SubjectGone("The event's pull request is no longer visible to this webhook.")
        return "pull_request", payloads.pull_request(d.action, found[0], repo, sender)
    return d.event, {
        "event": d.event,
        "action": d.action,
        "repository": shapes.repository(repo),
        "sender": shapes.user(sender) if sender else None,
    }


async def render_isurus(run: Run, d: Delivery) -> Rendered:
    event, payload = await isurus_payload(run, d)
    body = encode(payload)
    return Rendered(signing.isurus_headers(event, d.guid, d.sign(body)), body)
