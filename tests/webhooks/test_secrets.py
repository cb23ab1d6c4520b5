"""A webhook's secret is only ever used to sign: not in responses, the database or the log."""

from __future__ import annotations

import uuid

from tests.backends import dump, sql
from tests.forge import Forge
from tests.webhooks.flow import (
    DELIVERY_FIELDS,
    WEBHOOK_FIELDS,
    ping,
    settled,
    signature,
)
from tests.webhooks.receiver import Receiver


def test_secret_is_absent_from_responses_database_and_log(hooks: Forge, sink: Receiver) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    secret = f"never-shown-{uuid.uuid4().hex}"
    created = hooks.post_graphql(
        f"mutation($i: CreateWebhookInput!) {{ createWebhook(input: $i) {{ webhook {{ {WEBHOOK_FIELDS} }} }} }}",
        {"i": {"repositoryId": repo["id"], "url": sink.url, "secret": secret}},
        token=owner.token,
    )
    assert created.status_code == 200 and secret not in created.text
    hook = created.json()["data"]["createWebhook"]["webhook"]
    assert hook["hasSecret"] is True
    refused = hooks.post_graphql(
        "mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { id } } }",
        {"i": {"id": hook["id"], "url": "gopher://x", "secret": secret}},
        token=owner.token,
    )
    assert "errors" in refused.json() and secret not in refused.text
    sent = ping(hooks, owner.token, hook["id"])
    done = settled(hooks, owner.token, sent["id"])
    got = sink.wait(1)[0]
    assert got.headers["x-ingot-signature-256"] == f"sha256={signature(secret, got.body)}"
    listed = hooks.post_graphql(
        f"query($id: ID!) {{ node(id: $id) {{ ... on Webhook {{ {WEBHOOK_FIELDS} deliveries {{ nodes {{ {DELIVERY_FIELDS} }} }} }} }} }}",
        {"id": hook["id"]},
        token=owner.token,
    )
    assert done["status"] == "SUCCESS" and secret not in listed.text
    stored = sql(hooks, f"SELECT secret FROM webhook WHERE id = {int(hook['databaseId'])}")  # noqa: S608
    assert str(stored[0][0]).startswith("v1.") and secret not in str(stored[0][0])
    assert secret.encode() not in dump(hooks)
    assert secret not in hooks.log_path.read_text(errors="replace")
