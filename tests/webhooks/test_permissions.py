"""Who may see and manage webhooks: owner and admins with the webhook scopes, nobody else."""

from __future__ import annotations

from tests.forge import Forge
from tests.webhooks.flow import WEBHOOK_FIELDS, create_hook

LIST = "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { webhooks { nodes { id } } } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
CREATE = "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }"


def _collaborate(forge: Forge, owner_token: str, repo_id: str, login: str, permission: str) -> None:
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { user { id } } }",
        {"i": {"repositoryId": repo_id, "login": login, "permission": permission}},
        token=owner_token,
    )


def test_outsider_cannot_find_a_private_repositorys_webhooks(hooks: Forge) -> None:
    owner, outsider = hooks.new_user(), hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    hook = create_hook(hooks, owner.token, repo["id"], "https://example.com/hook")
    owner_login, name = repo["nameWithOwner"].split("/")
    error = hooks.gql_error(
        CREATE, {"i": {"repositoryId": repo["id"], "url": "https://e.com/"}}, outsider.token
    )
    assert error.codes == ["NOT_FOUND"]
    assert hooks.gql(NODE, {"id": hook["id"]}, outsider.token)["node"] is None
    assert hooks.gql(LIST, {"o": owner_login, "n": name}, outsider.token)["repository"] is None
    for mutation, inputs in [
        ("updateWebhook(input: {id: $id, active: false}) { webhook { id } }", {}),
        ("deleteWebhook(input: {id: $id}) { deletedWebhookId }", {}),
        ("testWebhook(input: {id: $id}) { delivery { id } }", {}),
    ]:
        error = hooks.gql_error(
            f"mutation($id: ID!) {{ {mutation} }}", {"id": hook["id"], **inputs}, outsider.token
        )
        assert error.codes == ["NOT_FOUND"]
    assert hooks.gql_error(
        CREATE, {"i": {"repositoryId": repo["id"], "url": "https://e.com/"}}
    ).codes == ["NOT_FOUND"]


def test_reader_and_writer_cannot_manage_webhooks(hooks: Forge) -> None:
    owner, reader, writer = hooks.new_user(), hooks.new_user(), hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    _collaborate(hooks, owner.token, repo["id"], reader.login, "READ")
    _collaborate(hooks, owner.token, repo["id"], writer.login, "WRITE")
    hook = create_hook(hooks, owner.token, repo["id"], "https://example.com/hook")
    owner_login, name = repo["nameWithOwner"].split("/")
    for user in (reader, writer):
        error = hooks.gql_error(
            CREATE, {"i": {"repositoryId": repo["id"], "url": "https://e.com/"}}, user.token
        )
        assert error.codes == ["FORBIDDEN"]
        assert hooks.gql(NODE, {"id": hook["id"]}, user.token)["node"] is None
        listed = hooks.raw(LIST, {"o": owner_login, "n": name}, user.token)
        assert [e["extensions"]["code"] for e in listed["errors"]] == ["FORBIDDEN"]
        error = hooks.gql_error(
            "mutation($id: ID!) { deleteWebhook(input: {id: $id}) { deletedWebhookId } }",
            {"id": hook["id"]},
            user.token,
        )
        assert error.codes == ["FORBIDDEN"]


def test_admin_collaborator_and_site_admin_can_manage_webhooks(hooks: Forge) -> None:
    owner, admin_collaborator = hooks.new_user(), hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    _collaborate(hooks, owner.token, repo["id"], admin_collaborator.login, "ADMIN")
    for token in (admin_collaborator.token, hooks.admin.token):
        hook = create_hook(hooks, token, repo["id"], "https://example.com/hook")
        assert hooks.gql(NODE, {"id": hook["id"]}, token)["node"] == {"id": hook["id"]}


def test_token_without_webhook_scopes_cannot_manage_webhooks(hooks: Forge) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner, private=True)
    hook = create_hook(hooks, owner.token, repo["id"], "https://example.com/hook")
    owner_login, name = repo["nameWithOwner"].split("/")
    repo_only = hooks.token_for(owner, ["repo:read", "repo:write"])
    error = hooks.gql_error(
        CREATE, {"i": {"repositoryId": repo["id"], "url": "https://e.com/"}}, repo_only
    )
    assert error.codes == ["FORBIDDEN"]
    assert "webhook:write" in error.errors[0]["message"]
    listed = hooks.raw(LIST, {"o": owner_login, "n": name}, repo_only)
    assert "webhook:read" in listed["errors"][0]["message"]
    reading = hooks.token_for(owner, ["repo:read", "webhook:read"])
    found = hooks.gql(LIST, {"o": owner_login, "n": name}, reading)
    assert found["repository"]["webhooks"]["nodes"] == [{"id": hook["id"]}]
    error = hooks.gql_error(
        CREATE, {"i": {"repositoryId": repo["id"], "url": "https://e.com/"}}, reading
    )
    assert error.codes == ["FORBIDDEN"]
    writing = hooks.token_for(owner, ["repo:read", "webhook:write"])
    assert create_hook(hooks, writing, repo["id"], "https://example.com/other")["url"] == (
        "https://example.com/other"
    )


def test_owner_can_update_and_delete_a_webhook(hooks: Forge) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    hook = create_hook(hooks, owner.token, repo["id"], "https://example.com/hook", secret="x")
    data = hooks.gql(
        f"mutation($i: UpdateWebhookInput!) {{ updateWebhook(input: $i) {{ webhook {{ {WEBHOOK_FIELDS} }} }} }}",
        {
            "i": {
                "id": hook["id"],
                "url": "https://example.org/h",
                "events": ["issues", "push"],
                "active": False,
                "contentType": "form",
                "type": "kod",
            }
        },
        token=owner.token,
    )["updateWebhook"]["webhook"]
    assert (data["url"], data["events"], data["active"], data["contentType"], data["type"]) == (
        "https://example.org/h",
        ["push", "issues"],
        False,
        "form",
        "kod",
    )
    assert data["hasSecret"] is True  # secret not given: kept
    cleared = hooks.gql(
        "mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { hasSecret } } }",
        {"i": {"id": hook["id"], "secret": ""}},
        token=owner.token,
    )
    assert cleared["updateWebhook"]["webhook"]["hasSecret"] is False
    deleted = hooks.gql(
        "mutation($id: ID!) { deleteWebhook(input: {id: $id}) { deletedWebhookId } }",
        {"id": hook["id"]},
        token=owner.token,
    )
    assert deleted["deleteWebhook"]["deletedWebhookId"] == hook["id"]
    assert hooks.gql(NODE, {"id": hook["id"]}, owner.token)["node"] is None


def test_owner_cannot_save_an_unknown_event_type_or_scheme(hooks: Forge) -> None:
    owner = hooks.new_user()
    repo = hooks.new_repo(owner)
    cases = [
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "https://example.com/", "events": ["push", "explode"]}, "events"),
        ({"url": "https://example.com/", "contentType": "xml"}, "contentType"),
        ({"url": "https://example.com/", "type": "jenkins"}, "type"),
    ]
    for extra, field in cases:
        error = hooks.gql_error(CREATE, {"i": {"repositoryId": repo["id"], **extra}}, owner.token)
        assert error.codes == ["BAD_USER_INPUT"], (extra, error.errors)
        assert error.errors[0]["extensions"]["field"] == field
    error = hooks.gql_error(
        CREATE,
        {"i": {"repositoryId": repo["id"], "url": "https://e.com/", "events": ["explode"]}},
        owner.token,
    )
    assert "explode" in error.errors[0]["message"]
