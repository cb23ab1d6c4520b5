"""Kod's promise, end to end: protected branches take pushes and merges from the owner only.

Collaborators are added and branches protected through Kod's REST routes;
the pushes are the real git client, over Kod's git URL ``/kod/repos/NAME.git``
(a flat name: the token owner's repository, else the one they collaborate on)
and the normal ``/OWNER/NAME.git``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.forge import Forge, User
from tests.git.gitcli import Git, remote_refs, url
from tests.rest.test_kod_conformance import admin_token, kod, refused
from tests.rest.test_kod_git import kod_url

WRITER = ["repo:read", "repo:write"]


@dataclass
class Team:
    owner: User
    owner_token: str
    writer: User
    writer_token: str
    reader: User
    reader_token: str
    name: str

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.name}"


def team(forge: Forge, tmp_path: Path, git: Git) -> Team:
    """An owner's Kod repository with main and feature, a write and a read collaborator."""
    owner, writer, reader = (forge.new_user(p) for p in ("kco", "kcw", "kcr"))
    owner_token = admin_token(forge, owner)
    made = Team(
        owner,
        owner_token,
        writer,
        forge.token_for(writer, WRITER),
        reader,
        forge.token_for(reader, WRITER),
        "shared",
    )
    with kod(forge, owner_token) as api:
        assert api.post("/repos", json={"name": made.name}).status_code == 201
        added = api.post(f"/repos/{made.name}/collaborators", json={"username": writer.login})
        assert added.status_code == 201, added.text
        read = api.post(
            f"/repos/{made.name}/collaborators",
            json={"username": reader.login, "permission": "read"},
        )
        assert read.status_code == 201, read.text
        assert read.json()["permissions"] == {writer.login: "write", reader.login: "read"}
    work = git.init(tmp_path / "seed")
    git.commit(work, "README.md", "hello\n")
    git.run("push", kod_url(forge, made.name, owner_token), "main", "main:feature", cwd=work)
    return made


def _clone(git: Git, forge: Forge, where: Path, full_name: str, token: str) -> Path:
    git.run("clone", "-q", url(forge, full_name, token), str(where))
    return where


def test_protected_branches_refuse_collaborators_and_take_the_owner(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    t = team(forge, tmp_path, git)
    with kod(forge, t.owner_token) as api:
        protect = api.put(f"/repos/{t.name}/protections/branches/main")
        assert protect.status_code == 200 and protect.json() == {"branches": ["main"]}

    mine = _clone(git, forge, tmp_path / "writer", t.full_name, t.writer_token)
    feature_tip = git.commit(mine, "feature.txt", "by a collaborator\n")
    git.run("push", "origin", "HEAD:feature", cwd=mine)
    assert remote_refs(forge, t.full_name)["refs/heads/feature"] == feature_tip

    main_before = remote_refs(forge, t.full_name)["refs/heads/main"]
    refused_push = git.run("push", "origin", "HEAD:main", cwd=mine, check=False)
    assert refused_push.returncode != 0
    assert "remote: Ingot: branch 'main' is protected" in refused_push.stderr
    assert remote_refs(forge, t.full_name)["refs/heads/main"] == main_before

    # A collaborator's Kod URL names the repository they collaborate on: the same rules.
    over_kod = git.run(
        "push", kod_url(forge, t.name, t.writer_token), "HEAD:main", cwd=mine, check=False
    )
    assert "remote: Ingot: branch 'main' is protected" in over_kod.stderr
    assert remote_refs(forge, t.full_name)["refs/heads/main"] == main_before

    theirs = _clone(git, forge, tmp_path / "reader", t.full_name, t.reader_token)
    git.commit(theirs, "reader.txt", "read only\n")
    read_push = git.run("push", "origin", "HEAD:feature", cwd=theirs, check=False)
    assert read_push.returncode != 0
    assert remote_refs(forge, t.full_name)["refs/heads/feature"] == feature_tip

    # The owner pushes to the protected branch over Kod's git URL.
    owner_work = _clone(git, forge, tmp_path / "owner", t.full_name, t.owner_token)
    owner_tip = git.commit(owner_work, "owner.txt", "owner\n")
    pushed = git.run("push", kod_url(forge, t.name, t.owner_token), "HEAD:main", cwd=owner_work)
    assert "HEAD -> main" in pushed.stderr
    assert remote_refs(forge, t.full_name)["refs/heads/main"] == owner_tip

    with kod(forge, t.owner_token) as api:
        unprotect = api.delete(f"/repos/{t.name}/protections/branches/main")
        assert unprotect.status_code == 200 and unprotect.json() == {"branches": []}
    git.run("pull", "-q", "--no-rebase", "origin", "main", cwd=mine)
    merged_tip = git.commit(mine, "later.txt", "now allowed\n")
    git.run("push", "origin", "HEAD:main", cwd=mine)
    assert remote_refs(forge, t.full_name)["refs/heads/main"] == merged_tip


OPEN_PR = """mutation($i: CreatePullRequestInput!) {
  createPullRequest(input: $i) { pullRequest { id } } }"""
MERGE_PR = """mutation($id: ID!) {
  mergePullRequest(input: {pullRequestId: $id}) { pullRequest { merged mergeCommitOid } } }"""


def _open_pr(forge: Forge, t: Team, head: str, base: str) -> str:
    repo = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { id } }",
        {"o": t.owner.login, "n": t.name},
        token=t.writer_token,
    )["repository"]
    data = forge.gql(
        OPEN_PR,
        {
            "i": {
                "repositoryId": repo["id"],
                "title": f"{head} into {base}",
                "headRefName": head,
                "baseRefName": base,
            }
        },
        token=t.writer_token,
    )
    pr_id: str = data["createPullRequest"]["pullRequest"]["id"]
    return pr_id


