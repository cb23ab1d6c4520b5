"""A commit through the API (Gogs ``putContents``) raises the push webhook like a git push."""

from __future__ import annotations

import base64
import json

from tests.forge import Forge
from tests.webhooks.flow import create_hook, deliveries, settled
from tests.webhooks.receiver import Receiver


def test_put_contents_delivers_a_push_by_its_author(hooks: Forge, sink: Receiver) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    hook = create_hook(hooks, owner.token, repo["id"], sink.url, events=["push", "create"])
    response = hooks.client.put(
        f"{hooks.url}/api/v1/repos/{repo['nameWithOwner']}/contents/README.md",
        json={"message": "Start", "content": base64.b64encode(b"# hi\n").decode()},
        headers={"Authorization": f"token {owner.token}"},
    )
    assert response.status_code == 201, response.text
    sha = response.json()["commit"]["sha"]
    found = list(reversed(deliveries(hooks, owner.token, hook["id"])))
    assert [(d["event"], d["action"]) for d in found] == [("create", ""), ("push", "")]
    push = settled(hooks, owner.token, found[1]["id"])
    body = json.loads(push["requestBody"])
    assert body["ref"] == "refs/heads/main"
    assert body["after"] == sha
    assert [c["id"] for c in body["commits"]] == [sha]
    assert body["commits"][0]["message"] == "Start\n"
    assert body["pusher"]["login"] == owner.login
