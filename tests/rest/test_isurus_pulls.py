"""Isurus pull requests on a live server: real pushes and clones, refusals, permissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.rest.isurus import ACTORS, PULL_FIELDS, Team, api, data, error, new_org, new_team
from tests.rest.rest import assert_types

PROTECT = """mutation($r: ID!, $p: String!) {
  createBranchProtectionRule(input: {repositoryId: $r, pattern: $p}) { branchProtectionRule { id } } }"""


def _log(git: Git, forge: Forge, full_name: str, token: str, into: Path) -> list[list[str]]:
    """``[oid, parents, subject]`` of ``main`` in a fresh clone over HTTP, newest first."""
    git.run("clone", "--quiet", url(forge, full_name, token), str(into))
    git.run("fsck", "--strict", cwd=into)
    out = git.run("log", "--format=%H%x09%P%x09%s", "main", cwd=into).stdout
    return [line.split("\t") for line in out.splitlines()]


def test_isurus_pull_request_from_a_pushed_branch_merges_into_the_clone(
    forge: Forge, tmp_path: Path
) -> None:
    owner = forge.new_user("pr")
    org = new_org(forge, owner)
    git = Git(tmp_path / "home")
    work = tmp_path / "work"
    with api(forge, owner.token) as isurus:
        data(isurus.post(f"/orgs/{org}/repos", json={"name": "app"}), 201)
        remote = url(forge, f"{org}/app", owner.token)
        git.init(work)
        base = git.commit(work, "README.md", "# app\n", "Initial")
        git.run("push", "-q", remote, "main", cwd=work)
        git.run("checkout", "-q", "-b", "my-feature", cwd=work)
        git.commit(work, "feature.txt", "one\n", "Start the feature")
        head = git.commit(work, "feature.txt", "one\ntwo\n", "Finish the feature")
        git.run("push", "-q", remote, "my-feature", cwd=work)

        pulls = f"/repos/{org}/app/pulls"
        created = data(
            isurus.post(pulls, json={"title": "Add feature", "source_bookmark": "my-feature"}),
            201,
        )
        assert_types(created, PULL_FIELDS)
        assert (created["source_node"], created["target_node"]) == (head, base)
        assert (created["target_branch"], created["mergeable"]) == ("main", True)
        merged = data(isurus.post(f"{pulls}/{created['number']}/merge", json={}))
        assert merged["status"] == "merged" and merged["merged_by"]["username"] == owner.login

        rows = _log(git, forge, f"{org}/app", owner.token, tmp_path / "clone1")
        assert rows[0] == [
            merged["merge_node"],
            f"{base} {head}",
            f"Merge pull request #{created['number']} from my-feature",
        ]
        assert (tmp_path / "clone1" / "feature.txt").read_text() == "one\ntwo\n"

        # A second bookmark, squashed with a message of our own.
        git.run("checkout", "-q", "-b", "second", head, cwd=work)
        git.commit(work, "second.txt", "2\n", "Second, part one")
        git.commit(work, "second.txt", "2\n2\n", "Second, part two")
        git.run("push", "-q", remote, "second", cwd=work)
        second = data(
            isurus.post(
                pulls,
                json={"title": "Second", "source_bookmark": "second", "target_branch": "default"},
            ),
            201,
        )
        squashed = data(
            isurus.post(
                f"{pulls}/{second['number']}/merge",
                json={"strategy": "squash", "message": "Squash the second\n\nBoth parts."},
            )
        )
        rows = _log(git, forge, f"{org}/app", owner.token, tmp_path / "clone2")
        assert rows[0] == [squashed["merge_node"], merged["merge_node"], "Squash the second"]
        body = git.run("log", "-1", "--format=%b", cwd=tmp_path / "clone2").stdout
        assert body.strip() == "Both parts."
        listed = data(isurus.get(pulls, params={"status": "merged"}))
        assert [p["number"] for p in listed] == [created["number"], second["number"]]


def _open(team: Team, head: str, files: dict[str, bytes], title: str = "PR") -> dict[str, Any]:
    team.builder.commit(files, f"Work on {head}", branch=head, parents=[team.tip()])
    with team.client() as isurus:
        body = {"title": title, "source_bookmark": head}
        return dict(data(isurus.post(f"{team.path}/pulls", json=body), 201))


def test_isurus_merge_refusals_move_nothing(forge: Forge) -> None:
    team = new_team(forge)
    pulls = f"{team.path}/pulls"
    conflicting = _open(team, "shout", {"a.txt": b"one\nTWO\nthree\n"})
    team.builder.commit({"a.txt": b"one\nzwei\nthree\n"}, "Translate two")
    before = team.tip()
    with team.client() as isurus:
        assert data(isurus.get(f"{pulls}/{conflicting['number']}"))["mergeable"] is False
        refused = error(isurus.post(f"{pulls}/{conflicting['number']}/merge"), 409, "conflict")
        assert "conflict" in refused["message"].lower()
        assert data(isurus.get(f"{pulls}/{conflicting['number']}"))["status"] == "open"

        diverged = _open(team, "later", {"a.txt": b"one\nzwei\nthree\n", "d.txt": b"d\n"})
        team.builder.commit({"a.txt": b"one\nzwei\nthree\n", "e.txt": b"e\n"}, "Add e")
        before = team.tip()
        number = diverged["number"]
        forward = isurus.post(f"{pulls}/{number}/merge", json={"strategy": "fast_forward"})
        assert error(forward, 409, "conflict")["field"] == "strategy"
        moved = isurus.post(f"{pulls}/{number}/merge", json={"expected_node": "0" * 40})
        assert error(moved, 409, "conflict")["field"] == "expected_node"
        unknown = isurus.post(f"{pulls}/{number}/merge", json={"strategy": "rebase"})
        assert error(unknown, 422, "validation_failed")["field"] == "strategy"
        empty = isurus.post(f"{pulls}/{number}/merge", json={"message": " "})
        assert error(empty, 422, "validation_failed")["field"] == "message"
        error(isurus.post(f"{pulls}/{number}/merge", content=b"{oops"), 400, "bad_request")
        assert team.tip() == before

        # Closed, then merged twice.
        closed = data(isurus.patch(f"{pulls}/{number}", json={"status": "closed"}))
        assert closed["status"] == "closed" and closed["closed_at"]
        error(isurus.post(f"{pulls}/{number}/merge"), 409, "conflict")
        assert data(isurus.patch(f"{pulls}/{number}", json={"status": "open"}))["status"] == "open"
        data(isurus.post(f"{pulls}/{number}/merge"))
        error(isurus.post(f"{pulls}/{number}/merge"), 409, "conflict")
        merged_into = team.tip()
        bad = isurus.patch(f"{pulls}/{number}", json={"status": "merged"})
        assert error(bad, 422, "validation_failed")["field"] == "status"
        error(isurus.post(f"{pulls}/999/merge"), 404, "not_found")

    # A protected target branch takes merges from the repository's admins only.
    protected = _open(team, "guarded", {"g.txt": b"g\n"})
    forge.gql(PROTECT, {"r": team.graphql_id(), "p": "main"}, token=team.owner.token)
    with team.client("writer") as writer:
        denied = writer.post(f"{pulls}/{protected['number']}/merge")
        assert "protected" in error(denied, 403, "forbidden")["message"]
    assert team.tip() == merged_into
    with team.client() as isurus:
        data(isurus.post(f"{pulls}/{protected['number']}/merge"))
    assert team.tip() != merged_into


def test_isurus_refuses_bad_pull_request_bodies(forge: Forge) -> None:
    team = new_team(forge)
    pulls = f"{team.path}/pulls"
    team.builder.commit({"a.txt": b"x\n"}, "Feature", branch="feature", parents=[team.tip()])
    team.builder.commit({"o.txt": b"o\n"}, "Unrelated", branch="orphan", parents=[])
    with team.client() as isurus:
        orphan = isurus.post(pulls, json={"title": "t", "source_bookmark": "orphan"})
        assert error(orphan, 422, "validation_failed")["field"] == "source_bookmark"
        missing = isurus.post(pulls, json={"title": "t", "source_bookmark": "nope"})
        assert error(missing, 404, "not_found")["field"] == "source_bookmark"
        no_base = isurus.post(
            pulls, json={"title": "t", "source_bookmark": "feature", "target_branch": "nope"}
        )
        assert error(no_base, 404, "not_found")["field"] == "target_branch"
        same = isurus.post(pulls, json={"title": "t", "source_bookmark": "main"})
        assert error(same, 422, "validation_failed")["field"] == "target_branch"
        no_title = isurus.post(pulls, json={"source_bookmark": "feature"})
        assert error(no_title, 422, "validation_failed")["field"] == "title"
        typed = isurus.post(pulls, json={"title": 1, "source_bookmark": "feature"})
        assert error(typed, 422, "validation_failed")["field"] == "title"
        no_head = isurus.post(pulls, json={"title": "t"})
        assert error(no_head, 422, "validation_failed")["field"] == "source_bookmark"
        error(isurus.post(pulls, json=["title"]), 400, "bad_request")
        error(isurus.get(pulls, params={"status": "sideways"}), 422, "validation_failed")
        assert data(isurus.get(pulls, params={"status": "closed"})) == []
        assert data(isurus.get(pulls)) == []

        created = data(isurus.post(pulls, json={"title": "t", "source_bookmark": "feature"}), 201)
        again = isurus.post(pulls, json={"title": "t", "source_bookmark": "feature"})
        assert error(again, 409, "conflict")["field"] == "source_bookmark"
        one = f"{pulls}/{created['number']}"
        error(isurus.patch(one, json={"title": ""}), 422, "validation_failed")
        error(isurus.patch(one, json={"status": "sideways"}), 422, "validation_failed")
        error(isurus.post(f"{one}/comments", json={}), 422, "validation_failed")
        error(isurus.post(f"{one}/comments", json={"body": 5}), 422, "validation_failed")
        assert data(isurus.get(one)) == created | {
            "updated_at": data(isurus.get(one))["updated_at"]
        }
        assert len(data(isurus.get(pulls))) == 1
        error(isurus.get(f"{pulls}/x"), 404, "not_found")


# Expected statuses per actor for the pull request routes that write (public repository).
# Anyone who can read may open and comment (with a write-scoped token); the author
# (here the owner) or writers may update; writers merge.
PULL_MATRIX = {
    "create": {"owner": 201, "writer": 201, "reader": 201, "outsider": 201},
    "comment": {"owner": 201, "writer": 201, "reader": 201, "outsider": 201},
    "update": {"owner": 200, "writer": 200, "reader": 403, "outsider": 403},
    "merge": {"owner": 200, "writer": 200, "reader": 403, "outsider": 403},
}


@pytest.mark.parametrize("actor", ACTORS)
def test_isurus_pull_request_writes_follow_the_permission_matrix(forge: Forge, actor: str) -> None:
    team = new_team(forge)
    pr = _open(team, "feature", {"f.txt": b"f\n"})
    team.builder.commit({"a.txt": b"other\n"}, "Other work", branch="other", parents=[team.tip()])
    one = f"{team.path}/pulls/{pr['number']}"
    requests = {
        "create": ("POST", f"{team.path}/pulls", {"title": "x", "source_bookmark": "other"}),
        "comment": ("POST", f"{one}/comments", {"body": "hi"}),
        "update": ("PATCH", one, {"title": "renamed"}),
        "merge": ("POST", f"{one}/merge", {}),
    }
    with team.client(actor) as caller:
        for route, (method, path, body) in requests.items():
            response = caller.request(method, path, json=body)
            expected = PULL_MATRIX[route].get(actor)
            if actor == "anonymous":
                error(response, 401, "unauthorized")
            elif actor == "read token":
                error(response, 403, "forbidden")
            elif expected in (200, 201):
                data(response, expected)
            else:
                error(response, 403, "forbidden")
    with team.client("anonymous") as anonymous:
        after = data(anonymous.get(one))
        assert anonymous.get(f"{team.path}/pulls").status_code == 200
    merged = PULL_MATRIX["merge"].get(actor) == 200
    assert after["status"] == ("merged" if merged else "open")
    assert after["title"] == ("renamed" if PULL_MATRIX["update"].get(actor) == 200 else "PR")
    commented = PULL_MATRIX["comment"].get(actor) == 201
    assert [c["body"] for c in after.get("comments", [])] == (["hi"] if commented else [])
