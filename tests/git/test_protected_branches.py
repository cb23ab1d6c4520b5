"""Protected branches: only admins move them; the refusal is visible in git's output."""

from __future__ import annotations

from pathlib import Path

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, url

ORG = (
    "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id login } } }"
)
ADD = "mutation($o: ID!, $l: String!) { addOrganizationMember(input: {organizationId: $o, login: $l}) { role } }"
CREATE = """mutation($r: ID!, $p: String!) { createBranchProtectionRule(input: {repositoryId: $r, pattern: $p}) {
  branchProtectionRule { id databaseId pattern createdAt } } }"""
DELETE = """mutation($i: ID!) { deleteBranchProtectionRule(input: {branchProtectionRuleId: $i}) {
  deletedBranchProtectionRuleId } }"""
RULES = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  branchProtectionRules(first: 10) { totalCount nodes { id pattern } } } }"""
REFUSED = "remote: Ingot: branch 'main' is protected; only the repository owner or an admin can push to it."


def test_members_cannot_move_protected_branches_admins_can(forge: Forge, tmp_path: Path) -> None:
    owner, member = forge.new_user("own"), forge.new_user("mem")
    org = forge.gql(ORG, {"l": f"o{owner.login}"}, token=owner.token)["createOrganization"][
        "organization"
    ]
    forge.gql(ADD, {"o": org["id"], "l": member.login}, token=owner.token)
    repo = forge.new_repo(owner, owner_id=org["id"])
    name = repo["nameWithOwner"]
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    base = git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, name, member.token), "main", "main:release/1", cwd=work)

    denied = forge.gql_error(CREATE, {"r": repo["id"], "p": "main"}, token=member.token)
    assert denied.codes == ["FORBIDDEN"]
    main_rule = forge.gql(CREATE, {"r": repo["id"], "p": "main"}, token=owner.token)
    rule = main_rule["createBranchProtectionRule"]["branchProtectionRule"]
    assert rule["pattern"] == "main" and rule["databaseId"] > 0
    forge.gql(CREATE, {"r": repo["id"], "p": "release/*"}, token=owner.token)
    again = forge.gql_error(CREATE, {"r": repo["id"], "p": "main"}, token=owner.token)
    assert again.codes == ["CONFLICT"]
    bad = forge.gql_error(CREATE, {"r": repo["id"], "p": "a b"}, token=owner.token)
    assert bad.codes == ["BAD_USER_INPUT"]
    o, n = name.split("/")
    listed = forge.gql(RULES, {"o": o, "n": n}, token=member.token)["repository"][
        "branchProtectionRules"
    ]
    assert [r["pattern"] for r in listed["nodes"]] == ["main", "release/*"]

    git.commit(work, "b.txt", "b\n")
    member_url = url(forge, name, member.token)
    before = remote_refs(forge, name)
    orphan = git.run("commit-tree", "HEAD^{tree}", "-m", "unrelated", cwd=work).stdout.strip()
    for refspec in (
        "main",
        f"+{orphan}:refs/heads/main",
        ":main",
        "main:release/2",
        "main:release/1",
    ):
        result = git.run("push", member_url, refspec, cwd=work, check=False)
        assert result.returncode != 0, refspec
        assert "pre-receive hook declined" in result.stderr, refspec
        assert remote_refs(forge, name) == before, refspec
    assert REFUSED in git.run("push", member_url, "main", cwd=work, check=False).stderr
    # Unprotected branches stay open to writers.
    git.run("push", member_url, "main:feature", cwd=work)
    # Owner (an org owner) bypasses, and so does a site admin.
    git.run("push", url(forge, name, owner.token), "main", cwd=work)
    assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD") != base
    git.run("push", url(forge, name, forge.admin.token), "main:release/3", cwd=work)
    # Deleting the rule reopens the branch.
    gone = forge.gql(DELETE, {"i": rule["id"]}, token=owner.token)
    assert gone["deleteBranchProtectionRule"]["deletedBranchProtectionRuleId"] == rule["id"]
    git.commit(work, "c.txt", "c\n")
    git.run("push", member_url, "main", cwd=work)
    assert forge.gql_error(DELETE, {"i": rule["id"]}, token=owner.token).codes == ["NOT_FOUND"]


def test_rules_of_a_private_repository_are_hidden(forge: Forge) -> None:
    owner, outsider = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner, private=True)
    rule = forge.gql(CREATE, {"r": repo["id"], "p": "main"}, token=owner.token)
    rule_id = rule["createBranchProtectionRule"]["branchProtectionRule"]["id"]
    assert forge.gql_error(DELETE, {"i": rule_id}, token=outsider.token).codes == ["NOT_FOUND"]
    assert forge.gql_error(CREATE, {"r": repo["id"], "p": "x"}, token=outsider.token).codes == [
        "NOT_FOUND"
    ]
