"""Merges racing each other and racing pushes: nothing is ever lost."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.pulls.builder import MERGE, log, new_project


def _merge(forge: Forge, token: str, pr_id: str, method: str = "MERGE") -> dict[str, Any]:
    with httpx.Client(timeout=120) as client:
        response = client.post(
            f"{forge.url}/graphql",
            json={
                "query": MERGE,
                "variables": {"i": {"pullRequestId": pr_id, "mergeMethod": method}},
            },
            headers={"Authorization": f"Bearer {token}"},
        )
    body: dict[str, Any] = response.json()
    return body


def test_pull_requests_merged_into_one_branch_at_once_all_land(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    prs = []
    for i in range(4):
        project.builder.branch(f"topic{i}", "main")
        project.builder.commit(f"topic{i}", {f"t{i}.txt": f"{i}\n"}, f"Topic {i}")
        prs.append(project.open(user.token, head=f"topic{i}", title=f"topic {i}"))
    heads = [project.builder.tip(f"topic{i}") for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda pr: _merge(forge, user.token, pr["id"]), prs))
    reachable = {row[0] for row in log(project.builder.path, tmp_path, "main")}
    landed = 0
    for head, result in zip(heads, results, strict=True):
        if "errors" in result:
            # Refused, clearly: the base kept moving under it. Its head did not land.
            assert result["errors"][0]["extensions"]["code"] == "CONFLICT", result
            assert "moved" in result["errors"][0]["message"]
        else:
            landed += 1
            assert result["data"]["mergePullRequest"]["pullRequest"]["state"] == "MERGED"
            assert head in reachable
    print("concurrent merges landed:", landed, "of 4")
    assert landed >= 2
    merges = [r for r in log(project.builder.path, tmp_path, "main") if len(r[1]) == 2]
    assert len(merges) == landed


def test_the_same_pull_request_merged_twice_at_once_merges_once(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: _merge(forge, user.token, pr["id"], "SQUASH"), range(3)))
    succeeded = [r for r in results if "errors" not in r]
    assert len(succeeded) == 1, results
    assert all(r["errors"][0]["extensions"]["code"] == "CONFLICT" for r in results if "errors" in r)
    squashes = [r for r in log(project.builder.path, tmp_path, "main") if r[2] == "PR (#1)"]
    assert len(squashes) == 1


def test_a_merge_racing_pushes_to_the_base_loses_no_commit(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    head = project.builder.tip("feature")
    pushed: list[str] = []

    def pusher() -> None:
        # Lands like git-receive-pack: update-ref against the old tip, retried when it moved.
        for i in range(40):
            pushed.append(project.builder.commit_cas("main", {f"p{i}.txt": "p\n"}, f"Push {i}"))

    thread = threading.Thread(target=pusher)
    thread.start()
    try:
        result = _merge(forge, user.token, pr["id"])
    finally:
        thread.join()
    reachable = {row[0] for row in log(project.builder.path, tmp_path, "main")}
    print("merge racing pushes:", "refused" if "errors" in result else "landed")
    assert set(pushed) <= reachable
    if "errors" in result:
        assert result["errors"][0]["extensions"]["code"] == "CONFLICT"
        assert project.get(pr["number"])["state"] == "OPEN"
    else:
        assert head in reachable
        assert result["data"]["mergePullRequest"]["pullRequest"]["mergeCommitOid"] in reachable


def test_a_base_moved_before_the_merge_is_merged_onto(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user()
    project = new_project(forge, user)
    pr = project.open(user.token)
    assert project.get(pr["number"])["baseRefOid"] == project.builder.tip("main")
    # Between the last look and the merge, someone pushes to main.
    pushed = project.builder.commit_cas("main", {"c.txt": "c\n"}, "Pushed in between")
    merged = forge.gql(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    oid = merged["mergePullRequest"]["pullRequest"]["mergeCommitOid"]
    rows = log(project.builder.path, tmp_path, "main")
    assert rows[0][0] == oid and rows[0][1] == [pushed, project.builder.tip("feature")]


def test_real_git_pushes_racing_merges_lose_nothing(forge: Forge, tmp_path: Path) -> None:
    """The git client pushes to main over HTTP while pull requests merge into it."""
    user = forge.new_user()
    project = new_project(forge, user)
    prs = []
    for i in range(3):
        project.builder.branch(f"race{i}", "main")
        project.builder.commit(f"race{i}", {f"r{i}.txt": f"{i}\n"}, f"Race {i}")
        prs.append(project.open(user.token, head=f"race{i}", title=f"race {i}"))
    heads = [project.builder.tip(f"race{i}") for i in range(3)]
    git = Git(tmp_path / "home")
    remote = url(forge, project.repo["nameWithOwner"], user.token)
    work = tmp_path / "work"
    git.run("clone", "--quiet", remote, str(work))
    pushed: list[str] = []
    problems: list[str] = []
    started = threading.Event()

    def pusher() -> None:
        for i in range(6):
            git.commit(work, f"push{i}.txt", f"{i}\n", f"Push {i}")
            for _ in range(10):
                started.set()
                if (
                    git.run("push", "--quiet", "origin", "main", cwd=work, check=False).returncode
                    == 0
                ):
                    pushed.append(git.rev(work, "HEAD"))
                    break
                # A merge moved main: replay the commit on top of it, as a person would.
                git.run("pull", "--rebase", "--quiet", "origin", "main", cwd=work)
            else:
                problems.append(f"push {i} never landed")

    thread = threading.Thread(target=pusher)
    thread.start()
    started.wait(60)
    try:
        results = [_merge(forge, user.token, pr["id"]) for pr in prs]
    finally:
        thread.join()
    assert problems == []
    # What a user sees: a fresh clone over HTTP and its git log.
    check = tmp_path / "check"
    git.run("clone", "--quiet", remote, str(check))
    git.run("fsck", "--strict", cwd=check)
    rows = [
        line.split("\t")
        for line in git.run("log", "--format=%H\t%P\t%s", cwd=check).stdout.splitlines()
    ]
    reachable = {row[0] for row in rows}
    assert set(pushed) <= reachable and len(pushed) == 6
    landed = 0
    for pr, head, result in zip(prs, heads, results, strict=True):
        if "errors" in result:
            assert result["errors"][0]["extensions"]["code"] == "CONFLICT", result
            assert project.get(pr["number"])["state"] == "OPEN"
            assert head not in reachable
            continue
        landed += 1
        merge_oid = result["data"]["mergePullRequest"]["pullRequest"]["mergeCommitOid"]
        assert head in reachable and merge_oid in reachable
        row = next(r for r in rows if r[0] == merge_oid)
        assert (
            row[1].split()[1] == head
            and row[2] == f"Merge pull request #{pr['number']} from race{pr['number'] - 1}"
        )
    print("merges racing real pushes landed:", landed, "of 3")
    assert landed >= 1
