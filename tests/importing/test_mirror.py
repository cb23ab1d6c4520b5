"""Gogs ``migrateRepo`` and pull mirrors: ``mirror: true``, ``mirrorSync``, GraphQL ``syncMirror``.

The source is a private repository on the same test server, reached over
HTTP with its owner's token as ``auth_password``: the credentials must work
for the import and for every later sync (stored encrypted), and never show.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pygit2

from tests.backends import git_env, sql, wait_for
from tests.contents.builder import Builder
from tests.forge import Forge, User, unique
from tests.importing.flow import bare_path, finished

MIRROR = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  id isMirror mirrorUrl mirrorUpdatedAt pushes(first: 5) { totalCount } } }"""


def _migrate(forge: Forge, user: User, body: dict[str, Any]) -> httpx.Response:
    return forge.client.post(
        f"{forge.url}/api/v1/repos/migrate",
        json=body,
        headers={"Authorization": f"token {user.token}"},
    )


def _uid(forge: Forge, user: User) -> int:
    data = forge.gql("{ viewer { databaseId } }", token=user.token)
    uid: int = data["viewer"]["databaseId"]
    return uid


def _tip(path: Path, branch: str = "main") -> str | None:
    ref = pygit2.Repository(str(path)).references.get(f"refs/heads/{branch}")
    return str(ref.target) if ref is not None else None


