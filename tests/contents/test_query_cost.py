"""History pages and nested trees count toward the query cost limit like connections."""

from __future__ import annotations

from tests.contents.conftest import Sample
from tests.forge import Forge


def test_nested_history_pages_are_priced_by_first(forge: Forge, sample: Sample) -> None:
    nested = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      refs(refPrefix: "refs/", first: 100) { nodes { target { ... on Commit {
        history(first: 100) { nodes { history(first: 100) { nodes { oid } } } } } } } } } }"""
    error = forge.gql_error(nested, sample.variables)
    assert error.codes == ["BAD_USER_INPUT"] and "could return up to" in error.errors[0]["message"]
    small = nested.replace("first: 100", "first: 2")
    data = forge.gql(small, sample.variables)["repository"]["refs"]["nodes"]
    assert len(data) == 2


def test_trees_nested_in_trees_are_priced_like_pages(forge: Forge, sample: Sample) -> None:
    selection = "oid"
    for _ in range(4):
        selection = "entries { name object { ... on Tree { " + selection + " } } }"
    deep = (
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { "
        'object(expression: "main:") { ... on Tree { ' + selection + " } } } }"
    )
    error = forge.gql_error(deep, sample.variables)
    assert error.codes == ["BAD_USER_INPUT"] and "could return up to" in error.errors[0]["message"]
    two = "entries { name object { ... on Tree { entries { name } } } }"
    shallow = deep.replace(selection, two)
    tree = forge.gql(shallow, sample.variables)["repository"]["object"]["entries"]
    src = next(e for e in tree if e["name"] == "src")
    assert src["object"]["entries"] == [{"name": "main.py"}]


def test_head_request_on_a_raw_file(forge: Forge, sample: Sample) -> None:
    response = forge.client.head(f"{forge.url}/{sample.owner}/{sample.name}/raw/main/README.md")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == "16"
