"""OpenCodeHub's pull request routes: fields, filters, pages, who may open one, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.collaboration.people import add_collaborator
from tests.forge import Forge, User
from tests.git.gitcli import Git, url
from tests.rest.rest import RFC3339, assert_types
from tests.rest.test_opencodehub_conformance import check_error

PR = ["repo:read", "repo:write"]  # OpenCodeHub's `pr` scope
REPO = ["repo:read", "repo:write", "repo:delete"]  # and its `repo` scope
PR_FIELDS = {
    "id": str,
    "number": int,
    "title": str,
    "body": str,
    "state": str,
    "merged": bool,
    "mergeable": str,
    "head": str,
    "base": str,
    "head_sha": str,
    "base_sha": str,
    "author": dict,
    "html_url": str,
    "created_at": str,
    "updated_at": str,
    "merged_at": (str, type(None)),
    "closed_at": (str, type(None)),
}


def pushed_repo(
    forge: Forge, owner: User, tmp_path: Path, branches: list[str], *, private: bool = False
) -> dict[str, Any]:
    """A repository with main and, for each name, a branch one commit ahead of main."""
    repo = forge.new_repo(owner, private=private)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / repo["name"])
    git.commit(work, "README.md", "hello\n")
    remote = url(forge, repo["nameWithOwner"], owner.token)
    git.run("push", "-q", remote, "main", cwd=work)
    for branch in branches:
        git.run("checkout", "-q", "-b", branch, "main", cwd=work)
        git.commit(work, f"{branch}.txt", f"{branch}\n")
        git.run("push", "-q", remote, branch, cwd=work)
    return repo


def api(forge: Forge, repo: dict[str, Any], token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(
        base_url=f"{forge.url}/api/repos/{repo['nameWithOwner']}", headers=headers, timeout=60
    )


def opened(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    assert response.headers["X-RateLimit-Remaining"].isdigit()
    data: dict[str, Any] = response.json()["data"]
    return data


def test_pull_request_fields(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("ochp")
    repo = pushed_repo(forge, owner, tmp_path, ["feature"])
    with api(forge, repo, forge.token_for(owner, PR)) as client:
        pr = opened(
            client.post(
                "/pulls",
                json={"title": "Add ✨ feature", "head": "feature", "base": "main", "body": "Why"},
            )
        )
    assert set(pr) == set(PR_FIELDS)
    assert_types(pr, PR_FIELDS)
    assert pr["id"].startswith("pr-") and pr["number"] == 1
    assert (pr["title"], pr["body"], pr["state"]) == ("Add ✨ feature", "Why", "open")
    assert (pr["head"], pr["base"], pr["merged"]) == ("feature", "main", False)
    assert pr["mergeable"] == "mergeable" and len(pr["head_sha"]) == 40
    same = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ pullRequest(number: 1) { databaseId url headRefOid author { databaseId } } } }",
        {"o": owner.login, "n": repo["name"]},
        token=owner.token,
    )["repository"]["pullRequest"]
    assert pr["id"] == f"pr-{same['databaseId']}" and pr["html_url"] == same["url"]
    assert pr["head_sha"] == same["headRefOid"]
    assert pr["author"] == {"username": owner.login, "id": f"user-{same['author']['databaseId']}"}
    assert RFC3339.match(pr["created_at"]) and RFC3339.match(pr["updated_at"])
    assert pr["merged_at"] is None and pr["closed_at"] is None


def test_pull_request_lists_filter_and_page(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("ochl")
    repo = pushed_repo(forge, owner, tmp_path, ["one", "two", "three"])
    token = forge.token_for(owner, PR)
    with api(forge, repo, token) as client:
        numbers = {}
        for head in ("one", "two", "three"):
            made = opened(client.post("/pulls", json={"title": head, "head": head, "base": "main"}))
            numbers[head] = made["number"]
        merged_id = forge.gql(
            "query($o: String!, $n: String!, $k: Int!) { repository(owner: $o, name: $n) "
            "{ pullRequest(number: $k) { id } } }",
            {"o": owner.login, "n": repo["name"], "k": numbers["one"]},
            token=token,
        )["repository"]["pullRequest"]["id"]
        forge.gql(
            "mutation($id: ID!) { mergePullRequest(input: {pullRequestId: $id}) "
            "{ pullRequest { merged } } }",
            {"id": merged_id},
            token=token,
        )

        def titles(**params: Any) -> list[str]:
            answer = client.get("/pulls", params=params)
            assert answer.status_code == 200, answer.text
            return [pr["title"] for pr in answer.json()["data"]]

        assert titles() == ["three", "two"]
        assert titles(state="open") == ["three", "two"]
        assert titles(state="merged") == ["one"]
        assert titles(state="closed") == []
        assert titles(state="all") == ["three", "two", "one"]
        assert titles(state="all", head="two") == ["two"]
        assert titles(state="all", base="main", head="one") == ["one"]
        assert titles(base="develop") == []

        page = client.get("/pulls", params={"state": "all", "per_page": 2, "page": 2})
        body = page.json()
        assert [pr["title"] for pr in body["data"]] == ["one"]
        assert body["meta"]["page"] == 2 and body["meta"]["perPage"] == 2
        assert body["meta"]["total"] == 3 and body["meta"]["totalPages"] == 2
        assert RFC3339.match(body["meta"]["timestamp"])
        assert page.headers["X-RateLimit-Remaining"].isdigit()
        past = client.get("/pulls", params={"state": "all", "per_page": 2, "page": 5}).json()
        assert past["data"] == [] and past["meta"]["total"] == 3

        bad = check_error(client.get("/pulls", params={"state": "opened"}), 400, "VALIDATION_ERROR")
        assert bad["error"]["details"] == {"field": "state", "constraint": "enum"}
        check_error(client.get("/pulls", params={"page": "0"}), 400, "VALIDATION_ERROR")
        check_error(client.get("/pulls", params={"per_page": "x"}), 400, "VALIDATION_ERROR")


def test_who_may_open_a_pull_request(forge: Forge, tmp_path: Path) -> None:
    owner, writer, reader, outsider = (forge.new_user(p) for p in ("ocho", "ochw", "ochr", "ochx"))
    public = pushed_repo(forge, owner, tmp_path, ["a", "b", "c", "d", "e"])
    private = pushed_repo(forge, owner, tmp_path / "p", ["a"], private=True)
    for repo in (public, private):
        add_collaborator(forge, owner, repo, writer, "WRITE")
        add_collaborator(forge, owner, repo, reader, "READ")

    def open_on(repo: dict[str, Any], token: str | None, head: str) -> httpx.Response:
        with api(forge, repo, token) as client:
            return client.post("/pulls", json={"title": head, "head": head, "base": "main"})

    # Whoever can read the repository may propose a change, with a token that may write.
    assert opened(open_on(public, forge.token_for(owner, REPO), "a"))["author"]["username"] == (
        owner.login
    )
    opened(open_on(public, forge.token_for(writer, PR), "b"))
    opened(open_on(public, forge.token_for(reader, PR), "c"))
    opened(open_on(public, forge.token_for(outsider, PR), "d"))
    check_error(open_on(public, forge.token_for(owner, ["repo:read"]), "e"), 403, "FORBIDDEN")
    check_error(open_on(public, None, "e"), 401, "UNAUTHORIZED")

    # A private repository does not exist for those who may not read it.
    check_error(open_on(private, forge.token_for(outsider, PR), "a"), 404, "NOT_FOUND")
    check_error(open_on(private, None, "a"), 404, "NOT_FOUND")
    check_error(open_on(private, forge.token_for(writer, ["workflow:read"]), "a"), 404, "NOT_FOUND")
    for token in (None, forge.token_for(outsider, REPO)):
        with api(forge, private, token) as client:
            check_error(client.get("/pulls"), 404, "NOT_FOUND")
    with api(forge, private, forge.token_for(reader, ["repo:read"])) as client:
        assert client.get("/pulls").json()["data"] == []
    opened(open_on(private, forge.token_for(reader, PR), "a"))

    with api(forge, public, None) as anonymous:
        listed = anonymous.get("/pulls")
        assert listed.status_code == 200 and listed.headers["X-RateLimit-Remaining"].isdigit()
        assert [pr["head"] for pr in listed.json()["data"]] == ["d", "c", "b", "a"]


@pytest.mark.parametrize(
    ("body", "field", "constraint"),
    [
        ({"head": "feature", "base": "main"}, "title", "required"),
        ({"title": "t", "base": "main"}, "head", "required"),
        ({"title": "t", "head": "feature"}, "base", "required"),
        ({"title": "", "head": "feature", "base": "main"}, "title", "required"),
        ({"title": 5, "head": "feature", "base": "main"}, "title", "type"),
        ({"title": "t", "head": ["feature"], "base": "main"}, "head", "type"),
        ({"title": "t", "head": "feature", "base": "main", "body": {}}, "body", "type"),
        ({"title": "t", "head": "../feature", "base": "main"}, "head", "invalid"),
        ({"title": "t", "head": "-feature", "base": "main"}, "head", "invalid"),
        ({"title": "t", "head": "feature", "base": "main\u202e"}, "base", "invalid"),
        ({"title": "t", "head": "fëature", "base": "main"}, "head", "exists"),
        ({"title": "t", "head": "nothing", "base": "main"}, "head", "exists"),
        ({"title": "t", "head": "feature", "base": "feature"}, "base", "invalid"),
        ({"title": "t" * 300, "head": "feature", "base": "main"}, "title", "invalid"),
    ],
)
def test_bad_pull_request_bodies_write_nothing(
    forge: Forge, tmp_path: Path, body: dict[str, Any], field: str, constraint: str
) -> None:
    owner = forge.new_user("ochb")
    repo = pushed_repo(forge, owner, tmp_path, ["feature"])
    with api(forge, repo, forge.token_for(owner, PR)) as client:
        answer = check_error(client.post("/pulls", json=body), 400, "VALIDATION_ERROR")
        assert answer["error"]["details"] == {"field": field, "constraint": constraint}
        assert client.get("/pulls", params={"state": "all"}).json()["data"] == []


def test_malformed_pull_request_requests(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("ochm")
    repo = pushed_repo(forge, owner, tmp_path, ["feature"])
    with api(forge, repo, forge.token_for(owner, PR)) as client:
        headers = {"Content-Type": "application/json"}
        check_error(client.post("/pulls", content=b"{", headers=headers), 400, "VALIDATION_ERROR")
        check_error(client.post("/pulls", content=b'"x"', headers=headers), 400, "VALIDATION_ERROR")
        check_error(client.post("/pulls", json=[]), 400, "VALIDATION_ERROR")
        huge = client.post("/pulls", content=b'{"title": "' + b"x" * (11 * 1024 * 1024) + b'"}')
        check_error(huge, 413, "PAYLOAD_TOO_LARGE")
        check_error(client.delete("/pulls"), 405, "METHOD_NOT_ALLOWED")
        assert client.get("/pulls", params={"state": "all"}).json()["data"] == []
        first = {"title": "t", "head": "feature", "base": "main"}
        opened(client.post("/pulls", json=first))
        check_error(client.post("/pulls", json=first), 409, "CONFLICT")
        assert len(client.get("/pulls").json()["data"]) == 1
    with httpx.Client(base_url=forge.url, timeout=60) as raw:
        check_error(raw.get(f"/api/repos/{owner.login}/absent/pulls"), 404, "NOT_FOUND")
