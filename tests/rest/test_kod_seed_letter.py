"""Kod to the letter of its seed document (issue 22, items 1-5), over real HTTP.

Flat names reach collaborations; a site administrator lists every repository
and token; minted tokens answer the permissions asked and start with
``kod_``; a local import is a site administrator's, under
``INGOT_IMPORT_LOCAL_ROOT`` only. Each with collaborators, outsiders, site
administrators and under-scoped tokens; the last test walks the seed's
examples for these routes in document order.
"""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth.token import looks_like_token
from tests.backends import database
from tests.conftest import start_server
from tests.forge import Forge, User, unique
from tests.git.gitcli import Git, remote_refs, url
from tests.importing.flow import finished
from tests.rest.test_kod_conformance import (
    REPO_FIELDS,
    TOKEN_FIELDS,
    admin_token,
    check_types,
    kod,
    refused,
)
from tests.rest.test_kod_git import kod_url

KOD_TOKEN = re.compile(r"kod_[0-9A-Za-z]{46}")


def _make(api: httpx.Client, name: str) -> dict[str, Any]:
    made = api.post("/repos", json={"name": name})
    assert made.status_code == 201, made.text
    return dict(made.json())


def _share(api: httpx.Client, name: str, person: User, permission: str = "write") -> None:
    added = api.post(
        f"/repos/{name}/collaborators", json={"username": person.login, "permission": permission}
    )
    assert added.status_code == 201, added.text


def _account_id(forge: Forge, user: User) -> str:
    data = forge.gql("{ viewer { databaseId } }", token=user.token)
    return str(data["viewer"]["databaseId"])


# Item 1: flat names for collaborators.


def test_a_flat_name_is_the_callers_own_then_the_one_they_collaborate_on(forge: Forge) -> None:
    owner, writer, reader, outsider = (forge.new_user(p) for p in ("fo", "fw", "fr", "fx"))
    name = unique("shared")
    with kod(forge, admin_token(forge, owner)) as api:
        shared = _make(api, name)
        _share(api, name, writer)
        _share(api, name, reader, "read")
        hidden = forge.new_repo(owner, private=True)["name"]
    for person in (writer, reader):
        with kod(forge, admin_token(forge, person)) as api:
            got = api.get(f"/repos/{name}")
            assert got.status_code == 200, got.text
            assert got.json() == shared
            assert got.json()["ownerTokenId"] == _account_id(forge, owner)
            assert name in [r["name"] for r in api.get("/repos").json()]
            refused(api.get(f"/repos/{hidden}"), 404)
            # Reaching it is not managing it: renaming and deleting take its admin.
            refused(api.patch(f"/repos/{name}", json={"name": unique("x")}), 403)
            refused(api.delete(f"/repos/{name}"), 403)
    with kod(forge, admin_token(forge, outsider)) as api:
        refused(api.get(f"/repos/{name}"), 404)
        assert name not in [r["name"] for r in api.get("/repos").json()]
    # Under-scoped: the route's permission first (403), then no private repository
    # without repo:read (404), whatever the name means.
    with kod(forge, forge.token_for(writer, [])) as api:
        refused(api.get(f"/repos/{name}"), 403)
        refused(api.get("/repos"), 403)
    with kod(forge, forge.token_for(writer, ["collaborator:read"])) as api:
        refused(api.get(f"/repos/{name}/collaborators"), 404)
    # A repository of their own by that name comes first.
    with kod(forge, admin_token(forge, writer)) as api:
        own = _make(api, name)
        assert api.get(f"/repos/{name}").json() == own
        assert own["ownerTokenId"] == _account_id(forge, writer)
        listed = [r["ownerTokenId"] for r in api.get("/repos").json() if r["name"] == name]
        assert sorted(listed) == sorted([own["ownerTokenId"], shared["ownerTokenId"]])


