"""Malformed requests, bad variables and abusive queries get clear errors."""

from __future__ import annotations

from tests.forge import Forge

URL_SUFFIX = "/graphql"


def _post(forge: Forge, content: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    response = forge.client.post(
        forge.url + URL_SUFFIX, content=content, headers={"Content-Type": content_type}
    )
    return response.status_code, response.json()


def test_malformed_json_is_a_400_with_a_code(forge: Forge) -> None:
    for body in [
        b"{",
        b"",
        b"[1,2]",
        b'"query"',
        b'{"query": 5}',
        b'{"query": "{ viewer { login } }", "variables": [1]}',
        b"\xff\xfe",
    ]:
        status, payload = _post(forge, body)
        assert status == 400, body
        assert payload["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


def test_oversize_body_is_refused(forge: Forge) -> None:
    big = b'{"query": "{ viewer { login } }", "pad": "' + b"x" * (11 * 1024 * 1024) + b'"}'
    response = forge.client.post(
        forge.url + URL_SUFFIX, content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_syntax_and_unknown_fields_are_bad_input(forge: Forge) -> None:
    assert forge.gql_error("{ viewer { login ").codes == ["BAD_USER_INPUT"]
    assert forge.gql_error("{ viewer { password } }").codes == ["BAD_USER_INPUT"]


def test_wrong_variable_types_are_bad_input(forge: Forge) -> None:
    query = "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { name } }"
    assert forge.gql_error(query, {"o": 5, "n": ["x"]}).codes[0] == "BAD_USER_INPUT"
    assert forge.gql_error(query, {"o": "x"}).codes == ["BAD_USER_INPUT"]
    page = "query($l: String!) { user(login: $l) { repositories(first: 1000) { totalCount } } }"
    user = forge.new_user()
    error = forge.gql_error(page, {"l": user.login})
    assert error.codes == ["BAD_USER_INPUT"]
    assert error.errors[0]["extensions"]["field"] == "first"
    cursor = 'query($l: String!) { user(login: $l) { repositories(after: "!!") { totalCount } } }'
    assert forge.gql_error(cursor, {"l": user.login}).codes == ["BAD_USER_INPUT"]


def test_too_deep_query_is_refused(forge: Forge) -> None:
    inner = "login"
    for _ in range(8):
        inner = f"repositories(first: 1) {{ nodes {{ owner {{ {inner} }} }} }}"
    error = forge.gql_error(f"{{ viewer {{ {inner} }} }}")
    assert error.codes == ["BAD_USER_INPUT"]
    assert "levels deep" in error.errors[0]["message"]


def test_standard_introspection_is_allowed(forge: Forge) -> None:
    from graphql import get_introspection_query

    data = forge.gql(get_introspection_query(descriptions=True))
    assert data["__schema"]["queryType"]["name"] == "Query"


def test_too_costly_query_is_refused(forge: Forge) -> None:
    query = """{ viewer { repositories(first: 100) { nodes { issues(first: 100) {
      nodes { comments(first: 100) { nodes { body } } } } } } } }"""
    error = forge.gql_error(query)
    assert error.codes == ["BAD_USER_INPUT"]
    assert "limit" in error.errors[0]["message"]


def test_too_many_aliases_are_refused(forge: Forge) -> None:
    aliases = " ".join(f"a{i}: viewer {{ login }}" for i in range(60))
    assert forge.gql_error(f"{{ {aliases} }}").codes == ["BAD_USER_INPUT"]


def test_mutation_over_get_is_refused(forge: Forge) -> None:
    response = forge.client.get(
        forge.url + URL_SUFFIX, params={"query": "mutation { signOut { signedOut } }"}
    )
    assert response.status_code == 405


def test_query_over_get_works(forge: Forge) -> None:
    response = forge.client.get(forge.url + URL_SUFFIX, params={"query": "{ viewer { login } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": None}}


def test_browser_get_shows_a_page(forge: Forge) -> None:
    response = forge.client.get(forge.url + URL_SUFFIX, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
