"""Hypothesis throws hostile bodies, headers and paths at a live forge: never a 5xx.

Bounded and deterministic (``derandomize``, no example database), so the suite
always runs the same few hundred requests per backend. Every request goes to
``/graphql`` or to a route from the dialects' own tables (``surface.rest_routes``).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from tests.forge import Forge
from tests.hardening.surface import GRAPHQL_PATHS, Target, rest_routes, target

# Hypothesis keeps caches in ./.hypothesis by default; nothing is written into the source tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "ingot-hypothesis")

BOUNDED = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Strings as hostile as JSON can carry them: controls, NUL, lone surrogates, long runs.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc"]), max_size=8),
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "-", "..", "../../etc/passwd", "refs/heads/x"]),
    st.integers(min_value=200, max_value=3000).map(lambda n: "x" * n),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


def _encode(value: Any) -> bytes:
    # ensure_ascii writes lone surrogates as \\ud800 escapes, as a hostile client would.
    return json.dumps(value, ensure_ascii=True).encode()


def _nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


raw_bodies = st.one_of(
    json_values.map(_encode),
    st.integers(min_value=50, max_value=1500).map(_nested),
    st.integers(min_value=50, max_value=1500).map(lambda n: b"[" * n + b"]" * n),
    st.binary(max_size=300),
    st.sampled_from([b"NaN", b"1" + b"0" * 5000, b'{"a": "\\ud800"}', b'{"\\u0000": 1}']),
)
authorizations = st.one_of(
    st.none(),
    st.just("valid"),
    # Any bytes HTTP lets a header value hold (no controls, no edge whitespace).
    st.binary(max_size=40).map(lambda b: b"Basic Y" + bytes(c for c in b if 0x20 < c != 0x7F)),
    st.sampled_from([b"Basic \xff\xfe", b"Bearer \xff", b"token", b"Basic =", b"Negotiate x"]),
)
content_types = st.sampled_from(
    ["application/json", "application/json; charset=utf-16", "text/plain", None]
)
DOCUMENTS = [
    "{ viewer { login } }",
    "query($l: String!) { user(login: $l) { login repositories(first: 5) { totalCount } } }",
    "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { name } }",
    "mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { repository { id } } }",
    "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }",
    "mutation($i: SignInInput!) { signIn(input: $i) { token } }",
    "mutation($i: CreateReleaseInput!) { createRelease(input: $i) { release { tagName } } }",
]


_VICTIMS: dict[str, Target] = {}


def _victim(forge: Forge) -> Target:
    if forge.url not in _VICTIMS:
        _VICTIMS[forge.url] = target(forge)
    return _VICTIMS[forge.url]


def _headers(forge: Forge, auth: str | bytes | None, content_type: str | None) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if content_type:
        headers["Content-Type"] = content_type
    if auth == "valid":
        headers["Authorization"] = f"token {_victim(forge).user.token}"
    elif auth is not None:
        headers["Authorization"] = auth
    return headers


def _assert_handled(response: httpx.Response, what: object) -> None:
    assert response.status_code < 500, (what, response.status_code, response.text[:500])
    assert "INTERNAL_SERVER_ERROR" not in response.text, (what, response.text[:500])


def test_fuzz_graphql(forge: Forge) -> None:
    @BOUNDED
    @given(
        path=st.sampled_from(GRAPHQL_PATHS),
        document=st.one_of(st.sampled_from(DOCUMENTS), hostile_text),
        variables=st.one_of(
            st.none(),
            json_values,
            st.dictionaries(st.sampled_from(["i", "l", "o", "n"]), json_values, max_size=3),
        ),
        operation_name=st.one_of(st.none(), hostile_text),
        auth=authorizations,
        raw=st.one_of(st.none(), raw_bodies),
        content_type=content_types,
    )
    def attack(
        path: str,
        document: str,
        variables: Any,
        operation_name: str | None,
        auth: Any,
        raw: bytes | None,
        content_type: str | None,
    ) -> None:
        payload = {"query": document, "variables": variables, "operationName": operation_name}
        body = raw if raw is not None else _encode(payload)
        response = forge.client.post(
            forge.url + path, content=body, headers=_headers(forge, auth, content_type)
        )
        _assert_handled(response, (path, body[:200]))

    attack()


def test_fuzz_rest_routes(forge: Forge) -> None:
    routes = rest_routes()

    @BOUNDED
    @given(
        index=st.integers(min_value=0, max_value=len(routes) - 1),
        segment=st.one_of(st.none(), hostile_text),
        query=st.dictionaries(
            st.sampled_from(["page", "limit", "per_page", "q", "state", "token", "ref", "labels"]),
            hostile_text,
            max_size=3,
        ),
        auth=authorizations,
        body=raw_bodies,
        content_type=content_types,
    )
    def attack(
        index: int,
        segment: str | None,
        query: dict[str, str],
        auth: Any,
        body: bytes,
        content_type: str | None,
    ) -> None:
        route = routes[index]
        values = dict(_victim(forge).values)
        if segment is not None:
            # One path parameter (the first) gets the hostile text, percent-encoded.
            values = {
                key: quote(segment.encode("utf-8", "surrogatepass"), safe="") or "x"
                for key in values
            }
        url = forge.url + route.path(values)
        response = forge.client.request(
            route.method,
            url,
            params={k: v.encode("utf-8", "surrogatepass") for k, v in query.items()},
            content=body,
            headers=_headers(forge, auth, content_type),
        )
        _assert_handled(response, (route, url[:200], body[:200]))

    attack()