def test_several_collaborations_of_one_name_are_a_409_naming_them(forge: Forge) -> None:
    first, second, helper = (forge.new_user(p) for p in ("fa", "fb", "fh"))
    name = unique("twice")
    for owner in (first, second):
        with kod(forge, admin_token(forge, owner)) as api:
            _make(api, name)
            _share(api, name, helper)
    with kod(forge, admin_token(forge, helper)) as api:
        for method in ("GET", "PATCH", "DELETE"):
            answer = refused(api.request(method, f"/repos/{name}", json={"name": "y"}), 409)
            assert f"{first.login}/{name}" in answer["error"]
            assert f"{second.login}/{name}" in answer["error"]
        refused(api.get(f"/repos/{name}/protections/branches"), 409)
        refused(api.get(f"/repos/{name}/collaborators"), 409)
        # A token without the route's permission is 403 before the name is looked at.
    with kod(forge, forge.token_for(helper, ["collaborator:read"])) as api:
        refused(api.delete(f"/repos/{name}"), 403)
    # Kod's git URL says the same, naming both.
    token = admin_token(forge, helper)
    refs = httpx.get(
        f"{forge.url}/kod/repos/{name}.git/info/refs?service=git-upload-pack",
        headers={"Authorization": "Basic " + base64.b64encode(f"git:{token}".encode()).decode()},
    )
    assert refs.status_code == 409
    assert f"{first.login}/{name}" in refs.text and f"{second.login}/{name}" in refs.text
    # Both still exist, untouched.
    for owner in (first, second):
        with kod(forge, admin_token(forge, owner)) as api:
            assert api.get(f"/repos/{name}").status_code == 200


def test_a_site_administrator_lists_and_reaches_every_repository(forge: Forge) -> None:
    alice, bob = forge.new_user("fsa"), forge.new_user("fsb")
    only, both = unique("only"), unique("both")
    with kod(forge, admin_token(forge, alice)) as api:
        _make(api, only)
        _make(api, both)
    with kod(forge, admin_token(forge, bob)) as api:
        _make(api, both)
    site_admin = forge.new_user("fsx", admin=True)
    with kod(forge, admin_token(forge, site_admin)) as api:
        names = []
        page = 1
        while batch := api.get("/repos", params={"page": page}).json():
            names += [r["name"] for r in batch]
            page += 1
        assert only in names and names.count(both) == 2
        assert api.get(f"/repos/{only}").json()["ownerTokenId"] == _account_id(forge, alice)
        refused(api.get(f"/repos/{both}"), 409)
    # An ordinary user's list is theirs only.
    with kod(forge, admin_token(forge, bob)) as api:
        assert [r["name"] for r in api.get("/repos").json()] == [both]
        refused(api.get(f"/repos/{only}"), 404)


