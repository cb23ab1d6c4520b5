"""Team access to an organization's repositories, on every surface (GraphQL, Gogs REST, git).

A private repository a user reaches only through a team is readable (GraphQL, REST and
``git clone`` over HTTPS), writable only with a write team, and gone again (404 / null,
clone refused) once the user leaves the team or the repository leaves it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.collaboration.people import add_member, new_org
from tests.forge import Forge, User, unique
from tests.git.gitcli import Git, remote_refs, url
from tests.rest.rest import client

CREATE_TEAM = """mutation($i: CreateTeamInput!) { createTeam(input: $i) {
  team { id databaseId name slug description privacy permission organization { login }
         createdAt updatedAt } } }"""
MEMBER = """mutation($t: ID!, $l: String!) { addTeamMember(input: {teamId: $t, login: $l}) {
  team { id } user { login } } }"""
UNMEMBER = """mutation($t: ID!, $l: String!) { removeTeamMember(input: {teamId: $t, login: $l}) {
  team { id } user { login } } }"""
ADD_REPO = """mutation($t: ID!, $r: ID!) { addTeamRepository(input: {teamId: $t, repositoryId: $r}) {
  team { id } repository { name } } }"""
REMOVE_REPO = """mutation($t: ID!, $r: ID!) {
  removeTeamRepository(input: {teamId: $t, repositoryId: $r}) { team { id } } }"""
DELETE_TEAM = """mutation($t: ID!) { deleteTeam(input: {teamId: $t}) { organization { login } } }"""
UPDATE_TEAM = """mutation($i: UpdateTeamInput!) { updateTeam(input: $i) {
  team { name slug description permission } } }"""
REPO = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  name viewerPermission } }"""
TEAMS = """query($l: String!) { organization(login: $l) { teams(first: 10) {
  totalCount nodes { name slug permission members(first: 10) { totalCount nodes { login } }
  repositories(first: 10) { totalCount nodes { name } } } } } }"""
DESCRIBE = """mutation($r: ID!, $d: String!) { updateRepository(input: {repositoryId: $r,
  description: $d}) { repository { description } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Team { name } } }"""
ISSUE = """mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "t"}) {
  issue { number } } }"""


def _team(forge: Forge, owner: User, org: dict[str, Any], permission: str) -> dict[str, Any]:
    name = unique("team")
    data = forge.gql(
        CREATE_TEAM,
        {
            "i": {
                "organizationId": org["id"],
                "name": name,
                "description": "d",
                "permission": permission,
            }
        },
        token=owner.token,
    )
    team: dict[str, Any] = data["createTeam"]["team"]
    assert team["name"] == name and team["slug"] == name.lower()
    assert team["description"] == "d" and team["privacy"] == "VISIBLE"
    assert team["permission"] == permission
    assert team["organization"] == {"login": org["login"]}
    assert isinstance(team["databaseId"], int) and team["createdAt"] and team["updatedAt"]
    return team


def _sees(forge: Forge, user: User, repo: dict[str, Any]) -> str | None:
    owner, name = repo["nameWithOwner"].split("/")
    found = forge.gql(REPO, {"o": owner, "n": name}, token=user.token)["repository"]
    return None if found is None else found["viewerPermission"]


def _rest_status(forge: Forge, user: User, repo: dict[str, Any]) -> int:
    with client(forge, token=user.token) as api:
        return api.get(f"/repos/{repo['nameWithOwner']}").status_code


