"""Forking through REST (Gitea's route) and GraphQL, checked with the real git and on disk."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge, unique
from tests.forks.helpers import FORK, api, bare, fsck, packs, pushed_parent, show
from tests.git.gitcli import Git, url
from tests.rest.rest import RFC3339, assert_types

REPOSITORY_FIELDS = {
    "id": int,
    "owner": dict,
    "name": str,
    "full_name": str,
    "description": str,
    "private": bool,
    "fork": bool,
    "empty": bool,
    "mirror": bool,
    "size": int,
    "html_url": str,
    "ssh_url": str,
    "clone_url": str,
    "website": str,
    "stars_count": int,
    "forks_count": int,
    "watchers_count": int,
    "open_issues_count": int,
    "default_branch": str,
    "created_at": str,
    "updated_at": str,
    "permissions": dict,
}


def test_user_forks_over_rest_and_clones_the_fork(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    owner, forker = forge.new_user("po"), forge.new_user("pf")
    parent = pushed_parent(forge, git, owner, tmp_path)
    with api(forge, forker.token) as client:
        response = client.post(f"/repos/{parent.full_name}/forks", json={})
        assert response.status_code == 202, response.text
        fork = response.json()
        assert_types(fork, REPOSITORY_FIELDS)
        assert RFC3339.match(fork["created_at"])
        assert fork["full_name"] == f"{forker.login}/{parent.full_name.split('/')[1]}"
        assert fork["fork"] is True and fork["private"] is False
        assert fork["default_branch"] == "main" and fork["empty"] is False
        assert fork["forks_count"] == 0
        assert fork["permissions"] == {"admin": True, "push": True, "pull": True}
        assert fork["parent"]["full_name"] == parent.full_name
        assert fork["parent"]["fork"] is False and fork["parent"]["parent"] is None
        assert fork["parent"]["forks_count"] == 1
        assert fork["parent"]["permissions"] == {"admin": False, "push": False, "pull": True}
        # Gitea: the same repository forked twice into one owner is 409.
        again = client.post(f"/repos/{parent.full_name}/forks", json={"name": unique("x")})
        assert again.status_code == 409, again.text
        got = client.get(f"/repos/{parent.full_name}").json()
        assert got["fork"] is False and got["parent"] is None and got["forks_count"] == 1
        listed = client.get(f"/repos/{parent.full_name}/forks")
        assert listed.status_code == 200
        assert [r["full_name"] for r in listed.json()] == [fork["full_name"]]
        assert listed.headers["X-Total-Count"] == "1"
    # Anonymous callers are asked to sign in; a read-only token may not create repositories.
    with api(forge) as anonymous:
        assert anonymous.post(f"/repos/{parent.full_name}/forks", json={}).status_code == 401
    with api(forge, forge.token_for(forker, ["repo:read"])) as read_only:
        refused = read_only.post(f"/repos/{parent.full_name}/forks", json={"name": unique("r")})
        assert refused.status_code == 403, refused.text
    # On disk: the fork borrows the parent's objects, no pack was copied.
    path = bare(forge, fork["full_name"])
    alternates = (path / "objects" / "info" / "alternates").read_text().strip()
    assert (path / "objects" / alternates).resolve() == bare(forge, parent.full_name) / "objects"
    assert packs(path) == []
    assert fsck(path).returncode == 0
    # The real git clones it: every branch and tag, HEAD on the default branch.
    clone = tmp_path / "clone"
    git.run("clone", "-q", url(forge, fork["full_name"], forker.token), str(clone))
    assert git.rev(clone, "HEAD") == parent.main
    assert git.rev(clone, "origin/feature") == parent.feature
    assert git.rev(clone, "v1") == parent.main
    # A push to the fork lands in the fork only.
    pushed = git.commit(clone, "d.txt", "dee\n", "Fork's own")
    git.run("push", "-q", "origin", "main", cwd=clone)
    with api(forge, forker.token) as client:
        branch = client.get(f"/repos/{fork['full_name']}/branches/main").json()
        assert branch["commit"]["id"] == pushed
        parent_main = client.get(f"/repos/{parent.full_name}/branches/main").json()
        assert parent_main["commit"]["id"] == parent.main
    assert fsck(path).returncode == 0


def test_member_forks_into_an_organization_over_graphql(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    owner, member, outsider = forge.new_user("go"), forge.new_user("gm"), forge.new_user("gx")
    parent = pushed_parent(forge, git, owner, tmp_path)
    org = forge.gql(
        "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id } } }",
        {"l": unique("forg")},
        token=member.token,
    )["createOrganization"]["organization"]
    name = unique("renamed")
    made = forge.gql(
        FORK,
        {"i": {"repositoryId": parent.id, "organizationId": org["id"], "name": name}},
        token=member.token,
    )["forkRepository"]["repository"]
    assert made["nameWithOwner"].endswith(f"/{name}")
    assert made["isFork"] is True and made["forkCount"] == 0 and made["isPrivate"] is False
    assert made["defaultBranch"] == "main"
    assert made["parent"] == {"nameWithOwner": parent.full_name}
    # An outsider may fork into their own account, not into the organization.
    refused = forge.gql_error(
        FORK, {"i": {"repositoryId": parent.id, "organizationId": org["id"]}}, token=outsider.token
    )
    assert refused.codes == ["FORBIDDEN"]
    twice = forge.gql_error(
        FORK, {"i": {"repositoryId": parent.id, "organizationId": org["id"]}}, token=member.token
    )
    assert twice.codes == ["CONFLICT"]
    mine = forge.gql(FORK, {"i": {"repositoryId": parent.id}}, token=outsider.token)
    assert mine["forkRepository"]["repository"]["nameWithOwner"].startswith(outsider.login)
    seen = show(forge, parent.full_name, None)
    assert seen is not None and seen["isFork"] is False and seen["parent"] is None
    assert seen["forkCount"] == 2 and seen["forks"]["totalCount"] == 2
    assert {n["nameWithOwner"] for n in seen["forks"]["nodes"]} == {
        made["nameWithOwner"],
        mine["forkRepository"]["repository"]["nameWithOwner"],
    }
    # A fork of a fork borrows from the fork, which borrows from the parent.
    deeper = forge.gql(FORK, {"i": {"repositoryId": made["id"]}}, token=owner.token)
    nested = deeper["forkRepository"]["repository"]
    assert nested["parent"] == {"nameWithOwner": made["nameWithOwner"]}
    clone = tmp_path / "nested"
    git.run("clone", "-q", url(forge, nested["nameWithOwner"], owner.token), str(clone))
    assert git.rev(clone, "origin/feature") == parent.feature
