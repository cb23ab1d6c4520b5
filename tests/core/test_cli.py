"""The ingot CLI against a running server's database."""

from __future__ import annotations

from tests.forge import Forge, unique

_ALL = [
    "repo:read",
    "repo:write",
    "repo:delete",
    "pull_request:write",
    "collaborator:read",
    "collaborator:write",
    "workflow:read",
    "workflow:trigger",
    "secrets:read",
    "secrets:write",
    "webhook:read",
    "webhook:write",
    "admin",
]


def test_admin_can_create_users_and_tokens_from_the_cli(forge: Forge) -> None:
    login = unique("cli")
    created = forge.cli(
        "admin",
        "create-user",
        login,
        "--email",
        f"{login}@example.com",
        "--password",
        "a-long-password",
    )
    assert created.returncode == 0, created.stderr
    token_run = forge.cli(
        "admin", "create-token", login, "--name", "deploy", "--scopes", "repo:read,repo:write"
    )
    assert token_run.returncode == 0, token_run.stderr
    token = token_run.stdout.strip().splitlines()[-1]
    assert token.startswith("ingot_")
    assert forge.gql("{ viewer { login } }", token=token)["viewer"]["login"] == login
    # Listing tokens needs 'admin' (issue 14): the user's web session lists them.
    session = forge.sign_in(login, "a-long-password")
    data = forge.gql("{ viewer { login accessTokens { name scopes } } }", token=session)
    assert {"name": "deploy", "scopes": ["repo:read", "repo:write"]} in data["viewer"][
        "accessTokens"
    ]
    again = forge.cli(
        "admin",
        "create-user",
        login,
        "--email",
        f"{login}@example.com",
        "--password",
        "a-long-password",
    )
    assert again.returncode == 1 and "already taken" in again.stderr
    default = forge.cli("admin", "create-token", login, "--name", "all")
    everything = forge.gql(
        "{ viewer { accessTokens { name scopes } } }", token=default.stdout.split()[-1]
    )
    assert {"name": "all", "scopes": _ALL} in everything["viewer"]["accessTokens"]
    bad = forge.cli("admin", "create-token", login, "--name", "x", "--scopes", "everything")
    assert bad.returncode == 1 and "Unknown scope" in bad.stderr


def test_migrate_is_idempotent(forge: Forge) -> None:
    result = forge.cli("migrate")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