def test_team_access_on_every_surface(forge: Forge, tmp_path: Path) -> None:
    owner = forge.new_user("tao")
    org = new_org(forge, owner)
    repo = forge.new_repo(owner, private=True, owner_id=org["id"], name=unique("prv"))
    other = forge.new_repo(owner, private=True, owner_id=org["id"], name=unique("oth"))
    full = repo["nameWithOwner"]
    reader, writer, outsider = forge.new_user("tar"), forge.new_user("taw"), forge.new_user("tax")
    readers = _team(forge, owner, org, "READ")
    writers = _team(forge, owner, org, "WRITE")
    # Before any team: the private repository does not exist for them.
    for user in (reader, writer, outsider):
        assert _sees(forge, user, repo) is None
        assert _rest_status(forge, user, repo) == 404
    forge.gql(MEMBER, {"t": readers["id"], "l": reader.login}, token=owner.token)
    forge.gql(MEMBER, {"t": writers["id"], "l": writer.login}, token=owner.token)
    # Adding twice changes nothing.
    forge.gql(MEMBER, {"t": readers["id"], "l": reader.login}, token=owner.token)
    # Members of a team without the repository still see nothing.
    assert _sees(forge, reader, repo) is None
    added = forge.gql(ADD_REPO, {"t": readers["id"], "r": repo["id"]}, token=owner.token)
    assert added["addTeamRepository"]["repository"]["name"] == repo["name"]
    forge.gql(ADD_REPO, {"t": writers["id"], "r": repo["id"]}, token=owner.token)
    assert _sees(forge, reader, repo) == "READ"
    assert _sees(forge, writer, repo) == "WRITE"
    assert _sees(forge, outsider, repo) is None
    assert _sees(forge, reader, other) is None
    assert _rest_status(forge, reader, repo) == 200
    assert _rest_status(forge, outsider, repo) == 404
    with client(forge, token=reader.token) as api:
        shown = api.get(f"/repos/{full}").json()
    assert shown["permissions"] == {"admin": False, "push": False, "pull": True}
    # Listed among the repositories they can read (GraphQL and REST search).
    with client(forge, token=reader.token) as api:
        found = api.get("/repos/search", params={"q": repo["name"]}).json()["data"]
    assert [r["full_name"] for r in found] == [full]
    # Their own list (Gogs' /user/repos: owned, organizations and teams, collaborations),
    # and Kod's flat name.
    with client(forge, token=reader.token) as api:
        mine = api.get("/user/repos").json()
    assert [r["full_name"] for r in mine] == [full]
    kod = forge.client.get(
        f"{forge.url}/kod/repos/{repo['name']}", headers={"Authorization": f"Bearer {reader.token}"}
    )
    assert kod.status_code == 200, kod.text
    # Reading lets them open issues? No: an issue needs only READ on GitHub, so it works.
    forge.gql(ISSUE, {"r": repo["id"]}, token=reader.token)
    # Git over HTTPS: the writer pushes, the reader clones but cannot push.
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    git.commit(work, "README", "hello\n")
    refused = git.run("push", url(forge, full, reader.token), "main", cwd=work, check=False)
    assert refused.returncode != 0
    pushed = git.run("push", url(forge, full, writer.token), "main", cwd=work, check=False)
    assert pushed.returncode == 0, pushed.stderr
    assert remote_refs(forge, full)["refs/heads/main"] == git.rev(work, "HEAD")
    clone = tmp_path / "clone"
    git.run("clone", "-q", url(forge, full, reader.token), str(clone))
    assert (clone / "README").read_text() == "hello\n"
    denied = git.run(
        "clone", "-q", url(forge, full, outsider.token), str(tmp_path / "c0"), check=False
    )
    assert denied.returncode != 0
    # The team's listing, as its member sees it.
    teams = forge.gql(TEAMS, {"l": org["login"]}, token=reader.token)["organization"]["teams"]
    assert teams["totalCount"] == 1
    assert teams["nodes"][0]["members"]["nodes"] == [{"login": reader.login}]
    assert teams["nodes"][0]["repositories"]["nodes"] == [{"name": repo["name"]}]
    # Leaving the team: gone on every surface.
    left = forge.gql(UNMEMBER, {"t": readers["id"], "l": reader.login}, token=owner.token)
    assert left["removeTeamMember"]["user"] == {"login": reader.login}
    assert _sees(forge, reader, repo) is None
    assert _rest_status(forge, reader, repo) == 404
    lost = git.run("clone", "-q", url(forge, full, reader.token), str(tmp_path / "c1"), check=False)
    assert lost.returncode != 0
    # The repository leaving the team: the writer loses it too.
    forge.gql(REMOVE_REPO, {"t": writers["id"], "r": repo["id"]}, token=owner.token)
    assert _sees(forge, writer, repo) is None
    gone = git.run("clone", "-q", url(forge, full, writer.token), str(tmp_path / "c2"), check=False)
    assert gone.returncode != 0
    # Raising a team's permission raises its members' access.
    forge.gql(ADD_REPO, {"t": readers["id"], "r": repo["id"]}, token=owner.token)
    forge.gql(MEMBER, {"t": readers["id"], "l": reader.login}, token=owner.token)
    raised = forge.gql(
        UPDATE_TEAM,
        {"i": {"teamId": readers["id"], "permission": "ADMIN", "description": "admins now"}},
        token=owner.token,
    )["updateTeam"]["team"]
    assert raised["permission"] == "ADMIN" and raised["description"] == "admins now"
    assert _sees(forge, reader, repo) == "ADMIN"
    # Deleting the team takes its access away.
    deleted = forge.gql(DELETE_TEAM, {"t": readers["id"]}, token=owner.token)
    assert deleted["deleteTeam"]["organization"] == {"login": org["login"]}
    assert _sees(forge, reader, repo) is None


