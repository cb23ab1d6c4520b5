"""The OpenCodeHub REST API (seeds/opencodehub-api.txt), walked in document order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.rest.rest import RFC3339, assert_types, curl

CREATE = """curl -X POST https://git.yourcompany.com/api/repos \\
  -H "Authorization: Bearer YOUR_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{
    "name": "my-project",
    "description": "My awesome project",
    "visibility": "private"
  }'"""
LIST_PULLS = (
    "curl https://git.yourcompany.com/api/repos/owner/repo/pulls \\\n"
    '  -H "Authorization: Bearer YOUR_TOKEN"'
)
CREATE_PULL = """curl -X POST https://git.yourcompany.com/api/repos/owner/repo/pulls \\
  -H "Authorization: Bearer YOUR_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{
    "title": "Add new feature",
    "head": "feature-branch",
    "base": "main",
    "body": "This PR adds..."
  }'"""


def check_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "meta"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert RFC3339.match(body["meta"]["timestamp"])
    assert isinstance(body["meta"]["request_id"], str) and body["meta"]["request_id"]
    return body


def test_opencodehub_document_walk(forge: Forge, tmp_path: Path) -> None:
    user = forge.new_user("och")
    token = forge.token_for(user, ["repo:read", "repo:write"])
    replacements = {"https://git.yourcompany.com": forge.url, "YOUR_TOKEN": token}
    status, raw = curl(CREATE, replacements)
    assert status == 201, raw
    body = json.loads(raw)
    assert set(body) == {"data", "meta"} and RFC3339.match(body["meta"]["timestamp"])
    repo = body["data"]
    assert_types(
        repo, {"id": str, "name": str, "owner": dict, "visibility": str, "created_at": str}
    )
    assert repo["id"].startswith("repo-") and repo["name"] == "my-project"
    assert repo["owner"]["username"] == user.login and repo["owner"]["id"].startswith("user-")
    assert repo["visibility"] == "private" and RFC3339.match(repo["created_at"])
    assert repo["description"] == "My awesome project"

    headers = {"Authorization": f"Bearer {token}"}
    got = httpx.get(f"{forge.url}/api/repos/{user.login}/my-project", headers=headers)
    assert got.status_code == 200 and got.json()["data"]["id"] == repo["id"]
    check_error(httpx.get(f"{forge.url}/api/repos/{user.login}/my-project"), 404, "NOT_FOUND")

    # The branches the pull request example names, pushed with git.
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "README.md", "hello\n")
    git.run("checkout", "-q", "-b", "feature-branch", cwd=work)
    head = git.commit(work, "feature.txt", "new\n")
    remote = url(forge, f"{user.login}/my-project", token)
    git.run("push", "-q", remote, "main", "feature-branch", cwd=work)

    replacements["owner/repo"] = f"{user.login}/my-project"
    status, raw = curl(LIST_PULLS, replacements)
    assert status == 200, raw
    empty = json.loads(raw)
    assert empty["data"] == [] and empty["meta"]["total"] == 0

    status, raw = curl(CREATE_PULL, replacements)
    assert status == 201, raw
    pr = json.loads(raw)["data"]
    assert pr["id"].startswith("pr-") and pr["number"] == 1
    assert (pr["title"], pr["head"], pr["base"]) == ("Add new feature", "feature-branch", "main")
    assert pr["body"] == "This PR adds..." and pr["state"] == "open"
    assert pr["head_sha"] == head and pr["author"]["username"] == user.login

    status, raw = curl(LIST_PULLS, replacements)
    listed = json.loads(raw)
    assert status == 200 and listed["data"] == [pr]
    assert listed["meta"]["page"] == 1 and listed["meta"]["total"] == 1
    # Rate limiting: the documented header on every answer, errors included.
    answer = httpx.get(f"{forge.url}/api/repos/{user.login}/my-project/pulls", headers=headers)
    assert answer.headers["X-RateLimit-Remaining"].isdigit()
    missing = httpx.get(f"{forge.url}/api/repos/{user.login}/my-project/pulls")
    check_error(missing, 404, "NOT_FOUND")
    assert missing.headers["X-RateLimit-Remaining"].isdigit()


def test_opencodehub_errors_name_the_field_and_write_nothing(forge: Forge) -> None:
    user = forge.new_user("ochbad")
    token = forge.token_for(user, ["repo:read", "repo:write"])
    url = f"{forge.url}/api/repos"
    headers = {"Authorization": f"Bearer {token}", "X-Request-Id": "req-abc123"}
    missing = check_error(
        httpx.post(url, json={"description": "x"}, headers=headers), 400, "VALIDATION_ERROR"
    )
    assert missing["error"]["details"] == {"field": "name", "constraint": "required"}
    assert missing["meta"]["request_id"] == "req-abc123"
    wrong = check_error(
        httpx.post(url, json={"name": "a", "visibility": "secret"}, headers=headers),
        400,
        "VALIDATION_ERROR",
    )
    assert wrong["error"]["details"] == {"field": "visibility", "constraint": "enum"}
    typed = check_error(httpx.post(url, json={"name": 3}, headers=headers), 400, "VALIDATION_ERROR")
    assert typed["error"]["details"]["constraint"] == "type"
    check_error(httpx.post(url, content=b"{", headers=headers), 400, "VALIDATION_ERROR")
    check_error(httpx.post(url, content=b"[]", headers=headers), 400, "VALIDATION_ERROR")
    bad_name = check_error(
        httpx.post(url, json={"name": "../etc"}, headers=headers), 400, "VALIDATION_ERROR"
    )
    assert bad_name["error"]["details"]["field"] == "name"
    huge = httpx.post(url, content=b"{" + b" " * (10 * 1024 * 1024 + 1) + b"}", headers=headers)
    check_error(huge, 413, "PAYLOAD_TOO_LARGE")
    check_error(httpx.post(url, json={"name": "x"}), 401, "UNAUTHORIZED")
    read_only = forge.token_for(user, ["repo:read"])
    check_error(
        httpx.post(url, json={"name": "x"}, headers={"Authorization": f"Bearer {read_only}"}),
        403,
        "FORBIDDEN",
    )
    check_error(httpx.get(url, headers=headers), 405, "METHOD_NOT_ALLOWED")
    assert httpx.post(url, json={"name": "dup"}, headers=headers).status_code == 201
    check_error(httpx.post(url, json={"name": "dup"}, headers=headers), 409, "CONFLICT")
    repos = forge.gql(
        "query($l: String!) { user(login: $l) { repositories(first: 10) { nodes { name } } } }",
        {"l": user.login},
        token=user.token,
    )["user"]["repositories"]["nodes"]
    assert [r["name"] for r in repos] == ["dup"]
    # Other /api paths keep the generic 404.
    assert httpx.get(f"{forge.url}/api/elsewhere").status_code == 404
