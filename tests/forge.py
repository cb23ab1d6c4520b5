"""A client for a live Ingot: GraphQL calls, users, tokens, the CLI."""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


class GraphQLError(AssertionError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors
        self.codes = [e.get("extensions", {}).get("code") for e in errors]


@dataclass
class User:
    login: str
    password: str
    token: str
    id: str


@dataclass
class Forge:
    url: str
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log_path: Path
    backend: str = "sqlite"
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60))
    _admin: User | None = None

    def is_up(self) -> bool:
        try:
            return self.client.get(f"{self.url}/health").status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def post_graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return self.client.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers=all_headers,
        )

    def raw(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        response = self.post_graphql(query, variables, token)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The ``data`` of a successful operation; raises GraphQLError otherwise."""
        body = self.raw(query, variables, token)
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        data: dict[str, Any] = body["data"]
        return data

    def gql_error(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> GraphQLError:
        body = self.raw(query, variables, token)
        assert body.get("errors"), f"expected an error, got {body}"
        return GraphQLError(body["errors"])

    def admin_password(self) -> str:
        return (self.data_dir / "initial-admin-password").read_text().strip()

    @property
    def admin(self) -> User:
        if self._admin is None:
            password = self.admin_password()
            data = self.gql(
                'mutation($p: String!) { signIn(input: {login: "admin", password: $p}) '
                "{ token viewer { id } } }",
                {"p": password},
            )
            self._admin = User(
                "admin", password, data["signIn"]["token"], data["signIn"]["viewer"]["id"]
            )
        return self._admin

    def sign_in(self, login: str, password: str) -> str:
        data = self.gql(
            "mutation($l: String!, $p: String!) "
            "{ signIn(input: {login: $l, password: $p}) { token } }",
            {"l": login, "p": password},
        )
        token: str = data["signIn"]["token"]
        return token

    def new_user(self, prefix: str = "u", *, admin: bool = False) -> User:
        login = unique(prefix)
        password = f"pw-{uuid.uuid4().hex}"
        data = self.gql(
            """mutation($i: CreateUserInput!) { createUser(input: $i) { user { id login } } }""",
            {
                "i": {
                    "login": login,
                    "email": f"{login}@example.com",
                    "password": password,
                    "isSiteAdmin": admin,
                }
            },
            token=self.admin.token,
        )
        token = self.sign_in(login, password)
        return User(login, password, token, data["createUser"]["user"]["id"])

    def token_for(self, user: User, scopes: list[str], **extra: Any) -> str:
        data = self.gql(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
            {"i": {"name": unique("t"), "scopes": scopes, **extra}},
            token=user.token,
        )
        token: str = data["createAccessToken"]["token"]
        return token

    def new_repo(
        self,
        user: User,
        *,
        private: bool = False,
        name: str | None = None,
        owner_id: str | None = None,
    ) -> dict[str, Any]:
        data = self.gql(
            """mutation($i: CreateRepositoryInput!) { createRepository(input: $i) {
                 repository { id databaseId name nameWithOwner isPrivate } } }""",
            {
                "i": {
                    "name": name or unique("r"),
                    "visibility": "PRIVATE" if private else "PUBLIC",
                    **({"ownerId": owner_id} if owner_id else {}),
                }
            },
            token=user.token,
        )
        repo: dict[str, Any] = data["createRepository"]["repository"]
        return repo

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
