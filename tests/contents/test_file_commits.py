"""Committing files through the API: Gogs ``putContents`` and GraphQL ``createCommitOnBranch``.

A commit made this way is a real commit on the branch, recorded as a push (CI
queued, the Push row), refused where a push would be, and never loses a
concurrent writer's commit.
"""

from __future__ import annotations

import base64
import threading
from typing import Any

import httpx
import pygit2

from tests.contents.builder import Builder, bare_path
from tests.forge import Forge, User

COMMIT = """mutation($i: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $i) {
  commit { oid url message messageHeadline parentOids author { name email }
           file(path: "notes/todo.txt") { path oid size type } } } }"""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _repo(forge: Forge, user: User) -> tuple[dict[str, Any], Builder]:
    repo = forge.new_repo(user)
    git = Builder(bare_path(forge, repo["nameWithOwner"]))
    git.commit({"README.md": b"# hi\n", "link": b"README.md"}, "Initial commit")
    return repo, git


def _put(forge: Forge, token: str, full: str, path: str, body: dict[str, Any]) -> httpx.Response:
    return forge.client.put(
        f"{forge.url}/api/v1/repos/{full}/contents/{path}",
        json=body,
        headers={"Authorization": f"token {token}"},
    )


def _tip(forge: Forge, full: str, branch: str = "main") -> pygit2.Commit:
    repo = pygit2.Repository(str(bare_path(forge, full)))
    return repo.references[f"refs/heads/{branch}"].peel(pygit2.Commit)