def test_collaborators_push_and_clone_through_kods_git_url(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    owner, writer, reader, outsider = (forge.new_user(p) for p in ("go", "gw", "gr", "gx"))
    name = unique("pushed")
    with kod(forge, admin_token(forge, owner)) as api:
        _make(api, name)
        _share(api, name, writer)
        _share(api, name, reader, "read")
    full = f"{owner.login}/{name}"
    work = git.init(tmp_path / "work")
    head = git.commit(work, "README.md", "hello\n")
    writer_token = forge.token_for(writer, ["repo:read", "repo:write"])
    pushed = git.run("push", kod_url(forge, name, writer_token), "main", cwd=work)
    assert "main -> main" in pushed.stderr
    assert remote_refs(forge, full)["refs/heads/main"] == head
    clone = tmp_path / "clone"
    git.run("clone", "-q", kod_url(forge, name, forge.token_for(reader, ["repo:read"])), str(clone))
    assert (clone / "README.md").read_text() == "hello\n"
    git.commit(work, "more.txt", "more\n")
    reader_token = forge.token_for(reader, ["repo:read", "repo:write"])
    refused_push = git.run(
        "push", kod_url(forge, name, reader_token), "main", cwd=work, check=False
    )
    assert refused_push.returncode != 0
    read_only = forge.token_for(writer, ["repo:read"])
    assert git.run(
        "push", kod_url(forge, name, read_only), "main", cwd=work, check=False
    ).returncode
    assert remote_refs(forge, full)["refs/heads/main"] == head
    outsider_token = admin_token(forge, outsider)
    lost = git.run("ls-remote", kod_url(forge, name, outsider_token), check=False)
    assert lost.returncode != 0


# Item 2: a site administrator's token list.


def test_a_site_administrators_token_list_is_every_token_with_its_username(forge: Forge) -> None:
    alice, bob = forge.new_user("tka"), forge.new_user("tkb")
    with kod(forge, admin_token(forge, alice)) as api:
        minted = api.post("/tokens", json={"name": "ci-deploy"}).json()
        mine = api.get("/tokens")
        assert mine.status_code == 200
        assert {t["username"] for t in mine.json()} == {alice.login}
        assert minted["id"] in {t["id"] for t in mine.json()}
    with kod(forge, admin_token(forge, bob)) as api:
        assert minted["id"] not in {t["id"] for t in api.get("/tokens").json()}
    site_admin = forge.new_user("tkx", admin=True)
    with kod(forge, admin_token(forge, site_admin)) as api:
        every = api.get("/tokens")
        assert every.status_code == 200
        for item in every.json():
            check_types(item, TOKEN_FIELDS)
        by_id = {t["id"]: t for t in every.json()}
        assert by_id[minted["id"]]["username"] == alice.login
        assert {alice.login, bob.login, site_admin.login} <= {t["username"] for t in every.json()}
    # Under-scoped: without admin 403; a narrower admin token sees only tokens within it.
    with kod(forge, forge.token_for(site_admin, ["repo:read", "repo:write"])) as api:
        refused(api.get("/tokens"), 403)
    with kod(forge, forge.token_for(site_admin, ["admin", "repo:read"])) as api:
        narrow = api.get("/tokens").json()
        assert minted["id"] not in {t["id"] for t in narrow}
        assert all(set(t["permissions"]) <= {"admin", "repo:read"} for t in narrow)


# Items 3 and 4: permissions as asked, Kod's prefix on every transport.


def test_minted_permissions_are_answered_as_asked(forge: Forge) -> None:
    user = forge.new_user("tpa")
    with kod(forge, admin_token(forge, user)) as api:
        asked = ["workflow:trigger", "repo:write", "repo:write"]
        minted = api.post("/tokens", json={"name": "asked", "permissions": asked})
        assert minted.status_code == 201, minted.text
        assert minted.json()["permissions"] == ["workflow:trigger", "repo:write"]
        default = api.post("/tokens", json={"name": "default"}).json()
        assert default["permissions"] == ["repo:read", "repo:write"]
        refused(api.post("/tokens", json={"name": "x", "permissions": ["repo:everything"]}), 400)
    # Implications stay internal: writing still reads.
    with kod(forge, minted.json()["token"]) as api:
        assert api.get("/repos").status_code == 200


def test_kod_tokens_carry_kods_prefix_and_work_on_every_transport(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user("tpk")
    with kod(forge, admin_token(forge, user)) as api:
        secret = api.post("/tokens", json={"name": "kod"}).json()["token"]
    assert KOD_TOKEN.fullmatch(secret) and looks_like_token(secret)
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert not looks_like_token(flipped)
    name = forge.new_repo(user, private=True)["name"]
    basic = base64.b64encode(f"anyone:{secret}".encode()).decode()
    for headers, params in [
        ({"Authorization": f"token {secret}"}, {}),
        ({"Authorization": f"Bearer {secret}"}, {}),
        ({"Authorization": f"Basic {basic}"}, {}),
        ({}, {"token": secret}),
    ]:
        got = httpx.get(f"{forge.url}/kod/repos/{name}", headers=headers, params=params)
        assert got.status_code == 200, (headers, params, got.text)
        gogs = httpx.get(
            f"{forge.url}/api/v1/repos/{user.login}/{name}", headers=headers, params=params
        )
        assert gogs.status_code == 200, gogs.text
    viewer = forge.gql("{ viewer { login } }", token=secret)
    assert viewer["viewer"]["login"] == user.login
    mistyped = httpx.get(f"{forge.url}/kod/repos", headers={"Authorization": f"Bearer {flipped}"})
    refused(mistyped, 401)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    head = git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, f"{user.login}/{name}", secret), "main", cwd=work)
    assert remote_refs(forge, f"{user.login}/{name}")["refs/heads/main"] == head
    assert head in git.run("ls-remote", kod_url(forge, name, secret)).stdout