def test_owner_can_mirror_a_private_source_and_sync_it(importer: Forge, tmp_path: Path) -> None:
    forge = importer
    user = forge.new_user()
    source = forge.new_repo(user, private=True)
    source_path = bare_path(forge, user.login, source["name"])
    git = Builder(source_path)
    first = git.commit({"README.md": b"# source\n"}, "First")
    name = unique("m")
    clone_addr = f"{forge.url}/{user.login}/{source['name']}.git"
    response = _migrate(
        forge,
        user,
        {
            "clone_addr": clone_addr,
            "auth_username": user.login,
            "auth_password": user.token,
            "uid": _uid(forge, user),
            "repo_name": name,
            "mirror": True,
            "private": True,
            "description": "A mirror",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == name
    assert body["full_name"] == f"{user.login}/{name}"
    assert body["mirror"] is True
    assert body["private"] is True
    assert body["description"] == "A mirror"
    assert body["owner"]["login"] == user.login
    assert body["permissions"] == {"admin": True, "push": True, "pull": True}
    assert user.token not in response.text
    repo = finished(forge, user, user.login, name)
    assert repo["importStatus"]["state"] == "SUCCEEDED", repo["importStatus"]
    assert user.token not in str(repo)
    mirror_path = bare_path(forge, user.login, name)
    assert _tip(mirror_path) == first
    got = forge.gql(MIRROR, {"o": user.login, "n": name}, token=user.token)["repository"]
    assert got["isMirror"] is True
    assert got["mirrorUrl"] == clone_addr
    # Stored: the URL without credentials, the credentials sealed with the server key.
    query = "SELECT url, credentials FROM repository_mirror WHERE repository_id = %d"
    stored = sql(forge, query % int(body["id"]))
    assert [str(stored[0][0])] == [clone_addr]
    assert str(stored[0][1]).startswith("v1.")
    assert user.token not in str(stored)
    # A reader sees that it is a mirror, not where from.
    reader = forge.new_user()
    forge.gql(
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { permission } }",
        {"i": {"repositoryId": got["id"], "login": reader.login, "permission": "READ"}},
        token=user.token,
    )
    seen = forge.gql(MIRROR, {"o": user.login, "n": name}, token=reader.token)["repository"]
    assert seen["isMirror"] is True
    assert seen["mirrorUrl"] is None
    assert _sync(forge, reader, user.login, name).status_code == 403

    # A mirror refuses pushes and commits through the API.
    refused = forge.client.put(
        f"{forge.url}/api/v1/repos/{user.login}/{name}/contents/x.txt",
        json={"message": "m", "content": base64.b64encode(b"x").decode()},
        headers={"Authorization": f"token {user.token}"},
    )
    assert refused.status_code == 403, refused.text
    env = git_env(tmp_path / "home")
    work = tmp_path / "work"
    authed = f"{forge.url}/{user.login}/{name}.git".replace("://", f"://{user.login}:{user.token}@")
    subprocess.run(["git", "clone", "-q", authed, str(work)], env=env, check=True)
    (work / "new.txt").write_text("new\n")
    for args in (
        ["add", "new.txt"],
        ["-c", "user.name=A", "-c", "user.email=a@b", "commit", "-qm", "n"],
    ):
        subprocess.run(["git", "-C", str(work), *args], env=env, check=True)
    pushed = subprocess.run(
        ["git", "-C", str(work), "push", "-q", "origin", "HEAD:main"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert pushed.returncode != 0
    assert "mirror" in pushed.stderr
    assert _tip(mirror_path) == first

    # New commits and tags in the source arrive with a sync, recorded as a push.
    second = git.commit({"README.md": b"# source\n\nmore\n"}, "Second")
    git.lightweight_tag("v1", second)
    before = got["pushes"]["totalCount"]
    assert _sync(forge, user, user.login, name).status_code == 202
    wait_for(lambda: _tip(mirror_path) == second, what="the mirror's sync")
    repository = pygit2.Repository(str(mirror_path))
    assert str(repository.references["refs/tags/v1"].target) == second

    def synced() -> dict[str, Any] | None:
        found = forge.gql(MIRROR, {"o": user.login, "n": name}, token=user.token)
        repo = found["repository"]
        return repo if repo["pushes"]["totalCount"] > before else None

    after = wait_for(synced, what="the sync's push")
    assert after["mirrorUpdatedAt"] is not None

    # GraphQL's syncMirror queues the same job; a branch deleted at the source goes too.
    git.commit({"f": b"1"}, "Topic", branch="topic")
    sync = forge.gql(
        "mutation($i: SyncMirrorInput!) { syncMirror(input: $i) { repository { isMirror } } }",
        {"i": {"repositoryId": got["id"]}},
        token=user.token,
    )
    assert sync["syncMirror"]["repository"]["isMirror"] is True
    wait_for(lambda: _tip(mirror_path, "topic") is not None, what="the topic branch")
    pygit2.Repository(str(source_path)).references.delete("refs/heads/topic")
    assert _sync(forge, user, user.login, name).status_code == 202
    wait_for(lambda: _tip(mirror_path, "topic") is None, what="the pruned branch")


def _sync(forge: Forge, user: User, owner: str, name: str) -> httpx.Response:
    return forge.client.post(
        f"{forge.url}/api/v1/repos/{owner}/{name}/mirror-sync",
        headers={"Authorization": f"token {user.token}"},
    )


def test_migrate_refusals_and_a_plain_import(importer: Forge) -> None:
    forge = importer
    user = forge.new_user()
    source = forge.new_repo(user)
    Builder(bare_path(forge, user.login, source["name"])).commit({"a": b"a"}, "A")
    clone_addr = f"{forge.url}/{user.login}/{source['name']}.git"
    uid = _uid(forge, user)
    base = {"clone_addr": clone_addr, "uid": uid, "repo_name": unique("p")}
    for broken in [
        {k: v for k, v in base.items() if k != "uid"},
        {**base, "uid": "1"},
        {**base, "uid": 2**40},
        {**base, "clone_addr": "file:///etc"},
        {**base, "clone_addr": "/etc"},
        {**base, "repo_name": "../x"},
        {**base, "mirror": "yes"},
    ]:
        response = _migrate(forge, user, broken)
        assert response.status_code == 422, (broken, response.text)
    other = forge.new_user()
    response = _migrate(forge, user, {**base, "uid": _uid(forge, other)})
    assert response.status_code == 403, response.text
    response = _migrate(forge, user, base)
    assert response.status_code == 201, response.text
    assert response.json()["mirror"] is False
    assert finished(forge, user, user.login, base["repo_name"])["importStatus"]["state"] == (
        "SUCCEEDED"
    )
    # The name is taken now: 422 as the contract says.
    assert _migrate(forge, user, base).status_code == 422
    # Not a mirror: mirrorSync answers 404.
    assert _sync(forge, user, user.login, base["repo_name"]).status_code == 404
    got = forge.gql(MIRROR, {"o": user.login, "n": base["repo_name"]}, token=user.token)
    assert got["repository"]["isMirror"] is False
    assert got["repository"]["mirrorUrl"] is None
