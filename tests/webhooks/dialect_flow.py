"""Steps the dialect webhook tests share: a pushed repository, a webhook, its deliveries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.forge import Forge, User
from tests.git.gitcli import Git, url
from tests.webhooks.dialect_receiver import Received

HOOK_FIELDS = "id databaseId url events active contentType type hasSecret createdAt"


def create_hook(
    forge: Forge, token: str, repo_id: str, target: str, **extra: Any
) -> dict[str, Any]:
    data = forge.gql(
        f"mutation($i: CreateWebhookInput!) {{ createWebhook(input: $i) {{ webhook {{ {HOOK_FIELDS} }} }} }}",
        {"i": {"repositoryId": repo_id, "url": target, **extra}},
        token=token,
    )
    hook: dict[str, Any] = data["createWebhook"]["webhook"]
    return hook


class Pushed:
    """A clone of a repository to push from with the real git client."""

    def __init__(self, forge: Forge, owner: User, repo: dict[str, Any], tmp: Path) -> None:
        self.git = Git(tmp / "home")
        self.work = self.git.init(tmp / "work")
        self.remote = url(forge, repo["nameWithOwner"], owner.token)

    def commit(self, name: str, content: str, message: str = "") -> str:
        return self.git.commit(self.work, name, content, message)

    def push(self, *refspecs: str) -> None:
        self.git.run("push", "-q", self.remote, *refspecs, cwd=self.work)


def payload(request: Received) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(request.body)
    return body


def of_event(requests: list[Received], header: str, event: str) -> list[Received]:
    return [r for r in requests if r.header(header) == event]