def test_a_write_collaborator_merges_only_into_unprotected_branches(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    t = team(forge, tmp_path, git)
    mine = _clone(git, forge, tmp_path / "writer", t.full_name, t.writer_token)
    git.run("push", "origin", "HEAD:develop", cwd=mine)
    git.commit(mine, "feature.txt", "feature\n")
    git.run("push", "origin", "HEAD:topic", cwd=mine)
    with kod(forge, t.owner_token) as api:
        assert api.put(f"/repos/{t.name}/protections/branches/main").status_code == 200

    into_main = _open_pr(forge, t, "topic", "main")
    into_develop = _open_pr(forge, t, "topic", "develop")
    main_before = remote_refs(forge, t.full_name)["refs/heads/main"]
    error = forge.gql_error(MERGE_PR, {"id": into_main}, token=t.writer_token)
    assert error.codes == ["FORBIDDEN"] and "protected" in error.errors[0]["message"]
    assert remote_refs(forge, t.full_name)["refs/heads/main"] == main_before

    merged = forge.gql(MERGE_PR, {"id": into_develop}, token=t.writer_token)
    result = merged["mergePullRequest"]["pullRequest"]
    assert result["merged"] is True
    assert remote_refs(forge, t.full_name)["refs/heads/develop"] == result["mergeCommitOid"]

    # A read collaborator merges nothing; the owner merges into the protected branch.
    denied = forge.gql_error(MERGE_PR, {"id": into_main}, token=t.reader_token)
    assert denied.codes == ["FORBIDDEN"]
    owner_merge = forge.gql(MERGE_PR, {"id": into_main}, token=t.owner_token)
    assert owner_merge["mergePullRequest"]["pullRequest"]["merged"] is True


ROUTES = [
    ("GET", "/repos/{name}/protections/branches", None),
    ("PUT", "/repos/{name}/protections/branches/main", None),
    ("DELETE", "/repos/{name}/protections/branches/main", None),
    ("GET", "/repos/{name}/collaborators", None),
    ("POST", "/repos/{name}/collaborators", {"username": "{user}"}),
    ("PUT", "/repos/{name}/collaborators/{user}", {"permission": "read"}),
    ("DELETE", "/repos/{name}/collaborators/{user}", None),
]


def _call(api: Any, method: str, path: str, body: Any, name: str, user: str) -> Any:
    path = path.format(name=name, user=user)
    if body is not None:
        body = {k: v.format(user=user) for k, v in body.items()}
    return api.request(method, path, json=body)


def _state(forge: Forge, t: Team) -> tuple[Any, ...]:
    data = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
             branchProtectionRules(first: 100) { nodes { pattern } }
             collaborators(first: 100) { edges { permission node { login } } } } }""",
        {"o": t.owner.login, "n": t.name},
        token=t.owner_token,
    )["repository"]
    rules = [r["pattern"] for r in data["branchProtectionRules"]["nodes"]]
    people = sorted((e["node"]["login"], e["permission"]) for e in data["collaborators"]["edges"])
    return rules, people


def test_only_the_owner_reaches_the_new_routes(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    t = team(forge, tmp_path, git)
    outsider = forge.new_user("kcx")
    forge.new_repo(t.owner, name="hidden", private=True)
    before = _state(forge, t)
    target = forge.new_user("kct").login
    # Their tokens hold every permission, so only the repository or the role can be missing.
    # Collaborators reach the shared repository by its flat name: they read its lists but
    # manage nothing (that takes the repository's admin); the owner's other one is not theirs.
    for person in (t.writer, t.reader):
        with kod(forge, admin_token(forge, person)) as api:
            for method, path, body in ROUTES:
                answer = _call(api, method, path, body, t.name, target)
                if method == "GET":
                    assert answer.status_code == 200, answer.text
                else:
                    refused(answer, 403)
                refused(_call(api, method, path, body, "hidden", target), 404)
    # Outsiders: the name is nobody's they can reach.
    with kod(forge, admin_token(forge, outsider)) as api:
        for method, path, body in ROUTES:
            for name in (t.name, "hidden"):
                refused(_call(api, method, path, body, name, target), 404)
    with kod(forge) as anonymous:
        for method, path, body in ROUTES:
            refused(_call(anonymous, method, path, body, t.name, target), 401)
    # The owner with a token lacking the route's permission: 403 before anything is looked up.
    needs = {
        "protections": (["repo:read"], "repo:write"),
        "collaborators": (["repo:read", "repo:write", "collaborator:read"], "collaborator:write"),
    }
    nothing = forge.token_for(t.owner, [])
    with kod(forge, nothing) as api:
        for method, path, body in ROUTES:
            for name in (t.name, "hidden", "absent"):
                refused(_call(api, method, path, body, name, target), 403)
    for kind, (scopes, missing) in needs.items():
        with kod(forge, forge.token_for(t.owner, scopes)) as api:
            for method, path, body in ROUTES:
                if kind in path and method != "GET":
                    answer = refused(_call(api, method, path, body, t.name, target), 403)
                    assert missing in answer["error"]
    assert _state(forge, t) == before
    # Without repo:read a token does not see its account's private repositories.
    blind = forge.token_for(t.owner, ["collaborator:read", "collaborator:write"])
    with kod(forge, blind) as api:
        refused(api.get("/repos/hidden/collaborators"), 404)
        refused(api.post("/repos/hidden/collaborators", json={"username": target}), 404)
        # Kod's own repositories are private (issue 14): a public one made elsewhere is seen.
        refused(api.get(f"/repos/{t.name}/collaborators"), 404)
        public = forge.new_repo(t.owner)["name"]
        assert api.get(f"/repos/{public}/collaborators").status_code == 200
    # The owner's private repository is theirs to manage.
    with kod(forge, t.owner_token) as api:
        for method, path, body in ROUTES:
            answer = _call(api, method, path, body, "hidden", target)
            assert answer.status_code in (200, 201, 204), (method, path, answer.text)


@pytest.mark.parametrize(
    "branch",
    [
        "..%2Fescape",
        "a%2F..%2Fb",
        "-main",
        "%2Dx",
        "x.lock",
        "a%20b",
        "rel*",
        "a~1",
        "a:b",
        "main%E2%80%AE",
        "zero%E2%80%8Bwidth",
        "a%00b",
        ".hidden",
        "end/",
        "a//b",
        "x@%7B1%7D",
    ],
)
def test_kod_refuses_hostile_branch_names(forge: Forge, branch: str) -> None:
    user = forge.new_user("kch")
    with kod(forge, admin_token(forge, user)) as api:
        assert api.post("/repos", json={"name": "guarded"}).status_code == 201
        answer = api.put(f"/repos/guarded/protections/branches/{branch}")
        assert refused(answer, 400)["field"] == "branch"
        refused(api.delete(f"/repos/guarded/protections/branches/{branch}"), 400)
        assert api.get("/repos/guarded/protections/branches").json() == {"branches": []}


def test_kod_protections_are_exact_names_and_idempotent(forge: Forge) -> None:
    user = forge.new_user("kci")
    with kod(forge, admin_token(forge, user)) as api:
        assert api.post("/repos", json={"name": "many"}).status_code == 201
        assert api.put("/repos/many/protections/branches/release/v1").json() == {
            "branches": ["release/v1"]
        }
        assert api.put("/repos/many/protections/branches/f%C3%BCnf").json() == {
            "branches": ["fünf", "release/v1"]
        }
        again = api.put("/repos/many/protections/branches/release/v1")
        assert again.status_code == 200 and again.json() == {"branches": ["fünf", "release/v1"]}
        gone = api.delete("/repos/many/protections/branches/not-protected")
        assert gone.status_code == 200 and gone.json() == {"branches": ["fünf", "release/v1"]}
        assert api.get("/repos/many").json()["protectedBranches"] == ["fünf", "release/v1"]
        assert api.delete("/repos/many/protections/branches/fünf").json() == {
            "branches": ["release/v1"]
        }
        refused(api.get("/repos/nothing/protections/branches"), 404)
        refused(api.put("/repos/nothing/protections/branches/main"), 404)


def test_kod_collaborator_bodies_are_checked_and_nothing_is_written(forge: Forge) -> None:
    owner, friend = forge.new_user("kcb"), forge.new_user("kcf")
    with kod(forge, admin_token(forge, owner)) as api:
        assert api.post("/repos", json={"name": "team"}).status_code == 201
        path = "/repos/team/collaborators"
        assert refused(api.post(path, json={}), 400)["field"] == "username"
        assert refused(api.post(path, json={"username": 7}), 400)["field"] == "username"
        assert refused(api.post(path, json={"username": ""}), 400)["field"] == "username"
        assert refused(api.post(path, json=[friend.login]), 400)
        wrong = api.post(path, json={"username": friend.login, "permission": "admin"})
        assert refused(wrong, 400)["field"] == "permission"
        typed = api.post(path, json={"username": friend.login, "permission": True})
        assert refused(typed, 400)["field"] == "permission"
        refused(api.post(path, content=b"{", headers={"Content-Type": "application/json"}), 400)
        refused(api.post(path, json={"username": "nobody-by-that-name"}), 404)
        refused(api.post(path, json={"username": owner.login}), 400)
        refused(api.post(path, json={"username": "../etc/passwd"}), 404)
        refused(api.put(f"{path}/{friend.login}", json={"permission": "owner"}), 400)
        refused(api.delete(f"{path}/{friend.login}"), 404)
        assert api.get(path).json() == {"repoName": "team", "collaborators": [], "permissions": {}}

        assert api.put(f"{path}/{friend.login}", json={}).json()["permissions"] == {
            friend.login: "write"
        }
        changed = api.put(f"{path}/{friend.login}", json={"permission": "read"})
        assert changed.status_code == 200
        assert changed.json()["permissions"] == {friend.login: "read"}
        removed = api.delete(f"{path}/{friend.login}")
        assert removed.status_code == 204 and removed.content == b""
        assert api.get(path).json()["collaborators"] == []
