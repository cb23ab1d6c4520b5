"""Branches and tags: ref lookup, the refs connection, the default branch, empty repositories."""

from __future__ import annotations

from tests.contents.conftest import Sample
from tests.forge import Forge

REF = """query($o: String!, $n: String!, $q: String!) { repository(owner: $o, name: $n) {
  ref(qualifiedName: $q) { name prefix qualifiedName
    target { __typename oid abbreviatedOid
      ... on Tag { name message tagger { name email } target { oid } } } } } }"""
REFS = """query($o: String!, $n: String!, $p: String!, $first: Int, $after: String, $q: String) {
  repository(owner: $o, name: $n) { refs(refPrefix: $p, first: $first, after: $after, query: $q) {
    totalCount pageInfo { hasNextPage endCursor } nodes { name target { oid } } } } }"""


def ref(forge: Forge, sample: Sample, name: str) -> dict | None:
    data = forge.gql(REF, {**sample.variables, "q": name})
    return data["repository"]["ref"]


def test_ref_accepts_short_and_qualified_names(forge: Forge, sample: Sample) -> None:
    short = ref(forge, sample, "main")
    assert short == ref(forge, sample, "refs/heads/main")
    assert short is not None
    assert short["name"] == "main" and short["prefix"] == "refs/heads/"
    assert short["qualifiedName"] == "refs/heads/main"
    assert short["target"]["__typename"] == "Commit"
    assert short["target"]["oid"] == sample.commits[-1]
    assert short["target"]["abbreviatedOid"] == sample.commits[-1][:7]
    feature = ref(forge, sample, "feature/x")
    assert feature is not None and feature["target"]["oid"] == sample.feature
    assert ref(forge, sample, "nope") is None
    assert ref(forge, sample, "--output=x") is None
    assert ref(forge, sample, "main~1") is None


def test_lightweight_and_annotated_tags(forge: Forge, sample: Sample) -> None:
    light = ref(forge, sample, "v0.1")
    assert light is not None and light["prefix"] == "refs/tags/"
    assert light["target"]["__typename"] == "Commit"
    assert light["target"]["oid"] == sample.commits[0]
    annotated = ref(forge, sample, "refs/tags/v1.0")
    assert annotated is not None
    target = annotated["target"]
    assert target["__typename"] == "Tag" and target["oid"] == sample.annotated_tag
    assert target["name"] == "v1.0" and target["message"] == "Release 1.0\n"
    assert target["tagger"] == {"name": "Ada Lovelace", "email": "ada@example.com"}
    assert target["target"]["oid"] == sample.commits[3]


def test_refs_lists_branches_and_tags_by_prefix(forge: Forge, sample: Sample) -> None:
    heads = forge.gql(REFS, {**sample.variables, "p": "refs/heads/"})["repository"]["refs"]
    assert [n["name"] for n in heads["nodes"]] == ["feature/x", "main"]
    assert heads["totalCount"] == 2
    tags = forge.gql(REFS, {**sample.variables, "p": "refs/tags/"})["repository"]["refs"]
    assert [n["name"] for n in tags["nodes"]] == ["v0.1", "v1.0"]
    found = forge.gql(REFS, {**sample.variables, "p": "refs/heads/", "q": "FEAT"})
    assert [n["name"] for n in found["repository"]["refs"]["nodes"]] == ["feature/x"]


def test_refs_pages_by_cursor(forge: Forge, sample: Sample) -> None:
    variables = {**sample.variables, "p": "refs/", "first": 3}
    first = forge.gql(REFS, variables)["repository"]["refs"]
    assert first["pageInfo"]["hasNextPage"] is True and first["totalCount"] == 4
    after = first["pageInfo"]["endCursor"]
    second = forge.gql(REFS, {**variables, "after": after})["repository"]["refs"]
    assert second["pageInfo"]["hasNextPage"] is False
    names = [n["name"] for n in first["nodes"] + second["nodes"]]
    assert names == ["feature/x", "main", "v0.1", "v1.0"]
    bad = forge.gql_error(REFS, {**variables, "after": "not-a-cursor"})
    assert bad.codes == ["BAD_USER_INPUT"]
    prefix = forge.gql_error(REFS, {**sample.variables, "p": "heads/"})
    assert prefix.codes == ["BAD_USER_INPUT"]


def test_default_branch_ref_and_is_empty(forge: Forge, sample: Sample) -> None:
    query = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      isEmpty defaultBranchRef { name target { oid } } } }"""
    data = forge.gql(query, sample.variables)["repository"]
    assert data["isEmpty"] is False
    assert data["defaultBranchRef"] == {"name": "main", "target": {"oid": sample.commits[-1]}}
    user = forge.new_user()
    empty = forge.new_repo(user)
    owner, name = empty["nameWithOwner"].split("/")
    query_all = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      isEmpty defaultBranchRef { name } ref(qualifiedName: "main") { name }
      object(expression: "main") { oid } refs(refPrefix: "refs/") { totalCount nodes { name } }
    } }"""
    data = forge.gql(query_all, {"o": owner, "n": name})["repository"]
    assert data == {
        "isEmpty": True,
        "defaultBranchRef": None,
        "ref": None,
        "object": None,
        "refs": {"totalCount": 0, "nodes": []},
    }
