"""``Blob.base64``, ``Commit.treeOid`` and page numbers on ``refs`` and ``history``: what REST uses."""

from __future__ import annotations

import base64

from tests.contents.conftest import BIG, PNG, Sample
from tests.forge import Forge

BYTES = """query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) {
  object(expression: $e) { ... on Blob { base64 byteSize isTruncated isBinary } } } }"""


def test_base64_carries_binary_bytes_up_to_the_blob_limit(forge: Forge, sample: Sample) -> None:
    def blob(path: str) -> dict[str, object]:
        variables = {**sample.variables, "e": f"main:{path}"}
        found: dict[str, object] = forge.gql(BYTES, variables)["repository"]["object"]
        return found

    png = blob("image.png")
    assert base64.b64decode(str(png["base64"])) == PNG
    assert (png["isBinary"], png["isTruncated"], png["byteSize"]) == (True, False, len(PNG))
    big = blob("big.txt")
    assert big["isTruncated"] is True and big["byteSize"] == len(BIG)
    assert base64.b64decode(str(big["base64"])) == BIG[: 1024 * 1024]


def test_refs_by_page_number(forge: Forge, sample: Sample) -> None:
    query = """query($o: String!, $n: String!, $p: Int) { repository(owner: $o, name: $n) {
      refs(refPrefix: "refs/", first: 2, page: $p) {
        totalCount nodes { qualifiedName } pageInfo { hasNextPage hasPreviousPage } } } }"""

    def page(number: int) -> dict[str, object]:
        refs: dict[str, object] = forge.gql(query, {**sample.variables, "p": number})["repository"][
            "refs"
        ]
        return refs

    names = ["refs/heads/feature/x", "refs/heads/main", "refs/tags/v0.1", "refs/tags/v1.0"]
    first, second, third = page(1), page(2), page(3)
    assert [n["qualifiedName"] for n in first["nodes"]] == names[:2]  # type: ignore[attr-defined]
    assert first["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False}
    assert [n["qualifiedName"] for n in second["nodes"]] == names[2:]  # type: ignore[attr-defined]
    assert second["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
    assert third["nodes"] == [] and third["totalCount"] == 4
    error = forge.gql_error(query, {**sample.variables, "p": 0})
    assert error.codes == ["BAD_USER_INPUT"]


def test_history_by_page_number(forge: Forge, sample: Sample) -> None:
    query = """query($o: String!, $n: String!, $p: Int, $a: String) {
      repository(owner: $o, name: $n) { object(expression: "main") { ... on Commit {
        history(first: 5, page: $p, after: $a) {
          nodes { oid } pageInfo { hasNextPage hasPreviousPage } } } } } }"""
    newest_first = list(reversed(sample.commits))

    def page(number: int) -> dict[str, object]:
        variables = {**sample.variables, "p": number}
        found: dict[str, object] = forge.gql(query, variables)["repository"]["object"]["history"]
        return found

    second = page(2)
    assert [n["oid"] for n in second["nodes"]] == newest_first[5:10]  # type: ignore[attr-defined]
    assert second["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}
    third = page(3)
    assert [n["oid"] for n in third["nodes"]] == newest_first[10:]  # type: ignore[attr-defined]
    assert third["pageInfo"]["hasNextPage"] is False  # type: ignore[index]
    assert page(4)["nodes"] == []
    for bad in ({"p": 0}, {"p": 2, "a": "x"}):
        error = forge.gql_error(query, {**sample.variables, **bad})
        assert error.codes == ["BAD_USER_INPUT"]


def test_tree_oid_names_the_root_tree(forge: Forge, sample: Sample) -> None:
    query = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      object(expression: "main") { ... on Commit { treeOid tree { oid } } } } }"""
    commit = forge.gql(query, sample.variables)["repository"]["object"]
    assert commit["treeOid"] == commit["tree"]["oid"]
