"""Commit diffs: root commits, renames, binary files, totals."""

from __future__ import annotations

from typing import Any

from tests.contents.conftest import Sample
from tests.forge import Forge

DIFF = """query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) {
  object(expression: $e) { ... on Commit { diff { additions deletions changedFiles isTruncated
    files { path oldPath status additions deletions isBinary patch isTruncated } } } } } }"""


def diff(forge: Forge, sample: Sample, oid: str) -> Any:
    data = forge.gql(DIFF, {**sample.variables, "e": oid})
    return data["repository"]["object"]["diff"]


def test_root_commit_diff_adds_every_file(forge: Forge, sample: Sample) -> None:
    root = diff(forge, sample, sample.commits[0])
    assert root["changedFiles"] == 3 and root["additions"] == 7 and root["deletions"] == 0
    assert root["isTruncated"] is False
    files = {f["path"]: f for f in root["files"]}
    assert set(files) == {"README.md", "docs/guide.md", "src/app.py"}
    assert all(f["status"] == "ADDED" for f in root["files"])
    assert files["README.md"]["patch"] == "@@ -0,0 +1 @@\n+# Sample\n"


def test_binary_and_modified_files(forge: Forge, sample: Sample) -> None:
    second = diff(forge, sample, sample.commits[1])
    files = {f["path"]: f for f in second["files"]}
    image = files["image.png"]
    assert image["status"] == "ADDED" and image["isBinary"] is True
    assert image["patch"] is None and image["additions"] == 0
    readme = files["README.md"]
    assert readme["status"] == "MODIFIED"
    assert (readme["additions"], readme["deletions"]) == (2, 0)
    assert "+More." in readme["patch"]
    assert second["additions"] == sum(f["additions"] for f in second["files"])


def test_rename_is_detected(forge: Forge, sample: Sample) -> None:
    renamed = diff(forge, sample, sample.commits[2])
    assert renamed["files"] == [
        {
            "path": "src/main.py",
            "oldPath": "src/app.py",
            "status": "RENAMED",
            "additions": 0,
            "deletions": 0,
            "isBinary": False,
            "patch": "",
            "isTruncated": False,
        }
    ]


def test_large_patch_is_left_out(forge: Forge, sample: Sample) -> None:
    big = diff(forge, sample, sample.commits[3])
    files = {f["path"]: f for f in big["files"]}
    assert files["big.txt"]["isTruncated"] is True and files["big.txt"]["patch"] is None
    assert files["big.txt"]["additions"] == 1
    assert files["src/main.py"]["patch"].endswith("+# done\n")
