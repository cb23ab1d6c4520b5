"""Gogs collaboration routes on a live server: who may write, what stays hidden, bad input, git.

The fields of each route are walked in ``test_gogs_conformance.py``; here are
the permission matrices, private repositories, pagination, refused input and
the real git client.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.collaboration.releases_api import CREATE as RELEASE
from tests.collaboration.releases_api import commit
from tests.forge import Forge, unique
from tests.git.gitcli import Git, remote_refs, url
from tests.rest.rest import client, gogs_token

MANAGE = ["repo", "collaborator:write"]


def _collaborators(forge: Forge, token: str, full: str) -> dict[str, dict[str, bool]]:
    with client(forge, token=token) as api:
        listed = api.get(f"/repos/{full}/collaborators", params={"limit": 100})
    assert listed.status_code == 200, listed.text
    return {c["login"]: c["permissions"] for c in listed.json()}


def _put(forge: Forge, token: str, full: str, login: str, permission: str) -> None:
    with client(forge, token=token) as api:
        response = api.put(f"/repos/{full}/collaborators/{login}", json={"permission": permission})
    assert response.status_code == 204, response.text


def _walk(api: httpx.Client, first_url: str) -> tuple[list[dict[str, Any]], int]:
    """Every item of a list, following ``Link: rel="next"``; and how many pages it took."""
    items: list[dict[str, Any]] = []
    pages = 0
    next_url: str | None = first_url
    while next_url:
        response = api.get(next_url)
        assert response.status_code == 200, response.text
        if pages == 0:
            assert "first" not in response.links and "prev" not in response.links
            assert "last" in response.links
        else:
            assert {"first", "prev"} <= set(response.links)
        items += response.json()
        next_url = response.links.get("next", {}).get("url")
        pages += 1
    return items, pages


def test_collaborator_routes_permission_matrix(forge: Forge) -> None:
    owner = forge.new_user("gco")
    repo = forge.new_repo(owner)
    full = repo["nameWithOwner"]
    owner_token = gogs_token(forge, owner, MANAGE)
    people = {role: forge.new_user(f"gc{role[:3]}") for role in ("admin", "writer", "reader")}
    for role, person in people.items():
        _put(
            forge,
            owner_token,
            full,
            person.login,
            {"writer": "write", "reader": "read"}.get(role, role),
        )
    outsider = forge.new_user("gcout")
    callers: dict[str, tuple[str | None, int]] = {
        "collaborator admin": (gogs_token(forge, people["admin"], MANAGE), 204),
        "collaborator write": (gogs_token(forge, people["writer"], MANAGE), 403),
        "collaborator read": (gogs_token(forge, people["reader"], MANAGE), 403),
        "outsider": (gogs_token(forge, outsider, MANAGE), 403),
        "anonymous": (None, 401),
        "owner with a repo token": (gogs_token(forge, owner), 403),
        "owner": (owner_token, 204),
    }
    for who, (token, status) in callers.items():
        target = forge.new_user("gct")
        path = f"/repos/{full}/collaborators/{target.login}"
        with client(forge, token=token) as api:
            added = api.put(path, json={"permission": "write"})
            assert added.status_code == status, (who, added.text)
            if status != 204:
                assert set(added.json()) >= {"message", "url"}
                assert target.login not in _collaborators(forge, owner_token, full), who
                # Refused removal leaves an existing collaborator in place.
                _put(forge, owner_token, full, target.login, "read")
                assert api.delete(path).status_code == status, who
                assert target.login in _collaborators(forge, owner_token, full), who
            else:
                assert _collaborators(forge, owner_token, full)[target.login]["push"] is True
                assert api.delete(path).status_code == 204, who
                assert target.login not in _collaborators(forge, owner_token, full), who
    # Listing and checking need collaborator:read: a plain repo token is refused.
    with client(forge, token=gogs_token(forge, owner)) as api:
        assert api.get(f"/repos/{full}/collaborators").status_code == 403
        assert api.get(f"/repos/{full}/collaborators/{outsider.login}").status_code == 403
    with client(forge) as anonymous:
        assert anonymous.get(f"/repos/{full}/collaborators").status_code == 401
    reader_view = _collaborators(forge, gogs_token(forge, people["reader"], MANAGE), full)
    assert {p.login for p in people.values()} <= set(reader_view)


def test_milestone_and_issue_planning_permission_matrix(forge: Forge) -> None:
    owner = forge.new_user("gmo")
    repo = forge.new_repo(owner)
    full = repo["nameWithOwner"]
    owner_token = gogs_token(forge, owner, MANAGE)
    writer, reader, outsider = (forge.new_user(p) for p in ("gmw", "gmr", "gmx"))
    _put(forge, owner_token, full, writer.login, "write")
    _put(forge, owner_token, full, reader.login, "read")
    with client(forge, token=owner_token) as api:
        milestone = api.post(f"/repos/{full}/milestones", json={"title": "base"}).json()
    path = f"/repos/{full}/milestones/{milestone['id']}"
    callers: dict[str, tuple[str | None, bool, int]] = {
        "owner": (gogs_token(forge, owner), True, 0),
        "collaborator write": (gogs_token(forge, writer), True, 0),
        "collaborator read": (gogs_token(forge, reader), False, 403),
        "outsider": (gogs_token(forge, outsider), False, 403),
        "anonymous": (None, False, 401),
        "owner with a read-only token": (gogs_token(forge, owner, ["repo:read"]), False, 403),
    }
    for who, (token, allowed, refusal) in callers.items():
        with client(forge, token=token) as api:
            created = api.post(f"/repos/{full}/milestones", json={"title": who})
            edited = api.patch(path, json={"description": who})
            issue = api.post(
                f"/repos/{full}/issues", json={"title": who, "milestone": milestone["id"]}
            )
            if allowed:
                assert (created.status_code, edited.status_code) == (201, 200), who
                assert (
                    issue.status_code == 201 and issue.json()["milestone"]["id"] == milestone["id"]
                )
                number = issue.json()["number"]
                assigned = api.patch(
                    f"/repos/{full}/issues/{number}", json={"assignee": reader.login}
                )
                assert assigned.json()["assignee"]["login"] == reader.login, who
                extra = f"/repos/{full}/milestones/{created.json()['id']}"
                assert api.delete(extra).status_code == 204, who
            else:
                for response in (created, edited, issue):
                    assert response.status_code == refusal, (who, response.text)
                    assert set(response.json()) >= {"message", "url"}
                assert api.delete(path).status_code == refusal, who
    with client(forge, token=owner_token) as api:
        titles = [m["title"] for m in api.get(f"/repos/{full}/milestones").json()]
        assert titles == ["base"]
        issues = api.get(f"/repos/{full}/issues", params={"state": "all"}).json()
        assert sorted(i["title"] for i in issues) == ["collaborator write", "owner"]
        assert api.get(path).json()["description"] == "collaborator write"
    # A reader may open an issue and edit it, but not plan it.
    with client(forge, token=gogs_token(forge, reader)) as api:
        own = api.post(f"/repos/{full}/issues", json={"title": "mine"})
        assert own.status_code == 201
        number = own.json()["number"]
        refused = api.patch(
            f"/repos/{full}/issues/{number}", json={"title": "renamed", "assignee": reader.login}
        )
        assert refused.status_code == 403
        assert api.get(f"/repos/{full}/issues/{number}").json()["title"] == "mine"
        labelled = api.post(f"/repos/{full}/issues", json={"title": "sneaky", "labels": [1]})
        assert labelled.status_code == 403
    with client(forge, token=owner_token) as api:
        titles = [
            i["title"] for i in api.get(f"/repos/{full}/issues", params={"state": "all"}).json()
        ]
        assert "sneaky" not in titles


def test_organization_writes_permission_matrix(forge: Forge) -> None:
    owner, member, outsider = (forge.new_user(p) for p in ("gjo", "gjm", "gjx"))
    admin_token = gogs_token(forge, owner, ["admin"])
    login = unique("gjorg")
    with client(forge, token=admin_token) as api:
        assert api.post("/user/orgs", json={"username": login}).status_code == 201
    forge.gql(
        """mutation($o: ID!, $l: String!) { addOrganizationMember(input:
             {organizationId: $o, login: $l, role: MEMBER}) { role } }""",
        {
            "o": forge.gql("query($l: String!) { organization(login: $l) { id } }", {"l": login})[
                "organization"
            ]["id"],
            "l": member.login,
        },
        token=owner.token,
    )
    callers: dict[str, tuple[str | None, int]] = {
        "member": (gogs_token(forge, member, ["admin"]), 403),
        "outsider": (gogs_token(forge, outsider, ["admin"]), 403),
        "anonymous": (None, 401),
        "owner with a repo token": (gogs_token(forge, owner), 403),
        "owner": (admin_token, 200),
    }
    for who, (token, status) in callers.items():
        with client(forge, token=token) as api:
            edited = api.patch(f"/orgs/{login}", json={"full_name": who})
            assert edited.status_code == status, (who, edited.text)
            assert api.get(f"/orgs/{login}").json()["full_name"] in {"", "owner"}, who
    with client(forge, token=gogs_token(forge, outsider)) as api:
        refused = api.post("/user/orgs", json={"username": unique("gjno")})
        assert refused.status_code == 403
    with client(forge) as anonymous:
        assert anonymous.post("/user/orgs", json={"username": unique("gjno")}).status_code == 401
        assert anonymous.get(f"/orgs/{login}").json()["full_name"] == "owner"


def test_new_routes_answer_404_on_a_private_repository(forge: Forge) -> None:
    owner = forge.new_user("gpo")
    repo = forge.new_repo(owner, private=True)
    full = repo["nameWithOwner"]
    owner_token = gogs_token(forge, owner, MANAGE)
    collaborator = forge.new_user("gpc")
    _put(forge, owner_token, full, collaborator.login, "write")
    commit(forge, repo)
    forge.gql(RELEASE, {"i": {"repositoryId": repo["id"], "tagName": "v1"}}, token=owner.token)
    with client(forge, token=owner_token) as api:
        milestone = api.post(f"/repos/{full}/milestones", json={"title": "m"}).json()
        issue = api.post(
            f"/repos/{full}/issues",
            json={"title": "t", "assignee": collaborator.login, "milestone": milestone["id"]},
        )
        assert issue.status_code == 201, issue.text
    outsider = forge.new_user("gpx")
    callers = {
        "anonymous": None,
        "outsider": gogs_token(forge, outsider, MANAGE),
        "under-scoped": forge.token_for(owner, ["collaborator:write", "webhook:read"]),
    }
    one = f"/repos/{full}/collaborators/{collaborator.login}"
    reads = [
        f"/repos/{full}/collaborators",
        one,
        f"/repos/{full}/collaborators/{outsider.login}",
        f"/repos/{full}/releases",
        f"/repos/{full}/milestones",
        f"/repos/{full}/milestones/{milestone['id']}",
    ]
    writes = [
        ("PUT", one, {"permission": "read"}),
        ("PUT", f"/repos/{full}/collaborators/{outsider.login}", {"permission": "admin"}),
        ("DELETE", one, None),
        ("POST", f"/repos/{full}/milestones", {"title": "x"}),
        ("PATCH", f"/repos/{full}/milestones/{milestone['id']}", {"state": "closed"}),
        ("DELETE", f"/repos/{full}/milestones/{milestone['id']}", None),
        ("POST", f"/repos/{full}/issues", {"title": "x", "milestone": milestone["id"]}),
        ("PATCH", f"/repos/{full}/issues/1", {"assignee": "", "milestone": 0}),
    ]
    for who, token in callers.items():
        with client(forge, token=token) as api:
            for path in reads:
                response = api.get(path)
                assert response.status_code == 404, (who, path, response.text)
                assert set(response.json()) >= {"message", "url"}
            for method, path, body in writes:
                response = api.request(method, path, json=body)
                assert response.status_code == 404, (who, method, path, response.text)
            if token is not None:
                assert api.get("/user/issues", params={"state": "all"}).json() == []
    # Nothing changed, and the collaborator sees it all, their assigned issue included.
    assert _collaborators(forge, owner_token, full) == {
        collaborator.login: {"admin": False, "push": True, "pull": True}
    }
    with client(forge, token=gogs_token(forge, collaborator)) as api:
        assert [m["state"] for m in api.get(f"/repos/{full}/milestones").json()] == ["open"]
        assert [r["tag_name"] for r in api.get(f"/repos/{full}/releases").json()] == ["v1"]
        mine = api.get("/user/issues").json()
        assert [(i["title"], i["milestone"]["id"]) for i in mine] == [("t", milestone["id"])]
        assert len(api.get(f"/repos/{full}/issues").json()) == 1
    # Once no longer a collaborator, the private repository's issue is gone from their list.
    with client(forge, token=owner_token) as api:
        assert api.delete(one).status_code == 204
    with client(forge, token=gogs_token(forge, collaborator)) as api:
        assert api.get("/user/issues").json() == []
        assert api.get(f"/repos/{full}/milestones").status_code == 404


def test_collaboration_lists_paginate_with_link_headers(forge: Forge) -> None:
    owner = forge.new_user("gpg")
    repo = forge.new_repo(owner)
    full = repo["nameWithOwner"]
    token = gogs_token(forge, owner, MANAGE)
    people = [forge.new_user("gpgc") for _ in range(5)]
    for person in people:
        _put(forge, token, full, person.login, "read")
    commit(forge, repo)
    with client(forge, token=token) as api:
        for n in range(5):
            assert api.post(f"/repos/{full}/milestones", json={"title": f"m{n}"}).status_code == 201
            forge.gql(
                RELEASE, {"i": {"repositoryId": repo["id"], "tagName": f"v{n}"}}, token=owner.token
            )
            made = api.post(
                f"/repos/{full}/issues", json={"title": f"i{n}", "assignee": owner.login}
            )
            assert made.status_code == 201
        base = f"{forge.url}/api/v1/repos/{full}"
        collaborators, pages = _walk(api, f"{base}/collaborators?limit=2")
        assert pages == 3 and [c["login"] for c in collaborators] == [p.login for p in people]
        milestones, pages = _walk(api, f"{base}/milestones?limit=2")
        assert pages == 3 and [m["title"] for m in milestones] == [f"m{n}" for n in range(5)]
        releases, pages = _walk(api, f"{base}/releases?limit=2")
        assert pages == 3 and [r["tag_name"] for r in releases] == [
            f"v{n}" for n in range(4, -1, -1)
        ]
        assigned, pages = _walk(api, f"{forge.url}/api/v1/user/issues?limit=2")
        assert pages == 3 and [i["title"] for i in assigned] == [f"i{n}" for n in range(4, -1, -1)]
        for path in ("collaborators", "milestones", "releases"):
            last = api.get(f"{base}/{path}?limit=2&page=3")
            assert last.headers["X-Total-Count"] == "5" and len(last.json()) == 1
            assert api.get(f"{base}/{path}?limit=2&page=4").json() == []
            assert api.get(f"{base}/{path}?page=0").status_code == 422


def test_bad_collaboration_input_gets_gogs_errors_and_writes_nothing(forge: Forge) -> None:
    owner = forge.new_user("gbo")
    repo = forge.new_repo(owner)
    other = forge.new_repo(owner)
    full = repo["nameWithOwner"]
    token = gogs_token(forge, owner, [*MANAGE, "admin"])
    someone = forge.new_user("gbs")
    hidden = forge.new_repo(owner, private=True)
    json_headers = {"Content-Type": "application/json"}

    def refused(api: httpx.Client, method: str, path: str, body: Any, status: int = 422) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = api.request(method, path, content=raw, headers=json_headers)
        assert response.status_code == status, (method, path, body, response.text)
        assert set(response.json()) >= {"message", "url"}
        assert response.json()["url"] == f"/api/v1{path}".split("?")[0]

    with client(forge, token=token) as api:
        one = f"/repos/{full}/collaborators/{someone.login}"
        refused(api, "PUT", one, {"permission": "owner"})
        refused(api, "PUT", one, {"permission": 3})
        refused(api, "PUT", one, b"{not json", 400)
        refused(api, "PUT", one, b"[1]", 400)
        refused(api, "PUT", f"/repos/{full}/collaborators/{owner.login}", {"permission": "read"})
        refused(api, "PUT", f"/repos/{full}/collaborators/nobody-at-all", {})
        refused(api, "DELETE", f"/repos/{full}/collaborators/nobody-at-all", None)
        refused(api, "DELETE", one, None, 404)
        assert api.get(f"/repos/{full}/collaborators").json() == []
        wrong = api.put(one, json={"permission": "owner"})
        assert wrong.json()["field"] == "permission"

        milestones = f"/repos/{full}/milestones"
        for body in ({}, {"title": ""}, {"title": 5}, {"title": "x", "description": 1}):
            refused(api, "POST", milestones, body)
        for due in ("tomorrow", 5, "2030-13-01T00:00:00Z"):
            refused(api, "POST", milestones, {"title": "x", "due_on": due})
        assert (
            api.post(milestones, json={"title": "x", "due_on": "nope"}).json()["field"] == "due_on"
        )
        assert api.get(milestones).json() == []
        made = api.post(milestones, json={"title": "kept", "due_on": "2031-05-06T07:08:09Z"}).json()
        path = f"{milestones}/{made['id']}"
        for body in ({"state": "done"}, {"due_on": "bad"}, {"title": ""}, {"title": []}):
            refused(api, "PATCH", path, body)
        assert api.get(path).json() == made
        foreign = api.post(
            f"/repos/{other['nameWithOwner']}/milestones", json={"title": "f"}
        ).json()
        for method in ("GET", "PATCH", "DELETE"):
            refused(api, method, f"{milestones}/{foreign['id']}", {"title": "y"}, 404)
            refused(api, method, f"{milestones}/abc", {"title": "y"}, 404)
        assert api.get(f"/repos/{other['nameWithOwner']}/milestones").json()[0]["title"] == "f"
        refused(api, "GET", f"{milestones}?state=done", None)

        issues = f"/repos/{full}/issues"
        hidden_user = forge.new_user("gbh")
        bad_issues: list[dict[str, Any]] = [
            {"title": "t", "assignee": "nobody-at-all"},
            {"title": "t", "assignee": 5},
            {"title": "t", "milestone": "1"},
            {"title": "t", "milestone": True},
            {"title": "t", "milestone": -1},
            {"title": "t", "milestone": 2**40},
            {"title": "t", "milestone": foreign["id"]},
            {"title": "t", "closed": "yes"},
        ]
        for body in bad_issues:
            refused(api, "POST", issues, body)
        assert api.post(issues, json=bad_issues[0]).json()["field"] == "assignee"
        assert api.post(issues, json=bad_issues[6]).json()["field"] == "milestone"
        # Someone who cannot read the repository cannot be its assignee.
        hidden_issues = f"/repos/{hidden['nameWithOwner']}/issues"
        refused(api, "POST", hidden_issues, {"title": "t", "assignee": hidden_user.login})
        assert api.get(hidden_issues, params={"state": "all"}).json() == []
        assert api.get(issues, params={"state": "all"}).json() == []
        created = api.post(issues, json={"title": "ok", "milestone": made["id"]}).json()
        number = created["number"]
        for body in ({"assignee": "nobody-at-all"}, {"milestone": foreign["id"]}, {"assignee": []}):
            refused(api, "PATCH", f"{issues}/{number}", body)
        assert api.get(f"{issues}/{number}").json() == created

        taken = unique("gborg")
        assert api.post("/user/orgs", json={"username": taken}).status_code == 201
        for body in ({}, {"username": 5}, {"username": ""}, {"username": "bad name!"}):
            refused(api, "POST", "/user/orgs", body)
        refused(api, "POST", "/user/orgs", {"username": unique("gbx"), "website": 5})
        refused(api, "POST", "/user/orgs", {"username": unique("gbx"), "website": "ftp://x"})
        refused(api, "POST", "/user/orgs", {"username": unique("gbx"), "location": "x" * 256})
        refused(api, "POST", "/user/orgs", {"username": taken.upper()}, 409)
        assert [o["username"] for o in api.get("/user/orgs").json()] == [taken]
        refused(api, "PATCH", f"/orgs/{taken}", {"full_name": 5})
        refused(api, "PATCH", f"/orgs/{taken}", {"location": False})
        refused(api, "PATCH", f"/orgs/{taken}", {"full_name": "ok", "website": "not a url"})
        assert api.get(f"/orgs/{taken}").json()["full_name"] == ""
        refused(api, "GET", "/user/issues?state=bogus", None)
    with client(forge) as anonymous:
        assert anonymous.get("/user/issues").status_code == 401


def test_a_collaborator_added_over_gogs_pushes_with_git_only_with_write(
    forge: Forge, tmp_path: Path
) -> None:
    owner = forge.new_user("ggo")
    repo = forge.new_repo(owner, private=True)
    full = repo["nameWithOwner"]
    owner_token = gogs_token(forge, owner, MANAGE)
    writer, reader = forge.new_user("ggw"), forge.new_user("ggr")
    writer_token, reader_token = gogs_token(forge, writer), gogs_token(forge, reader)
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "README", "hello\n")
    # Before being added, the writer cannot even see the repository.
    refused = git.run("push", url(forge, full, writer_token), "main", cwd=work, check=False)
    assert refused.returncode != 0
    _put(forge, owner_token, full, writer.login, "write")
    _put(forge, owner_token, full, reader.login, "read")
    pushed = git.run("push", url(forge, full, writer_token), "main", cwd=work, check=False)
    assert pushed.returncode == 0, pushed.stderr
    assert remote_refs(forge, full)["refs/heads/main"] == git.rev(work, "HEAD")
    clone = tmp_path / "clone"
    git.run("clone", "-q", url(forge, full, reader_token), str(clone))
    assert (clone / "README").read_text() == "hello\n"
    git.commit(clone, "README", "changed\n")
    denied = git.run("push", url(forge, full, reader_token), "main", cwd=clone, check=False)
    assert denied.returncode != 0
    assert remote_refs(forge, full)["refs/heads/main"] == git.rev(work, "HEAD")
    # Raised to write, the reader pushes; removed, the writer no longer can.
    _put(forge, owner_token, full, reader.login, "write")
    again = git.run("push", url(forge, full, reader_token), "main", cwd=clone, check=False)
    assert again.returncode == 0, again.stderr
    with client(forge, token=owner_token) as api:
        assert api.delete(f"/repos/{full}/collaborators/{writer.login}").status_code == 204
    git.commit(work, "other", "x\n")
    gone = git.run("push", "-f", url(forge, full, writer_token), "main", cwd=work, check=False)
    assert gone.returncode != 0
    assert remote_refs(forge, full)["refs/heads/main"] == git.rev(clone, "HEAD")
    lost = git.run("clone", "-q", url(forge, full, writer_token), str(tmp_path / "c2"), check=False)
    assert lost.returncode != 0
