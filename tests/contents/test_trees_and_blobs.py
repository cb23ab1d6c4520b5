"""Trees and blobs through ``Repository.object``: paths, tags, binary, truncation, names."""

from __future__ import annotations

from typing import Any

from tests.contents.conftest import BIG, PNG, UNICODE_DIR, UNICODE_FILE, Sample
from tests.forge import Forge

OBJECT = """query($o: String!, $n: String!, $e: String, $oid: String) {
  repository(owner: $o, name: $n) { object(expression: $e, oid: $oid) { __typename oid
    ... on Tree { entries { name path type mode oid size
                            object { __typename oid ... on Blob { byteSize } } } }
    ... on Blob { byteSize isBinary isTruncated text }
    ... on Commit { messageHeadline tree { oid entries { name } } } } } }"""


def lookup(forge: Forge, sample: Sample, expression: str | None = None, **extra: Any) -> Any:
    variables = {**sample.variables, "e": expression, **extra}
    return forge.gql(OBJECT, variables)["repository"]["object"]


def test_root_tree_lists_directories_first(forge: Forge, sample: Sample) -> None:
    tree = lookup(forge, sample, "main:")
    assert tree["__typename"] == "Tree"
    names = [(e["name"], e["type"]) for e in tree["entries"]]
    assert names == [
        ("docs", "tree"),
        ("src", "tree"),
        (UNICODE_DIR, "tree"),
        ("README.md", "blob"),
        ("big.txt", "blob"),
        ("counter.txt", "blob"),
        ("image.png", "blob"),
        ("index.html", "blob"),
        ("logo.svg", "blob"),
    ]
    by_name = {e["name"]: e for e in tree["entries"]}
    assert by_name["src"]["size"] is None and by_name["src"]["mode"] == 0o40000
    assert by_name["src"]["object"]["__typename"] == "Tree"
    assert by_name["image.png"]["size"] == len(PNG) and by_name["image.png"]["mode"] == 0o100644
    assert by_name["image.png"]["object"] == {
        "__typename": "Blob",
        "oid": by_name["image.png"]["oid"],
        "byteSize": len(PNG),
    }
    commit = lookup(forge, sample, "main")
    assert commit["tree"]["oid"] == tree["oid"]


def test_subdirectory_tree_and_tree_at_a_tag(forge: Forge, sample: Sample) -> None:
    src = lookup(forge, sample, "main:src")
    assert [(e["name"], e["path"]) for e in src["entries"]] == [("main.py", "src/main.py")]
    at_tag = lookup(forge, sample, "v0.1:src")
    assert [e["path"] for e in at_tag["entries"]] == ["src/app.py"]
    annotated = lookup(forge, sample, "v1.0:")
    assert "big.txt" in [e["name"] for e in annotated["entries"]]
    assert "counter.txt" not in [e["name"] for e in annotated["entries"]]
    by_oid = lookup(forge, sample, None, oid=src["oid"])
    assert by_oid["oid"] == src["oid"] and by_oid["entries"][0]["name"] == "main.py"
    short = lookup(forge, sample, sample.commits[0][:8])
    assert short["oid"] == sample.commits[0]
    assert short["messageHeadline"] == "Initial commit"


def test_text_binary_and_truncated_blobs(forge: Forge, sample: Sample) -> None:
    readme = lookup(forge, sample, "main:README.md")
    assert readme == {
        "__typename": "Blob",
        "oid": readme["oid"],
        "byteSize": 16,
        "isBinary": False,
        "isTruncated": False,
        "text": "# Sample\n\nMore.\n",
    }
    image = lookup(forge, sample, "main:image.png")
    assert image["isBinary"] is True and image["text"] is None
    assert image["byteSize"] == len(PNG)
    big = lookup(forge, sample, "main:big.txt")
    assert big["byteSize"] == len(BIG) and big["isTruncated"] is True
    assert big["isBinary"] is False
    assert len(big["text"]) == 1024 * 1024 and BIG.decode().startswith(big["text"])


def test_unicode_and_spaces_in_names(forge: Forge, sample: Sample) -> None:
    tree = lookup(forge, sample, f"main:{UNICODE_DIR}")
    entry = tree["entries"][0]
    assert entry["name"] == UNICODE_FILE
    assert entry["path"] == f"{UNICODE_DIR}/{UNICODE_FILE}"
    blob = lookup(forge, sample, f"main:{UNICODE_DIR}/{UNICODE_FILE}")
    assert blob["text"] == "çà et là\n"


def test_unknown_and_refused_expressions(forge: Forge, sample: Sample) -> None:
    assert lookup(forge, sample, "main:missing.txt") is None
    assert lookup(forge, sample, "no-such-branch") is None
    assert lookup(forge, sample, None, oid="0" * 40) is None
    for hostile in ["--output=x", "main~1", "main^", "HEAD@{1}", "main..feature/x", "main:../x"]:
        error = forge.gql_error(OBJECT, {**sample.variables, "e": hostile})
        assert error.codes == ["BAD_USER_INPUT"], hostile
    both = forge.gql_error(OBJECT, {**sample.variables, "e": "main", "oid": "0" * 40})
    assert both.codes == ["BAD_USER_INPUT"]
    short_oid = forge.gql_error(OBJECT, {**sample.variables, "oid": "abc"})
    assert short_oid.codes == ["BAD_USER_INPUT"]