def test_who_sees_and_manages_teams(forge: Forge) -> None:
    owner = forge.new_user("tmo")
    org = new_org(forge, owner)
    member, in_team, outsider = forge.new_user("tmm"), forge.new_user("tmt"), forge.new_user("tmx")
    add_member(forge, owner, org, member, "MEMBER")
    team = _team(forge, owner, org, "READ")
    hidden = _team(forge, owner, org, "WRITE")
    forge.gql(MEMBER, {"t": team["id"], "l": in_team.login}, token=owner.token)

    def names(user: User | None) -> list[str]:
        token = user.token if user else None
        data = forge.gql(TEAMS, {"l": org["login"]}, token=token)["organization"]["teams"]
        return sorted(n["name"] for n in data["nodes"])

    both = sorted([team["name"], hidden["name"]])
    assert names(owner) == both and names(member) == both and names(forge.admin) == both
    assert names(in_team) == [team["name"]]
    assert names(outsider) == [] and names(None) == []
    assert forge.gql(NODE, {"id": hidden["id"]}, token=outsider.token)["node"] is None
    assert forge.gql(NODE, {"id": hidden["id"]}, token=member.token)["node"] == {
        "name": hidden["name"]
    }
    # Only the organization's owners (and site admins) manage teams.
    repo = forge.new_repo(owner, private=True, owner_id=org["id"])
    new = {"i": {"organizationId": org["id"], "name": unique("x")}}
    for user, code in ((member, "FORBIDDEN"), (in_team, "FORBIDDEN"), (outsider, "FORBIDDEN")):
        assert forge.gql_error(CREATE_TEAM, new, token=user.token).codes == [code]
        assert forge.gql_error(
            MEMBER, {"t": team["id"], "l": outsider.login}, token=user.token
        ).codes == [code if user is not outsider else "NOT_FOUND"]
    assert forge.gql_error(CREATE_TEAM, new, token=None).codes == ["UNAUTHENTICATED"]
    assert forge.gql_error(
        ADD_REPO, {"t": team["id"], "r": repo["id"]}, token=in_team.token
    ).codes == ["FORBIDDEN"]  # they see the team, but do not manage it
    assert forge.gql(CREATE_TEAM, new, token=forge.admin.token)["createTeam"]["team"]
    # A repository of another owner cannot join the team.
    foreign = forge.new_repo(owner)
    refused = forge.gql_error(ADD_REPO, {"t": team["id"], "r": foreign["id"]}, token=owner.token)
    assert refused.codes == ["NOT_FOUND"]
    # An organization's member already writes everything; an ADMIN team raises that.
    assert _sees(forge, member, repo) == "WRITE"
    admins = _team(forge, owner, org, "ADMIN")
    forge.gql(MEMBER, {"t": admins["id"], "l": member.login}, token=owner.token)
    forge.gql(ADD_REPO, {"t": admins["id"], "r": repo["id"]}, token=owner.token)
    assert _sees(forge, member, repo) == "ADMIN"
    with client(forge, token=member.token) as api:
        shown = api.get(f"/repos/{repo['nameWithOwner']}").json()["permissions"]
    assert shown == {"admin": True, "push": True, "pull": True}
    described = forge.gql(DESCRIBE, {"r": repo["id"], "d": "by a team admin"}, token=member.token)
    assert described["updateRepository"]["repository"]["description"] == "by a team admin"


def test_team_names_and_hostile_input(forge: Forge) -> None:
    owner = forge.new_user("tho")
    org = new_org(forge, owner)
    first = _team(forge, owner, org, "READ")
    for name, code in (
        (first["name"].upper(), "CONFLICT"),
        ("", "BAD_USER_INPUT"),
        ("a" * 31, "BAD_USER_INPUT"),
        ("../x", "BAD_USER_INPUT"),
        ("..", "BAD_USER_INPUT"),
        ("a b", "BAD_USER_INPUT"),
        ("é", "BAD_USER_INPUT"),
    ):
        error = forge.gql_error(
            CREATE_TEAM, {"i": {"organizationId": org["id"], "name": name}}, token=owner.token
        )
        assert error.codes == [code], (name, error.errors)
    nul = {"i": {"organizationId": org["id"], "name": "a\u0000b"}}
    assert forge.post_graphql(CREATE_TEAM, nul, token=owner.token).status_code == 400
    long = {"i": {"organizationId": org["id"], "name": unique("t"), "description": "d" * 256}}
    assert forge.gql_error(CREATE_TEAM, long, token=owner.token).codes == ["BAD_USER_INPUT"]
    for bad in ("nope", "VGVhbTo5OTk5OTk5OTk5OQ", "VXNlcjox"):
        assert forge.gql_error(MEMBER, {"t": bad, "l": owner.login}, token=owner.token).codes == [
            "NOT_FOUND"
        ]
    missing = forge.gql_error(MEMBER, {"t": first["id"], "l": "x" * 500}, token=owner.token)
    assert missing.codes == ["NOT_FOUND"]
    # An organization cannot be a team member.
    as_member = forge.gql_error(MEMBER, {"t": first["id"], "l": org["login"]}, token=owner.token)
    assert as_member.codes == ["NOT_FOUND"]
    # Team names are per organization.
    other = new_org(forge, owner)
    again = {"i": {"organizationId": other["id"], "name": first["name"]}}
    assert forge.gql(CREATE_TEAM, again, token=owner.token)["createTeam"]["team"]["name"]