# Item 5: local imports.


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def local_importer(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Forge, Path]]:
    tmp = tmp_path_factory.mktemp(f"local-import-{request.param}")
    root = tmp / "import-root"
    root.mkdir()
    with database(request.param) as db_url:
        forge = start_server(
            tmp, db_url, {"INGOT_IMPORT_LOCAL_ROOT": str(root), "INGOT_MAINTENANCE_DELAY": "0"}
        )
        forge.backend = request.param
        try:
            yield forge, root
        finally:
            forge.stop()


def _bare_with_commits(git: Git, tmp: Path, where: Path) -> dict[str, str]:
    work = git.init(tmp / unique("w"))
    git.commit(work, "README.md", "local\n")
    git.commit(work, "b.txt", "b\n")
    git.run("init", "-q", "--bare", "-b", "main", str(where))
    git.run("push", "-q", str(where), "main", "main:topic", cwd=work)
    out = git.run("for-each-ref", "--format=%(refname) %(objectname)", cwd=where).stdout
    return dict(line.split(" ", 1) for line in out.splitlines())


def test_local_imports_need_the_setting(forge: Forge) -> None:
    with kod(forge, forge.admin.token) as api:
        answer = refused(api.post("/repos/import", json={"source": "/srv/git/project.git"}), 400)
        assert "INGOT_IMPORT_LOCAL_ROOT" in answer["error"]
        refused(api.get("/repos/project"), 404)


def test_a_site_administrator_imports_a_local_repository_under_the_root(
    local_importer: tuple[Forge, Path], tmp_path: Path
) -> None:
    forge, root = local_importer
    git = Git(tmp_path / "home")
    source = root / f"{unique('proj')}.git"
    refs = _bare_with_commits(git, tmp_path, source)
    admin = forge.new_user("lia", admin=True)
    admin.token = admin_token(forge, admin)
    with kod(forge, admin.token) as api:
        started = api.post("/repos/import", json={"source": str(source)})
        assert started.status_code == 201, started.text
        check_types(started.json(), REPO_FIELDS)
        name = started.json()["name"]
        assert name == source.name.removesuffix(".git")
    done = finished(forge, admin, admin.login, name)
    assert done["importStatus"]["state"] == "SUCCEEDED", done
    assert remote_refs(forge, f"{admin.login}/{name}") == refs
    assert done["defaultBranch"] == "main"


def test_local_imports_are_refused_to_others_and_outside_the_root(
    local_importer: tuple[Forge, Path], tmp_path: Path
) -> None:
    forge, root = local_importer
    git = Git(tmp_path / "home")
    inside = root / f"{unique('in')}.git"
    _bare_with_commits(git, tmp_path, inside)
    outside = tmp_path / "outside.git"
    _bare_with_commits(git, tmp_path, outside)
    user = forge.new_user("lio")
    site_admin = forge.new_user("lix", admin=True)

    def attempt(token: str, source: str, status: int) -> dict[str, Any]:
        with kod(forge, token) as api:
            return refused(
                api.post("/repos/import", json={"source": source, "name": unique()}), status
            )

    # Not a site administrator, or a site administrator's token without admin: 403.
    attempt(admin_token(forge, user), str(inside), 403)
    attempt(forge.token_for(site_admin, ["repo:read", "repo:write"]), str(inside), 403)
    attempt(forge.token_for(site_admin, ["admin", "repo:read"]), str(inside), 403)  # repo:write
    token = admin_token(forge, site_admin)
    # Outside the root, by path, by '..' and by a symlink leading out.
    attempt(token, str(outside), 400)
    attempt(token, "/etc", 400)
    attempt(token, f"{root}/../{outside.parent.name}/outside.git", 400)
    attempt(token, f"{inside}/..", 400)
    link = root / unique("link")
    link.symlink_to(outside)
    attempt(token, str(link), 400)
    # A repository under the root that borrows from outside: a symlinked objects
    # directory, or alternates.
    sneaky = root / f"{unique('sneaky')}.git"
    _bare_with_commits(git, tmp_path, sneaky)
    pack = sneaky / "objects" / "pack"
    subprocess.run(["rm", "-rf", str(pack)], check=True)
    pack.symlink_to(outside / "objects" / "pack")
    attempt(token, str(sneaky), 400)
    borrower = root / f"{unique('borrow')}.git"
    _bare_with_commits(git, tmp_path, borrower)
    (borrower / "objects" / "info" / "alternates").write_text(str(outside / "objects") + "\n")
    attempt(token, str(borrower), 400)
    # Not a repository, and nothing there.
    (root / "plain").mkdir(exist_ok=True)
    attempt(token, str(root / "plain"), 400)
    attempt(token, str(root / "missing"), 400)
    # A symlink that stays inside the root is fine.
    inner = root / unique("inner")
    inner.symlink_to(inside)
    with kod(forge, token) as api:
        assert api.post("/repos/import", json={"source": str(inner)}).status_code == 201


