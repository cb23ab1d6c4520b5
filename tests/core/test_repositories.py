"""Repositories on disk follow their rows: create, rename, delete."""

from __future__ import annotations

import pygit2

from tests.forge import Forge, unique

UPDATE = """mutation($i: UpdateRepositoryInput!) { updateRepository(input: $i) {
  repository { name nameWithOwner description isPrivate visibility defaultBranch } } }"""


def _path(forge: Forge, owner: str, name: str):  # type: ignore[no-untyped-def]
    return forge.data_dir / "repositories" / owner.lower() / f"{name.lower()}.git"


def test_user_can_create_a_repository_with_a_bare_git_repo(forge: Forge) -> None:
    user = forge.new_user()
    name = unique("Repo")
    data = forge.gql(
        """mutation($n: String!) { createRepository(input: {name: $n, description: "d", visibility: PRIVATE}) {
          repository { name nameWithOwner isPrivate visibility description defaultBranch
                       owner { login } url cloneUrl viewerPermission databaseId } } }""",
        {"n": name},
        token=user.token,
    )["createRepository"]["repository"]
    assert data["nameWithOwner"] == f"{user.login}/{name}"
    assert data["isPrivate"] is True and data["visibility"] == "PRIVATE"
    assert data["defaultBranch"] == "main" and data["owner"] == {"login": user.login}
    assert data["cloneUrl"] == f"{forge.url}/{user.login}/{name}.git"
    assert data["viewerPermission"] == "ADMIN" and data["databaseId"] > 0
    repo = pygit2.Repository(str(_path(forge, user.login, name)))
    assert repo.is_bare and repo.head_is_unborn and not list(repo.references)
    assert repo.references["HEAD"].target == "refs/heads/main"


def test_owner_can_rename_and_delete(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    new_name = unique("renamed")
    data = forge.gql(
        UPDATE,
        {
            "i": {
                "repositoryId": repo["id"],
                "name": new_name,
                "description": "new",
                "visibility": "PRIVATE",
            }
        },
        token=user.token,
    )["updateRepository"]["repository"]
    assert data["name"] == new_name and data["isPrivate"] is True and data["description"] == "new"
    assert not _path(forge, user.login, repo["name"]).exists()
    assert _path(forge, user.login, new_name).is_dir()
    delete = (
        "mutation($r: ID!) { deleteRepository(input: {repositoryId: $r}) { deletedRepositoryId } }"
    )
    assert forge.gql(delete, {"r": repo["id"]}, token=user.token) == {
        "deleteRepository": {"deletedRepositoryId": repo["id"]}
    }
    assert not _path(forge, user.login, new_name).exists()
    query = "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { name } }"
    assert forge.gql(query, {"o": user.login, "n": new_name}, token=user.token) == {
        "repository": None
    }
    assert forge.gql_error(delete, {"r": repo["id"]}, token=user.token).codes == ["NOT_FOUND"]


def test_other_user_cannot_change_a_public_repository(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    error = forge.gql_error(
        UPDATE, {"i": {"repositoryId": repo["id"], "description": "x"}}, token=other.token
    )
    assert error.codes == ["FORBIDDEN"]
    create_for = """mutation($n: String!, $o: ID!) { createRepository(input: {name: $n, ownerId: $o}) { repository { name } } }"""
    assert forge.gql_error(
        create_for, {"n": unique("r"), "o": owner.id}, token=other.token
    ).codes == ["FORBIDDEN"]


def test_default_branch_can_change(forge: Forge) -> None:
    user = forge.new_user()
    repo = forge.new_repo(user)
    data = forge.gql(
        UPDATE, {"i": {"repositoryId": repo["id"], "defaultBranch": "trunk"}}, token=user.token
    )
    assert data["updateRepository"]["repository"]["defaultBranch"] == "trunk"
    bare = pygit2.Repository(str(_path(forge, user.login, repo["name"])))
    assert bare.references["HEAD"].target == "refs/heads/trunk"
    bad = forge.gql_error(
        UPDATE, {"i": {"repositoryId": repo["id"], "defaultBranch": "../x"}}, token=user.token
    )
    assert bad.codes == ["BAD_USER_INPUT"]


def test_viewer_repositories_page_by_number(forge: Forge) -> None:
    user = forge.new_user()
    names = [forge.new_repo(user)["name"] for _ in range(5)]
    query = """query($p: Int) { viewer { repositories(first: 2, page: $p) {
      totalCount pageInfo { hasNextPage } nodes { name } } } }"""
    pages = [
        forge.gql(query, {"p": p}, token=user.token)["viewer"]["repositories"] for p in (1, 2, 3, 4)
    ]
    assert [n["name"] for page in pages for n in page["nodes"]] == names
    assert [page["pageInfo"]["hasNextPage"] for page in pages] == [True, True, False, False]
    assert all(page["totalCount"] == 5 for page in pages)


def test_organization_owner_manages_members(forge: Forge) -> None:
    owner, member = forge.new_user(), forge.new_user()
    org = forge.gql(
        'mutation($l: String!) { createOrganization(input: {login: $l, name: "Org"}) { organization { id login name viewerRole } } }',
        {"l": unique("org")},
        token=owner.token,
    )["createOrganization"]["organization"]
    assert org["viewerRole"] == "ADMIN"
    add = """mutation($o: ID!, $l: String!, $r: OrganizationMemberRole!) {
      addOrganizationMember(input: {organizationId: $o, login: $l, role: $r}) { role user { login } } }"""
    assert forge.gql_error(
        add, {"o": org["id"], "l": owner.login, "r": "MEMBER"}, token=member.token
    ).codes == ["FORBIDDEN"]
    forge.gql(add, {"o": org["id"], "l": member.login, "r": "MEMBER"}, token=owner.token)
    members = forge.gql(
        "query($l: String!) { organization(login: $l) { membersWithRole(first: 10) { totalCount nodes { role user { login } } } } }",
        {"l": org["login"]},
        token=member.token,
    )["organization"]["membersWithRole"]
    assert members["totalCount"] == 2
    assert {"role": "MEMBER", "user": {"login": member.login}} in members["nodes"]
    repo = forge.new_repo(member, owner_id=org["id"])
    assert repo["nameWithOwner"] == f"{org['login']}/{repo['name']}"
    remove = """mutation($o: ID!, $l: String!) { removeOrganizationMember(input: {organizationId: $o, login: $l}) { role } }"""
    last_owner = forge.gql_error(remove, {"o": org["id"], "l": owner.login}, token=owner.token)
    assert last_owner.codes == ["CONFLICT"]
    forge.gql(remove, {"o": org["id"], "l": member.login}, token=owner.token)
    orgs = forge.gql(
        "{ viewer { organizations(first: 5) { nodes { login } } } }", token=member.token
    )
    assert orgs["viewer"]["organizations"]["nodes"] == []
