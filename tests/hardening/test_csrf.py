"""What a browser could be made to send cross-site is refused; GraphiQL cannot be framed;
request headers are limited. None of it depends on the database: one SQLite server."""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import start_server
from tests.forge import Forge
from tests.hardening.surface import GRAPHQL_PATHS

QUERY = '{"query": "{ viewer { login } }"}'
MUTATION = (
    '{"query": "mutation { signIn(input: {login: \\"admin\\", password: \\"x\\"}) { token } }"}'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    forge = start_server(tmp_path_factory.mktemp("csrf"), None)
    try:
        yield forge
    finally:
        forge.stop()


@pytest.mark.parametrize("path", GRAPHQL_PATHS)
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        None,
        "application/jsonp",
        "application/graphql",
    ],
)
def test_simple_request_content_types_are_refused(
    server: Forge, path: str, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    for body in (QUERY, MUTATION):
        response = httpx.post(server.url + path, content=body, headers=headers)
        assert response.status_code == 415, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def _multipart(server: Forge, path: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        server.url + path,
        data={"operations": MUTATION, "map": "{}"},
        files={"0": ("a.txt", b"a", "text/plain")},
        headers={"Authorization": f"Bearer {server.admin.token}", **headers},
    )


@pytest.mark.parametrize("path", GRAPHQL_PATHS)
def test_multipart_needs_a_preflight_header(server: Forge, path: str) -> None:
    refused = _multipart(server, path, {})
    assert refused.status_code == 400
    assert "GraphQL-Preflight" in refused.json()["errors"][0]["message"]
    for name in ("GraphQL-Preflight", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"):
        accepted = _multipart(server, path, {name: "1"})
        assert accepted.status_code == 200, (name, accepted.text)
        # The operation ran: a wrong password, not a refused request.
        assert accepted.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("path", GRAPHQL_PATHS)
def test_a_foreign_origin_is_refused(server: Forge, path: str) -> None:
    host = server.url.removeprefix("http://")
    for origin in (
        "https://evil.example",
        "null",
        f"https://{host}",  # another scheme
        "http://127.0.0.1",  # another port
        server.url + ".evil.example",
    ):
        for method, kwargs in (
            ("POST", {"content": QUERY, "headers": {"Content-Type": "application/json"}}),
            ("GET", {"params": {"query": "{ viewer { login } }"}}),
        ):
            headers = {**kwargs.pop("headers", {}), "Origin": origin}  # type: ignore[dict-item]
            response = httpx.request(method, server.url + path, headers=headers, **kwargs)  # type: ignore[arg-type]
            assert response.status_code == 403, (origin, method, response.text)
            assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_own_origin_and_no_origin_are_served(server: Forge) -> None:
    for headers in ({"Origin": server.url}, {"Origin": server.url.upper()}, {}):
        response = httpx.post(
            server.url + "/graphql",
            content=QUERY,
            headers={"Content-Type": "application/json; charset=utf-8", **headers},
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"data": {"viewer": None}}


def test_get_runs_queries_only(server: Forge) -> None:
    for query in (
        'mutation { signIn(input: {login: "admin", password: "x"}) { token } }',
        '# a comment first\nmutation { signIn(input: {login: "admin", password: "x"}) { token } }',
    ):
        response = httpx.get(server.url + "/graphql", params={"query": query})
        assert response.status_code == 405, response.text
    named = (
        'query A { viewer { login } } mutation B { signIn(input: {login: "a", password: "b"}) '
        "{ token } }"
    )
    response = httpx.get(server.url + "/graphql", params={"query": named, "operationName": "B"})
    assert response.status_code == 405


def test_graphiql_has_the_spas_content_security_policy(server: Forge) -> None:
    page = httpx.get(server.url + "/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def _raw_status(server: Forge, head: bytes, pieces: int = 1) -> bytes:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        size = -(-len(head) // pieces)
        for start in range(0, len(head), size):
            # The server answers and closes once it has seen enough: stop sending then,
            # or the next write meets a closed socket and the answer is lost.
            if select.select([conn], [], [], 0.02)[0]:
                break
            try:
                conn.sendall(head[start : start + size])
            except (BrokenPipeError, ConnectionResetError):
                break
        return conn.makefile("rb").readline()


def test_too_many_headers_are_431(server: Forge) -> None:
    many = {f"X-H{i}": "v" for i in range(120)}
    assert httpx.get(server.url + "/health", headers=many).status_code == 431
    some = {f"X-H{i}": "v" for i in range(60)}
    assert httpx.get(server.url + "/health", headers=some).status_code == 200


def test_oversized_headers_are_refused(server: Forge) -> None:
    big = {"X-Big": "a" * 40_000}
    assert httpx.get(server.url + "/health", headers=big).status_code == 431
    assert httpx.get(server.url + "/health", headers={"X-Ok": "a" * 8000}).status_code == 200
    # Trickled in small pieces, the parser itself stops buffering.
    head = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
    status = _raw_status(server, head, pieces=50)
    assert status.split()[1] in (b"400", b"431"), status


def test_the_spa_upload_client_sends_the_preflight_header() -> None:
    source = (Path(__file__).parents[2] / "frontend/src/pages/releases.tsx").read_text()
    assert "'GraphQL-Preflight': '1'" in source
