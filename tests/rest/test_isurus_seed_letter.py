"""Isurus to the letter of its seed (issue 22): the exact log total, a changeset's
stable ``rev``, its ``branch`` and bare ``message``, whole comment threads, and
who may see an author's e-mail address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import querylog
from tests.backends import counted_server
from tests.forge import Forge
from tests.rest.isurus import ACTORS, Team, api, data, error, new_team

# Who may read a private repository's log, changesets and threads.
READS = {
    "owner": True,
    "writer": True,
    "reader": True,
    "outsider": False,
    "anonymous": False,
    "read token": True,
}


def _history(team: Team, length: int) -> list[str]:
    """``length`` more commits on main, one file changed each; the oids, oldest first."""
    made = []
    for i in range(length):
        made.append(team.builder.commit({"a.txt": f"{i}\n".encode()}, f"Step {i}\n\nBody {i}.\n"))
    return made


def test_log_total_is_the_exact_number_of_reachable_commits(forge: Forge) -> None:
    assert set(READS) == set(ACTORS)
    team = new_team(forge, private=True)
    root = team.tip()
    linear = _history(team, 150)
    # A side branch and its merge: reachable commits, not the first-parent chain.
    side = team.builder.commit(
        {"side.txt": b"side\n"}, "Side\n", branch="side", parents=[linear[49]]
    )
    merge = team.builder.commit(
        {"a.txt": b"149\n", "side.txt": b"side\n"}, "Merge side\n", parents=[linear[-1], side]
    )
    for actor, allowed in READS.items():
        with team.client(actor) as isurus:
            answer = isurus.get(f"{team.path}/log", params={"per_page": 10})
            if not allowed:
                error(answer, 404, "not_found")
                continue
            body = answer.json()
            assert answer.status_code == 200, answer.text
            # root + 150 + side + merge, counted to the end, not to this page plus one.
            assert body["pagination"] == {"page": 1, "per_page": 10, "total": 153}, actor
            assert body["data"][0]["node"] == merge
    with team.client() as isurus:
        for rev, total in (("side", 52), (linear[9], 11), (root, 1), ("tip", 153)):
            pagination = isurus.get(f"{team.path}/log", params={"rev": rev}).json()["pagination"]
            assert pagination["total"] == total, rev
        page_3 = isurus.get(f"{team.path}/log", params={"per_page": 30, "page": 3}).json()
        assert page_3["pagination"]["total"] == 153 and len(page_3["data"]) == 30


def test_changeset_rev_is_its_ancestor_count_and_branch_one_that_holds_it(forge: Forge) -> None:
    team = new_team(forge, private=True)
    root = team.tip()
    linear = _history(team, 40)
    feature = team.builder.commit(
        {"f.txt": b"f\n"}, "Feature only\n", branch="feature", parents=[linear[19]]
    )
    orphan_parent = team.builder.commit(
        {"o.txt": b"o\n"}, "Orphan\n", branch="zz-orphan", parents=[]
    )
    merge = team.builder.commit(
        {"a.txt": b"39\n", "f.txt": b"f\n"}, "Merge feature\n", parents=[linear[-1], feature]
    )
    expected = {root: 0, linear[0]: 1, linear[39]: 40, feature: 21, orphan_parent: 0, merge: 42}
    for actor, allowed in READS.items():
        with team.client(actor) as isurus:
            answer = isurus.get(f"{team.path}/changeset/{linear[0]}")
            if not allowed:
                error(answer, 404, "not_found")
                continue
            assert data(answer)["rev"] == 1, actor
    with team.client() as isurus:
        for node, rev in expected.items():
            change = data(isurus.get(f"{team.path}/changeset/{node}"))
            assert change["rev"] == rev, node
            # Stable: the same number again, and the same in the log.
            assert data(isurus.get(f"{team.path}/changeset/{node[:12]}"))["rev"] == rev
        log = data(isurus.get(f"{team.path}/log", params={"per_page": 100}))
        assert {c["node"]: c["rev"] for c in log if c["node"] in expected} == {
            n: r for n, r in expected.items() if n != orphan_parent
        }
        # The default branch when it holds the commit, else a branch that does.
        assert data(isurus.get(f"{team.path}/changeset/{linear[3]}"))["branch"] == "main"
        assert data(isurus.get(f"{team.path}/changeset/{feature}"))["branch"] == "main"
        team.builder.commit({"g.txt": b"g\n"}, "Only on feature\n", branch="feature")
        only_feature = team.tip("feature")
        assert data(isurus.get(f"{team.path}/changeset/{only_feature}"))["branch"] == "feature"
        orphan = data(isurus.get(f"{team.path}/changeset/{orphan_parent}"))
        assert orphan["branch"] == "zz-orphan"
        feature_log = data(isurus.get(f"{team.path}/log", params={"rev": "feature"}))
        assert [c["branch"] for c in feature_log[:2]] == ["feature", "main"]
        # git's trailing newline is not part of the message; inner lines are.
        change = data(isurus.get(f"{team.path}/changeset/{linear[5]}"))
        assert change["message"] == "Step 5\n\nBody 5." and change["subject"] == "Step 5"
        assert log[-1]["message"] == "Initial"


def test_get_issue_returns_every_comment_in_order(forge: Forge) -> None:
    team = new_team(forge, private=True)
    with team.client() as isurus:
        number = data(isurus.post(f"{team.path}/issues", json={"title": "Long"}), 201)["number"]
        for i in range(105):
            body = {"body": f"c{i}"}
            data(isurus.post(f"{team.path}/issues/{number}/comments", json=body), 201)
    for actor, allowed in READS.items():
        with team.client(actor) as isurus:
            answer = isurus.get(f"{team.path}/issues/{number}")
            if not allowed:
                error(answer, 404, "not_found")
                continue
            comments = data(answer)["comments"]
            assert [c["body"] for c in comments] == [f"c{i}" for i in range(105)], actor
            assert all(c["author"]["username"] == team.owner.login for c in comments)


def test_get_pull_request_returns_every_comment_in_order(forge: Forge) -> None:
    team = new_team(forge, private=True)
    team.builder.commit({"b.txt": b"b\n"}, "Feature", branch="feature", parents=[team.tip()])
    with team.client() as isurus:
        body = {"title": "Long", "source_bookmark": "feature"}
        number = data(isurus.post(f"{team.path}/pulls", json=body), 201)["number"]
    with team.client("writer") as isurus:
        for i in range(103):
            data(isurus.post(f"{team.path}/pulls/{number}/comments", json={"body": f"p{i}"}), 201)
    for actor, allowed in READS.items():
        with team.client(actor) as isurus:
            answer = isurus.get(f"{team.path}/pulls/{number}")
            if not allowed:
                error(answer, 404, "not_found")
                continue
            assert [c["body"] for c in data(answer)["comments"]] == [f"p{i}" for i in range(103)]
    with team.client() as isurus:
        quiet = data(isurus.post(f"{team.path}/issues", json={"title": "Quiet"}), 201)["number"]
        assert "comments" not in data(isurus.get(f"{team.path}/issues/{quiet}"))


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def counted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Forge, Path]]:
    with counted_server(request.param, tmp_path_factory.mktemp(f"thread-{request.param}")) as pair:
        yield pair


def test_a_long_thread_costs_the_statements_of_a_short_one(counted: tuple[Forge, Path]) -> None:
    forge, log = counted
    team = new_team(forge)
    commenters = [forge.new_user("c") for _ in range(3)]
    numbers = []
    with team.client() as isurus:
        for title in ("short", "long"):
            numbers.append(data(isurus.post(f"{team.path}/issues", json={"title": title}), 201))
    for issue, count in zip(numbers, (2, 120), strict=True):
        for i in range(count):
            who = commenters[i % 3]
            with api(forge, who.token) as isurus:
                path = f"{team.path}/issues/{issue['number']}/comments"
                data(isurus.post(path, json={"body": str(i)}), 201)

    def statements(number: int) -> int:
        def read(_: int) -> None:
            with team.client() as isurus:
                found = data(isurus.get(f"{team.path}/issues/{number}"))
                assert len(found["comments"]) in (2, 120)

        return querylog.fewest(log, read)

    assert statements(numbers[1]["number"]) == statements(numbers[0]["number"])