def test_user_can_create_and_update_a_file_through_gogs(forge: Forge) -> None:
    user = forge.new_user()
    repo, _ = _repo(forge, user)
    full = repo["nameWithOwner"]
    before = str(_tip(forge, full).id)
    response = _put(
        forge,
        user.token,
        full,
        "docs/new.md",
        {"message": "Add docs\n\nWith a body.", "content": _b64(b"hello\n")},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    tip = _tip(forge, full)
    assert body["commit"]["sha"] == str(tip.id)
    assert [p["sha"] for p in body["commit"]["parents"]] == [before]
    assert body["commit"]["commit"]["message"] == "Add docs\n\nWith a body.\n"
    assert body["commit"]["commit"]["author"]["name"] == user.login
    assert body["commit"]["commit"]["author"]["email"] == f"{user.login}@example.com"
    assert body["commit"]["commit"]["tree"]["sha"] == str(tip.tree_id)
    assert body["commit"]["html_url"].endswith(f"/{full}/commit/{tip.id}")
    blob = tip.tree["docs/new.md"]
    content = body["content"]
    assert content["type"] == "file"
    assert content["name"] == "new.md"
    assert content["path"] == "docs/new.md"
    assert content["sha"] == str(blob.id)
    assert content["size"] == 6
    assert content["encoding"] == "base64"
    assert base64.b64decode(content["content"]) == b"hello\n"
    assert content["url"].endswith("/contents/docs/new.md?ref=main")
    assert content["download_url"].endswith(f"/{full}/raw/main/docs/new.md")
    assert content["_links"]["git"] == content["git_url"]
    # The file exists now: without its sha it is not replaced (Gitea answers 422).
    again = _put(forge, user.token, full, "docs/new.md", {"message": "x", "content": _b64(b"2")})
    assert again.status_code == 422, again.text
    stale = _put(
        forge,
        user.token,
        full,
        "docs/new.md",
        {"message": "x", "content": _b64(b"2"), "sha": "1" * 40},
    )
    assert stale.status_code == 409, stale.text
    update = _put(
        forge,
        user.token,
        full,
        "docs/new.md",
        {"message": "Update", "content": _b64(b"second\n"), "sha": content["sha"]},
    )
    assert update.status_code == 201, update.text
    assert _tip(forge, full).tree["docs/new.md"].data == b"second\n"
    # Recorded as a push by the author.
    pushes = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
             pushes(first: 1) { nodes { pusher { login } refUpdates { refName afterOid } } } } }""",
        {"o": user.login, "n": repo["name"]},
        token=user.token,
    )["repository"]["pushes"]["nodes"][0]
    assert pushes["pusher"]["login"] == user.login
    assert pushes["refUpdates"] == [
        {"refName": "refs/heads/main", "afterOid": update.json()["commit"]["sha"]}
    ]


def test_hostile_paths_and_bodies_are_refused(forge: Forge) -> None:
    user = forge.new_user()
    repo, _ = _repo(forge, user)
    full = repo["nameWithOwner"]
    before = str(_tip(forge, full).id)
    for path in [
        ".git/config",
        "a/.GIT/hooks/x",
        "link/inside.txt",
        "README.md/x",
        "a%01b",
        "a/%2e%2e/b",
    ]:
        response = _put(forge, user.token, full, path, {"message": "m", "content": _b64(b"x")})
        assert response.status_code == 422, (path, response.text)
    for body in [
        {"message": "m", "content": "not base64!"},
        {"message": "", "content": _b64(b"x")},
        {"message": 3, "content": _b64(b"x")},
        {"content": _b64(b"x")},
    ]:
        response = _put(forge, user.token, full, "ok.txt", body)
        assert response.status_code == 422, (body, response.text)
    assert str(_tip(forge, full).id) == before


def test_protected_branch_refuses_writers_but_not_admins(forge: Forge) -> None:
    owner = forge.new_user()
    writer = forge.new_user()
    reader = forge.new_user()
    repo, _ = _repo(forge, owner)
    full = repo["nameWithOwner"]
    for login, permission in ((writer.login, "WRITE"), (reader.login, "READ")):
        forge.gql(
            "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { permission } }",
            {"i": {"repositoryId": repo["id"], "login": login, "permission": permission}},
            token=owner.token,
        )
    body = {"message": "m", "content": _b64(b"x")}
    assert _put(forge, reader.token, full, "r.txt", body).status_code == 403
    assert _put(forge, writer.token, full, "w.txt", body).status_code == 201
    forge.gql(
        "mutation($i: CreateBranchProtectionRuleInput!) "
        "{ createBranchProtectionRule(input: $i) { __typename } }",
        {"i": {"repositoryId": repo["id"], "pattern": "main"}},
        token=owner.token,
    )
    assert _put(forge, writer.token, full, "w2.txt", body).status_code == 403
    assert _put(forge, owner.token, full, "o.txt", body).status_code == 201
    stranger = forge.new_user()
    private = forge.new_repo(owner, private=True)
    hidden = _put(forge, stranger.token, private["nameWithOwner"], "x.txt", body)
    assert hidden.status_code == 404


def test_graphql_commit_on_branch_adds_deletes_and_queues_ci(forge: Forge) -> None:
    user = forge.new_user()
    repo, _ = _repo(forge, user)
    full = repo["nameWithOwner"]
    head = str(_tip(forge, full).id)
    workflow = b"[step:hello]\nrun: echo hi\n"
    made = forge.gql(
        COMMIT,
        {
            "i": {
                "branch": {"repositoryNameWithOwner": full, "branchName": "main"},
                "message": {"headline": "Add notes", "body": "Body."},
                "fileChanges": {
                    "additions": [
                        {"path": "notes/todo.txt", "contents": _b64(b"todo\n")},
                        {"path": ".kod/workflows/ci.toml", "contents": _b64(workflow)},
                    ],
                    "deletions": [{"path": "link"}],
                },
                "expectedHeadOid": head,
            }
        },
        token=user.token,
    )["createCommitOnBranch"]["commit"]
    tip = _tip(forge, full)
    assert made["oid"] == str(tip.id)
    assert made["url"].endswith(f"/{full}/commit/{tip.id}")
    assert made["message"] == "Add notes\n\nBody.\n"
    assert made["parentOids"] == [head]
    assert made["author"] == {"name": user.login, "email": f"{user.login}@example.com"}
    assert made["file"] == {
        "path": "notes/todo.txt",
        "oid": str(tip.tree["notes/todo.txt"].id),
        "size": 5,
        "type": "blob",
    }
    assert "link" not in tip.tree
    pipelines = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
             pipelines(first: 5) { nodes { commitOid } } } }""",
        {"o": user.login, "n": repo["name"]},
        token=user.token,
    )["repository"]["pipelines"]["nodes"]
    assert pipelines == [{"commitOid": made["oid"]}]
    # A stale expectedHeadOid is a conflict, and nothing moves.
    error = forge.gql_error(
        COMMIT,
        {
            "i": {
                "branch": {"repositoryNameWithOwner": full, "branchName": "main"},
                "message": {"headline": "late"},
                "fileChanges": {"additions": [{"path": "x", "contents": _b64(b"x")}]},
                "expectedHeadOid": head,
            }
        },
        token=user.token,
    )
    assert error.codes == ["CONFLICT"]
    assert str(_tip(forge, full).id) == made["oid"]
    missing = forge.gql_error(
        COMMIT,
        {
            "i": {
                "branch": {"repositoryNameWithOwner": full, "branchName": "nope"},
                "message": {"headline": "m"},
                "fileChanges": {"additions": [{"path": "x", "contents": _b64(b"x")}]},
            }
        },
        token=user.token,
    )
    assert missing.codes == ["NOT_FOUND"]


def test_concurrent_writers_never_lose_a_commit(forge: Forge) -> None:
    user = forge.new_user()
    repo, _ = _repo(forge, user)
    full = repo["nameWithOwner"]
    statuses: list[int] = []

    def write(i: int) -> None:
        with httpx.Client(timeout=60) as client:
            response = client.put(
                f"{forge.url}/api/v1/repos/{full}/contents/f{i}.txt",
                json={"message": f"file {i}", "content": _b64(f"{i}\n".encode())},
                headers={"Authorization": f"token {user.token}"},
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 6
    tree = _tip(forge, full).tree
    assert all(f"f{i}.txt" in tree for i in range(6))


def test_empty_repository_gets_its_first_commit(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    full = repo["nameWithOwner"]
    response = _put(
        forge, user.token, full, "README.md", {"message": "First", "content": _b64(b"1")}
    )
    assert response.status_code == 201, response.text
    assert _tip(forge, full).parents == []
