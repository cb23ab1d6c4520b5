"""The renderer for ``kod`` webhooks: Kod's push and workflow payloads and headers.

``ping`` (the Test button) is a push of the default branch's head, as for Gogs.
"""

from __future__ import annotations

from rest_compat.hooks import signing
from rest_compat.hooks.render import Delivery, Rendered, Run, encode, present, repository_id
from rest_compat.kod import payloads
from rest_compat.kod.operations import OPS

# The subject's number or id, for the events Kod does not document.
_SUBJECT_KEYS = ("number", "release_id", "comment_id")


async def render_kod(run: Run, d: Delivery) -> Rendered:
    data = await run(OPS["KodHookRepository"], {"repositoryId": repository_id(d)})
    repo = present(data)
    facts = d.facts
    event = d.event
    if event == "push":
        payload = payloads.push(
            repo["name"], facts["ref"], facts["after"], facts.get("pipeline_id")
        )
    elif event == "workflow":
        payload = payloads.workflow(
            repo["name"], facts["pipeline_id"], facts["branch"], facts["commit"], facts["status"]
        )
    elif event == "ping":
        event = "push"
        branch = repo.get("defaultBranchRef") or {}
        head = (branch.get("target") or {}).get("oid") or "0" * 40
        ref = branch.get("qualifiedName") or f"refs/heads/{repo['defaultBranch']}"
        payload = payloads.push(repo["name"], ref, head)
    else:
        subject = next((facts[key] for key in _SUBJECT_KEYS if key in facts), None)
        payload = payloads.other(event, repo["name"], d.action, subject)
    body = encode(payload)
    return Rendered(signing.kod_headers(event, d.guid, d.sign(body)), body)
