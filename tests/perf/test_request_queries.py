"""The SQL statements behind the REST and push paths stay at or under what they were measured at.

Each request's statements are counted on a server of its own that logs every
one a request runs (``tests/querylog.py``); the fewest of three tries count,
since a token's last-used time is written by one request a minute. The ceilings are the counts
measured when the architecture was reworked (lookups moved into services,
credentials parsed once): a change that adds a statement to one of these paths
fails here and has to say why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import querylog
from tests.backends import counted_server
from tests.forge import Forge, User
from tests.git.gitcli import Git, url

# The same on SQLite and PostgreSQL. Before the rework: 8, 2, 4, 18, 11. After it: the
# issue list no longer reads the repository again (the lookup by owner/name primes the
# loader by id), and creating an issue reads neither the repository nor the assignee
# again, nor the new issue's comments, labels and assignees: 7, 2, 4, 11, 11.
CEILINGS: dict[str, int] = {
    "gogs issue list": 7,
    "gogs repository": 2,
    "isurus issue list": 4,
    "gogs create issue with assignee": 11,
    "git push": 11,
}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def counted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Forge, Path]]:
    with counted_server(
        request.param, tmp_path_factory.mktemp(f"querycount-{request.param}")
    ) as pair:
        yield pair


def _issues(forge: Forge, owner: User, repo_id: str, count: int) -> None:
    for i in range(count):
        forge.gql(
            "mutation($r: ID!, $t: String!) { createIssue(input: {repositoryId: $r, title: $t})"
            " { issue { number } } }",
            {"r": repo_id, "t": f"issue {i}"},
            owner.token,
        )


def _ok(response: httpx.Response, status: int = 200) -> None:
    assert response.status_code == status, response.text


def test_rest_and_push_paths_run_no_more_statements_than_measured(
    counted: tuple[Forge, Path], tmp_path: Path
) -> None:
    forge, log = counted
    owner = forge.new_user("qc")
    helper = forge.new_user("qh")
    repo = forge.new_repo(owner, name="counted")
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { __typename } }",
        {"i": {"repositoryId": repo["id"], "login": helper.login, "permission": "WRITE"}},
        owner.token,
    )
    _issues(forge, owner, repo["id"], 5)
    headers = {"Authorization": f"token {owner.token}"}
    base = f"{forge.url}/api/v1/repos/{owner.login}/counted"
    counts = {
        "gogs issue list": querylog.fewest(
            log, lambda _: _ok(httpx.get(f"{base}/issues?limit=50", headers=headers))
        ),
        "gogs repository": querylog.fewest(log, lambda _: _ok(httpx.get(base, headers=headers))),
        "isurus issue list": querylog.fewest(
            log,
            lambda _: _ok(
                httpx.get(
                    f"{forge.url}/isurus/api/v1/repos/{owner.login}/counted/issues",
                    headers=headers,
                )
            ),
        ),
        "gogs create issue with assignee": querylog.fewest(
            log,
            lambda i: _ok(
                httpx.post(
                    f"{base}/issues",
                    headers=headers,
                    json={"title": f"assigned {i}", "assignee": helper.login},
                ),
                201,
            ),
        ),
    }
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    remote = url(forge, repo["nameWithOwner"], owner.token)

    def push(attempt: int) -> None:
        git.commit(work, f"f{attempt}.txt", f"{attempt}\n")
        git.run("push", remote, "main", cwd=work)

    git.commit(work, "first.txt", "first\n")
    git.run("push", remote, "main", cwd=work)
    counts["git push"] = querylog.fewest(log, push)
    print(forge.backend, counts)
    over = {path: n for path, n in counts.items() if n > CEILINGS[path]}
    assert not over, f"{forge.backend}: more statements than measured {CEILINGS}: {over}"
