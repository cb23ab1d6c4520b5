"""Independent pull requests merged at once all land; only a real conflict is refused."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pygit2

from tests.forge import Forge
from tests.pulls.builder import MERGE, log, new_project

COUNT = 10


def _merge(forge: Forge, token: str, pr_id: str, method: str, start: threading.Barrier) -> Any:
    with httpx.Client(timeout=120) as client:
        start.wait()
        response = client.post(
            f"{forge.url}/graphql",
            json={
                "query": MERGE,
                "variables": {"i": {"pullRequestId": pr_id, "mergeMethod": method}},
            },
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    return response.json()


def _merge_all(forge: Forge, token: str, prs: list[dict[str, Any]], methods: list[str]) -> Any:
    start = threading.Barrier(len(prs))
    with ThreadPoolExecutor(max_workers=len(prs)) as pool:
        return list(
            pool.map(
                lambda pair: _merge(forge, token, pair[0]["id"], pair[1], start),
                zip(prs, methods, strict=True),
            )
        )


def test_ten_independent_pull_requests_merged_at_once_all_land(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    prs, heads = [], []
    for i in range(COUNT):
        project.builder.branch(f"topic{i}", "main")
        heads.append(project.builder.commit(f"topic{i}", {f"t{i}.txt": f"{i}\n"}, f"Topic {i}"))
        prs.append(project.open(user.token, head=f"topic{i}", title=f"topic {i}"))
    # Each method builds its commit differently; all of them must survive the race.
    methods = ["MERGE", "SQUASH"] * (COUNT // 2)
    results = _merge_all(forge, user.token, prs, methods)
    assert [r.get("errors") for r in results] == [None] * COUNT, results
    assert all(r["data"]["mergePullRequest"]["pullRequest"]["merged"] for r in results)
    history = log(project.builder.path, tmp_path, "main")
    reachable = {row[0] for row in history}
    merged_heads = [h for h, m in zip(heads, methods, strict=True) if m == "MERGE"]
    assert all(h in reachable for h in merged_heads)
    assert sum(1 for row in history if len(row[1]) == 2) == COUNT // 2
    assert sum(1 for row in history if row[2].startswith("topic ")) == COUNT // 2  # squashes
    tree = pygit2.Repository(str(project.builder.path)).revparse_single("main").peel(pygit2.Tree)
    assert {f"t{i}.txt" for i in range(COUNT)} <= {entry.name for entry in tree}


def test_a_real_conflict_among_concurrent_merges_is_still_refused(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    prs = []
    for i in range(4):
        project.builder.branch(f"edit{i}", "main")
        project.builder.commit(f"edit{i}", {f"own{i}.txt": "x\n"}, f"Own {i}")
        prs.append(project.open(user.token, head=f"edit{i}", title=f"edit {i}"))
    # Two more change the same line of a.txt differently: whichever lands second conflicts.
    for i, text in ((4, "one\nFOUR\nthree\n"), (5, "one\nFIVE\nthree\n")):
        project.builder.branch(f"edit{i}", "main")
        project.builder.commit(f"edit{i}", {"a.txt": text}, f"Line two {i}")
        prs.append(project.open(user.token, head=f"edit{i}", title=f"edit {i}"))
    results = _merge_all(forge, user.token, prs, ["MERGE"] * len(prs))
    assert [r.get("errors") for r in results[:4]] == [None] * 4, results
    clashing = results[4:]
    refused = [r for r in clashing if r.get("errors")]
    assert len(refused) == 1, clashing
    error = refused[0]["errors"][0]
    assert error["extensions"]["code"] == "CONFLICT"
    assert "conflicting changes" in error["message"]
    history = log(project.builder.path, tmp_path, "main")
    assert sum(1 for row in history if len(row[1]) == 2) == 5