def test_a_local_import_checks_objects_as_a_push_does(
    local_importer: tuple[Forge, Path], tmp_path: Path
) -> None:
    forge, root = local_importer
    git = Git(tmp_path / "home")
    source = root / f"{unique('bad')}.git"
    git.run("init", "-q", "--bare", "-b", "main", str(source))
    tree = git.run("hash-object", "-t", "tree", "-w", "--stdin", cwd=source).stdout.strip()
    broken = f"tree {tree}\nauthor no-email-here 0 +0000\ncommitter x <x@y> 0 +0000\n\nbad\n"
    made = subprocess.run(
        ["git", "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
        input=broken,
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
        env=git.env(),
    )
    git.run("update-ref", "refs/heads/main", made.stdout.strip(), cwd=source)
    site_admin = forge.new_user("lib", admin=True)
    site_admin.token = admin_token(forge, site_admin)
    with kod(forge, site_admin.token) as api:
        started = api.post("/repos/import", json={"source": str(source)})
        assert started.status_code == 201, started.text
    done = finished(forge, site_admin, site_admin.login, started.json()["name"])
    assert done["importStatus"]["state"] == "FAILED"
    assert "object" in done["importStatus"]["error"].lower(), done


# The seed document's examples for these routes, in its order.


def test_kod_seed_examples_in_order(forge: Forge) -> None:
    site_admin = forge.new_user("seed", admin=True)
    alice = forge.new_user("alice")
    with kod(forge, admin_token(forge, site_admin)) as api:
        # "List all repositories": every repository for a site administrator's token.
        created = _make(api, unique("my-project"))
        listed = api.get("/repos")
        assert listed.status_code == 200
        for repo in listed.json():
            check_types(repo, REPO_FIELDS)
        # "Import a local or remote Git repository": a local path needs the setting here.
        refused(api.post("/repos/import", json={"source": "/root/project", "name": "project"}), 400)
        # "Get repository details" of a repository alice collaborates on, as alice.
        _share(api, created["name"], alice)
        with kod(forge, admin_token(forge, alice)) as theirs:
            assert theirs.get(f"/repos/{created['name']}").json() == created
        # "List all API tokens" and "Create a new API token" with the documented body.
        minted = api.post(
            "/tokens",
            json={
                "name": "ci-deploy",
                "permissions": ["repo:read", "workflow:trigger", "webhook:read"],
                "expiresInDays": 30,
                "username": alice.login,
            },
        )
        assert minted.status_code == 201, minted.text
        body = minted.json()
        assert set(body) == {"id", "name", "token", "permissions", "expiresAt", "message"}
        assert body["name"] == "ci-deploy" and KOD_TOKEN.fullmatch(body["token"])
        assert body["permissions"] == ["repo:read", "workflow:trigger", "webhook:read"]
        assert body["message"] == "Save this token - it will not be shown again"
        every = {t["id"]: t for t in api.get("/tokens").json()}
        assert every[body["id"]]["username"] == alice.login
        assert every[body["id"]]["name"] == "ci-deploy"
        # "Delete a token": the site administrator may delete alice's.
        assert api.delete(f"/tokens/{body['id']}").status_code == 204
        assert body["id"] not in {t["id"] for t in api.get("/tokens").json()}
