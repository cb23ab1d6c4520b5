"""Commit fields and history: pages joined by ``after``, filtered by path."""

from __future__ import annotations

from typing import Any

from tests.contents.conftest import Sample
from tests.forge import Forge

HISTORY = """query($o: String!, $n: String!, $e: String!, $first: Int, $after: String,
                   $path: String) {
  repository(owner: $o, name: $n) { object(expression: $e) { ... on Commit {
    history(first: $first, after: $after, path: $path) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { oid } }
      nodes { oid messageHeadline } } } } } }"""


def history(forge: Forge, sample: Sample, **variables: Any) -> Any:
    data = forge.gql(HISTORY, {**sample.variables, "e": "main", **variables})
    return data["repository"]["object"]["history"]


def test_commit_fields(forge: Forge, sample: Sample) -> None:
    query = """query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) {
      object(expression: $e) { ... on Commit { oid message messageHeadline messageBody
        authoredDate committedDate author { name email date } committer { name }
        parents { totalCount nodes { oid } } } } } }"""
    root = forge.gql(query, {**sample.variables, "e": sample.commits[0]})["repository"]["object"]
    assert root["message"] == "Initial commit\n\nWith a body.\n"
    assert root["messageHeadline"] == "Initial commit"
    assert root["messageBody"] == "With a body."
    assert root["author"] == {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "date": "2023-11-15T00:14:20+02:00",
    }
    assert root["authoredDate"] == root["committedDate"] == root["author"]["date"]
    assert root["parents"] == {"totalCount": 0, "nodes": []}
    second = forge.gql(query, {**sample.variables, "e": sample.commits[1]})["repository"]
    assert second["object"]["parents"]["nodes"] == [{"oid": sample.commits[0]}]


def test_history_pages_follow_after(forge: Forge, sample: Sample) -> None:
    expected = list(reversed(sample.commits))
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = history(forge, sample, first=5, after=after)
        pages += 1
        seen += [n["oid"] for n in page["nodes"]]
        assert [e["node"]["oid"] for e in page["edges"]] == [n["oid"] for n in page["nodes"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert pages == 3 and seen == expected
    assert page["totalCount"] == len(expected)
    exact = history(forge, sample, first=len(expected))
    assert exact["pageInfo"]["hasNextPage"] is False
    bad = forge.gql_error(HISTORY, {**sample.variables, "e": "main", "after": "bogus"})
    assert bad.codes == ["BAD_USER_INPUT"]
    too_many = forge.gql_error(HISTORY, {**sample.variables, "e": "main", "first": 101})
    assert too_many.codes == ["BAD_USER_INPUT"]


def test_history_filtered_by_path(forge: Forge, sample: Sample) -> None:
    readme = history(forge, sample, first=10, path="README.md")
    assert [n["oid"] for n in readme["nodes"]] == [sample.commits[1], sample.commits[0]]
    assert readme["pageInfo"]["hasNextPage"] is False and readme["totalCount"] == 2
    src = history(forge, sample, first=2, path="src")
    assert [n["messageHeadline"] for n in src["nodes"]] == [
        "Add a big file",
        "Rename app.py to main.py",
    ]
    assert src["pageInfo"]["hasNextPage"] is True
    rest = history(forge, sample, first=2, path="src/", after=src["pageInfo"]["endCursor"])
    assert [n["oid"] for n in rest["nodes"]] == [sample.commits[0]]
    assert rest["pageInfo"]["hasNextPage"] is False
    counter = history(forge, sample, first=3, path="counter.txt")
    assert [n["oid"] for n in counter["nodes"]] == list(reversed(sample.commits))[:3]
    assert history(forge, sample, first=5, path="nowhere")["nodes"] == []
    refused = forge.gql_error(HISTORY, {**sample.variables, "e": "main", "path": "../etc"})
    assert refused.codes == ["BAD_USER_INPUT"]
