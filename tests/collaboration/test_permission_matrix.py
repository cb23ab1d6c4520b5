"""Every issue-5 mutation, tried by every kind of caller, with the outcome read back.

A private repository of an organization (org owner, member, write and read
collaborators, outsider, anonymous, an under-scoped token of the org owner) and a
private repository of a user (its owner and the same others). Each mutation gets
a fresh target per caller, so an allowed call cannot hide a refused one, and the
site admin reads back whether the write happened: exactly when the answer was OK.

Callers who cannot read the repository get NOT_FOUND; readers without the role
the mutation needs, and tokens without its scope, get FORBIDDEN.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.collaboration.issues_api import comment, issue, label, milestone
from tests.collaboration.people import add_collaborator, add_member, cast, new_org, org_repo
from tests.collaboration.releases_api import CREATE, upload, uploaded
from tests.forge import Forge, User, unique
from tests.pulls.builder import Builder, bare_path, prepare

NONE, READ, WRITE, ADMIN = 0, 1, 2, 3
Vars = dict[str, Any]
BRANCHES = itertools.count()


@dataclass
class Case:
    """``level``: the role on the repository the mutation needs (READ: any reader)."""

    level: int
    document: str
    setup: Callable[[], Vars]
    happened: Callable[[Vars], bool]
    scopes: list[str] = field(default_factory=lambda: ["repo:read"])
    multipart: bool = False


@dataclass
class Target:
    forge: Forge
    boss: User
    repo: dict[str, Any]
    builder: Builder

    def read(self, query: str, variables: Vars) -> Any:
        """As the site admin, who sees everything."""
        return self.forge.gql(query, variables, token=self.forge.admin.token)

    def node(self, node_id: str, selection: str = "id") -> Any:
        return self.read(f"query($i: ID!) {{ node(id: $i) {{ {selection} }} }}", {"i": node_id})[
            "node"
        ]

    def repository(self, selection: str, **variables: Any) -> Any:
        owner, name = self.repo["nameWithOwner"].split("/")
        params = "".join(f", ${k}: {t}" for k, (t, _) in variables.items())
        query = f"query($o: String!, $n: String!{params}) {{ repository(owner: $o, name: $n) {{ {selection} }} }}"
        values = {k: v for k, (_, v) in variables.items()}
        return self.read(query, {"o": owner, "n": name, **values})["repository"]

    def pr(self, token: str | None = None) -> dict[str, Any]:
        name = f"m{next(BRANCHES)}"
        self.builder.branch(name, "main")
        self.builder.commit(name, {f"{name}.txt": "x\n"}, f"Add {name}")
        data = self.forge.gql(
            """mutation($r: ID!, $h: String!) { createPullRequest(input: {repositoryId: $r,
              title: "t", headRefName: $h, baseRefName: "main"}) { pullRequest { id } } }""",
            {"r": self.repo["id"], "h": name},
            token=token or self.boss.token,
        )
        found: dict[str, Any] = data["createPullRequest"]["pullRequest"]
        return found

    def release(self) -> str:
        data = self.forge.gql(
            CREATE,
            {"i": {"repositoryId": self.repo["id"], "tagName": unique("v")}},
            token=self.boss.token,
        )
        release_id: str = data["createRelease"]["release"]["id"]
        return release_id

    def run(self, document: str, variables: Vars, token: str | None) -> Vars:
        return self.forge.raw(document, variables, token=token)


def _labels(t: Target, issue_id: str) -> list[str]:
    return [
        n["id"]
        for n in t.node(issue_id, "... on Issue { labels { nodes { id } } }")["labels"]["nodes"]
    ]


def _cases(t: Target) -> dict[str, Case]:
    boss, forge = t.boss, t.forge

    def new_issue() -> Vars:
        return {"i": issue(forge, boss, t.repo, "t")}

    def labelled(count: int = 1) -> Vars:
        issue_id = issue(forge, boss, t.repo, "t")
        labels = [label(forge, boss, t.repo, unique("l")) for _ in range(count)]
        forge.gql(
            "mutation($i: ID!, $l: [ID!]!) { addLabelsToLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { id } } }",
            {"i": issue_id, "l": labels[:1]},
            token=boss.token,
        )
        return {"i": issue_id, "l": labels}

    def closed_issue() -> Vars:
        found = new_issue()
        forge.gql(
            "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
            found,
            token=boss.token,
        )
        return found

    def assigned() -> Vars:
        found = {**new_issue(), "u": [boss.login]}
        forge.gql(ASSIGN, found, token=boss.token)
        return found

    def new_milestone(closed: bool = False) -> Vars:
        found = {"i": milestone(forge, boss, t.repo, "m")["id"]}
        if closed:
            forge.gql(CLOSE_MILESTONE, found, token=boss.token)
        return found

    def new_comment() -> Vars:
        return {"i": comment(forge, boss, issue(forge, boss, t.repo, "t"))}

    def closed_pr() -> Vars:
        found = {"i": t.pr()["id"]}
        forge.gql(CLOSE_PR, found, token=boss.token)
        return found

    def new_branch() -> Vars:
        name = f"b{next(BRANCHES)}"
        t.builder.branch(name, "main")
        t.builder.commit(name, {f"{name}.txt": "x\n"}, f"Add {name}")
        return {"r": t.repo["id"], "h": name}

    def new_asset() -> Vars:
        return {"i": uploaded(forge, boss.token, t.release(), "a.bin", b"a")["id"]}

    def stranger_collaborator() -> Vars:
        user = forge.new_user("c")
        add_collaborator(forge, boss, t.repo, user, "READ")
        return {"r": t.repo["id"], "l": user.login}

    def new_rule() -> Vars:
        data = forge.gql(CREATE_RULE, {"r": t.repo["id"], "p": unique("p")}, token=boss.token)
        return {"i": data["createBranchProtectionRule"]["branchProtectionRule"]["id"]}

    def assignees(v: Vars) -> list[str]:
        found = t.node(v["i"], "... on Issue { assignees { nodes { login } } }")["assignees"][
            "nodes"
        ]
        return [a["login"] for a in found]

    def title_of(v: Vars) -> str:
        return str(t.node(v["i"], "... on Issue { title }")["title"])

    def issue_state(v: Vars) -> str:
        return str(t.node(v["i"], "... on Issue { state }")["state"])

    def pr_field(v: Vars, name: str) -> Any:
        return t.node(v["i"], f"... on PullRequest {{ {name} }}")[name]

    def milestone_field(v: Vars, name: str) -> Any:
        return t.node(v["i"], f"... on Milestone {{ {name} }}")[name]

    def total(selection: str) -> int:
        return int(
            t.repository(f"{selection} {{ totalCount }}")[selection.split("(")[0]]["totalCount"]
        )

    def counted(selection: str, extra: Callable[[], Vars]) -> Callable[[], Vars]:
        return lambda: {**extra(), "_before": total(selection)}

    def collaborator_logins() -> list[str]:
        found = t.repository("collaborators(first: 100) { nodes { login } }")["collaborators"][
            "nodes"
        ]
        return [n["login"] for n in found]

    rules = "branchProtectionRules(first: 100)"
    return {
        "createIssue": Case(
            READ,
            "mutation($r: ID!, $t: String!) { createIssue(input: {repositoryId: $r, title: $t}) { issue { id } } }",
            lambda: {"r": t.repo["id"], "t": unique("issue")},
            lambda v: (
                t.repository("issues(search: $s) { totalCount }", s=("String", v["t"]))["issues"][
                    "totalCount"
                ]
                == 1
            ),
        ),
        "updateIssue (title)": Case(
            WRITE,
            'mutation($i: ID!) { updateIssue(input: {id: $i, title: "edited"}) { issue { id } } }',
            new_issue,
            lambda v: title_of(v) == "edited",
        ),
        "updateIssue (milestoneId)": Case(
            WRITE,
            "mutation($i: ID!, $m: ID) { updateIssue(input: {id: $i, milestoneId: $m}) { issue { id } } }",
            lambda: {**new_issue(), "m": milestone(forge, boss, t.repo, "m")["id"]},
            lambda v: (
                t.node(v["i"], "... on Issue { milestone { id } }")["milestone"] == {"id": v["m"]}
            ),
        ),
        "closeIssue": Case(
            WRITE,
            "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
            new_issue,
            lambda v: issue_state(v) == "CLOSED",
        ),
        "reopenIssue": Case(
            WRITE,
            "mutation($i: ID!) { reopenIssue(input: {issueId: $i}) { issue { id } } }",
            closed_issue,
            lambda v: issue_state(v) != "CLOSED",
        ),
        "addComment": Case(
            READ,
            'mutation($i: ID!) { addComment(input: {subjectId: $i, body: "hi"}) { comment { id } } }',
            new_issue,
            lambda v: (
                t.node(v["i"], "... on Issue { comments { totalCount } }")["comments"]["totalCount"]
                == 1
            ),
        ),
        "updateIssueComment": Case(
            WRITE,
            'mutation($i: ID!) { updateIssueComment(input: {id: $i, body: "edited"}) { issueComment { id } } }',
            new_comment,
            lambda v: t.node(v["i"], "... on IssueComment { body }")["body"] == "edited",
        ),
        "deleteIssueComment": Case(
            ADMIN,
            "mutation($i: ID!) { deleteIssueComment(input: {id: $i}) { deletedCommentId } }",
            new_comment,
            lambda v: t.node(v["i"]) is None,
        ),
        "createLabel": Case(
            WRITE,
            'mutation($r: ID!, $n: String!) { createLabel(input: {repositoryId: $r, name: $n, color: "00ff00"}) { label { id } } }',
            counted("labels", lambda: {"r": t.repo["id"], "n": unique("l")}),
            lambda v: total("labels") == v["_before"] + 1,
        ),
        "updateLabel": Case(
            WRITE,
            'mutation($i: ID!) { updateLabel(input: {id: $i, color: "abcdef"}) { label { id } } }',
            lambda: {"i": label(forge, boss, t.repo, unique("l"))},
            lambda v: t.node(v["i"], "... on Label { color }")["color"] == "#ABCDEF",
        ),
        "deleteLabel": Case(
            WRITE,
            "mutation($i: ID!) { deleteLabel(input: {id: $i}) { deletedLabelId } }",
            lambda: {"i": label(forge, boss, t.repo, unique("l"))},
            lambda v: t.node(v["i"]) is None,
        ),
        "addLabelsToLabelable": Case(
            WRITE,
            "mutation($i: ID!, $l: [ID!]!) { addLabelsToLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { id } } }",
            lambda: {**new_issue(), "l": [label(forge, boss, t.repo, unique("l"))]},
            lambda v: _labels(t, v["i"]) == v["l"],
        ),
        "removeLabelsFromLabelable": Case(
            WRITE,
            "mutation($i: ID!, $l: [ID!]!) { removeLabelsFromLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { id } } }",
            labelled,
            lambda v: _labels(t, v["i"]) == [],
        ),
        "replaceLabelsForLabelable": Case(
            WRITE,
            "mutation($i: ID!, $l: [ID!]!) { replaceLabelsForLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { id } } }",
            lambda: (lambda v: {"i": v["i"], "l": v["l"][1:]})(labelled(2)),
            lambda v: _labels(t, v["i"]) == v["l"],
        ),
        "clearLabelsFromLabelable": Case(
            WRITE,
            "mutation($i: ID!) { clearLabelsFromLabelable(input: {labelableId: $i}) { labelable { id } } }",
            lambda: {"i": labelled()["i"]},
            lambda v: _labels(t, v["i"]) == [],
        ),
        "addAssigneesToAssignable": Case(
            WRITE,
            ASSIGN,
            lambda: {**new_issue(), "u": [boss.login]},
            lambda v: assignees(v) == [boss.login],
        ),
        "removeAssigneesFromAssignable": Case(
            WRITE,
            "mutation($i: ID!, $u: [String!]!) { removeAssigneesFromAssignable(input: {assignableId: $i, assigneeLogins: $u}) { assignable { id } } }",
            assigned,
            lambda v: assignees(v) == [],
        ),
        "createMilestone": Case(
            WRITE,
            'mutation($r: ID!) { createMilestone(input: {repositoryId: $r, title: "x"}) { milestone { id } } }',
            counted("milestones", lambda: {"r": t.repo["id"]}),
            lambda v: total("milestones") == v["_before"] + 1,
        ),
        "updateMilestone": Case(
            WRITE,
            'mutation($i: ID!) { updateMilestone(input: {id: $i, title: "edited"}) { milestone { id } } }',
            new_milestone,
            lambda v: milestone_field(v, "title") == "edited",
        ),
        "closeMilestone": Case(
            WRITE, CLOSE_MILESTONE, new_milestone, lambda v: milestone_field(v, "state") == "CLOSED"
        ),
        "reopenMilestone": Case(
            WRITE,
            "mutation($i: ID!) { reopenMilestone(input: {id: $i}) { milestone { id } } }",
            lambda: new_milestone(closed=True),
            lambda v: milestone_field(v, "state") == "OPEN",
        ),
        "deleteMilestone": Case(
            WRITE,
            "mutation($i: ID!) { deleteMilestone(input: {id: $i}) { deletedMilestoneId } }",
            new_milestone,
            lambda v: t.node(v["i"]) is None,
        ),
        "createPullRequest": Case(
            READ,
            'mutation($r: ID!, $h: String!) { createPullRequest(input: {repositoryId: $r, title: "t", headRefName: $h, baseRefName: "main"}) { pullRequest { id } } }',
            new_branch,
            lambda v: (
                t.repository("pullRequests(headRefName: $h) { totalCount }", h=("String", v["h"]))[
                    "pullRequests"
                ]["totalCount"]
                == 1
            ),
        ),
        "updatePullRequest": Case(
            WRITE,
            'mutation($i: ID!) { updatePullRequest(input: {pullRequestId: $i, title: "edited"}) { pullRequest { id } } }',
            lambda: {"i": t.pr()["id"]},
            lambda v: pr_field(v, "title") == "edited",
        ),
        "closePullRequest": Case(
            WRITE, CLOSE_PR, lambda: {"i": t.pr()["id"]}, lambda v: pr_field(v, "state") == "CLOSED"
        ),
        "reopenPullRequest": Case(
            WRITE,
            "mutation($i: ID!) { reopenPullRequest(input: {pullRequestId: $i}) { pullRequest { id } } }",
            closed_pr,
            lambda v: pr_field(v, "state") == "OPEN",
        ),
        "mergePullRequest": Case(
            WRITE,
            "mutation($i: ID!) { mergePullRequest(input: {pullRequestId: $i}) { pullRequest { id } } }",
            lambda: {"i": t.pr()["id"]},
            lambda v: pr_field(v, "state") == "MERGED",
        ),
        "addPullRequestComment": Case(
            READ,
            'mutation($i: ID!) { addPullRequestComment(input: {pullRequestId: $i, body: "hi"}) { comment { id } } }',
            lambda: {"i": t.pr()["id"]},
            lambda v: (
                t.node(v["i"], "... on PullRequest { comments { totalCount } }")["comments"][
                    "totalCount"
                ]
                == 1
            ),
        ),
        "createRelease": Case(
            WRITE,
            "mutation($r: ID!, $g: String!) { createRelease(input: {repositoryId: $r, tagName: $g}) { release { id } } }",
            lambda: {"r": t.repo["id"], "g": unique("v")},
            lambda v: (
                t.repository("release(tagName: $g) { id }", g=("String!", v["g"]))["release"]
                is not None
            ),
        ),
        "updateRelease": Case(
            WRITE,
            'mutation($i: ID!) { updateRelease(input: {releaseId: $i, name: "edited"}) { release { id } } }',
            lambda: {"i": t.release()},
            lambda v: t.node(v["i"], "... on Release { name }")["name"] == "edited",
        ),
        "deleteRelease": Case(
            WRITE,
            "mutation($i: ID!) { deleteRelease(input: {releaseId: $i}) { deletedReleaseId } }",
            lambda: {"i": t.release()},
            lambda v: t.node(v["i"]) is None,
        ),
        "uploadReleaseAsset": Case(
            WRITE,
            "",
            lambda: {"i": t.release()},
            lambda v: (
                t.node(v["i"], "... on Release { releaseAssets { totalCount } }")["releaseAssets"][
                    "totalCount"
                ]
                == 1
            ),
            multipart=True,
        ),
        "deleteReleaseAsset": Case(
            WRITE,
            "mutation($i: ID!) { deleteReleaseAsset(input: {releaseAssetId: $i}) { deletedReleaseAssetId } }",
            new_asset,
            lambda v: t.node(v["i"]) is None,
        ),
        "addCollaborator": Case(
            ADMIN,
            "mutation($r: ID!, $l: String!) { addCollaborator(input: {repositoryId: $r, login: $l, permission: READ}) { permission } }",
            lambda: {"r": t.repo["id"], "l": forge.new_user("c").login},
            lambda v: v["l"] in collaborator_logins(),
            scopes=["repo:read", "repo:write"],
        ),
        "removeCollaborator": Case(
            ADMIN,
            "mutation($r: ID!, $l: String!) { removeCollaborator(input: {repositoryId: $r, login: $l}) { repository { id } } }",
            stranger_collaborator,
            lambda v: v["l"] not in collaborator_logins(),
            scopes=["repo:read", "repo:write"],
        ),
        "createBranchProtectionRule": Case(
            ADMIN,
            CREATE_RULE,
            counted(rules, lambda: {"r": t.repo["id"], "p": unique("p")}),
            lambda v: total(rules) == v["_before"] + 1,
        ),
        "deleteBranchProtectionRule": Case(
            ADMIN,
            "mutation($i: ID!) { deleteBranchProtectionRule(input: {branchProtectionRuleId: $i}) { deletedBranchProtectionRuleId } }",
            new_rule,
            lambda v: t.node(v["i"]) is None,
        ),
    }


ASSIGN = "mutation($i: ID!, $u: [String!]!) { addAssigneesToAssignable(input: {assignableId: $i, assigneeLogins: $u}) { assignable { id } } }"
CLOSE_MILESTONE = "mutation($i: ID!) { closeMilestone(input: {id: $i}) { milestone { id } } }"
CLOSE_PR = (
    "mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) { pullRequest { id } } }"
)
CREATE_RULE = "mutation($r: ID!, $p: String!) { createBranchProtectionRule(input: {repositoryId: $r, pattern: $p}) { branchProtectionRule { id } } }"


def _outcome(body: Vars) -> str:
    return str(body["errors"][0]["extensions"]["code"]) if body.get("errors") else "OK"


def _expected(case: Case, level: int, under_scoped: bool, anonymous: bool) -> str:
    if level == NONE:
        # A multipart upload needs an account before its body is read at all.
        return "UNAUTHENTICATED" if case.multipart and anonymous else "NOT_FOUND"
    if under_scoped or level < case.level:
        return "FORBIDDEN"
    return "OK"


def _walk(t: Target, callers: dict[str, tuple[User | None, int]]) -> None:
    """Try every case as every caller; ``callers`` maps a name to (user, role)."""
    failures = []
    for name, case in _cases(t).items():
        under_scoped = t.forge.token_for(t.boss, case.scopes)
        tries = [
            (who, user.token if user else None, level, False)
            for who, (user, level) in callers.items()
        ]
        tries.append(("under-scoped token", under_scoped, ADMIN, True))
        for who, token, level, scoped in tries:
            variables = case.setup()
            sent = {k: v for k, v in variables.items() if not k.startswith("_")}
            if case.multipart:
                body = upload(t.forge.url, token, sent["i"], "f.bin", b"bytes").json()
            else:
                body = t.run(case.document, sent, token)
            outcome = _outcome(body)
            expected = _expected(case, level, scoped, token is None)
            happened = case.happened(variables)
            if outcome != expected or happened != (outcome == "OK"):
                failures.append((name, who, expected, outcome, happened, body.get("errors")))
    assert not failures, "\n".join(map(str, failures))


def _target(forge: Forge, boss: User, repo: dict[str, Any]) -> Target:
    builder = Builder(bare_path(forge.data_dir, repo["nameWithOwner"]))
    prepare(builder)
    return Target(forge, boss, repo, builder)


def test_every_mutation_on_an_organization_repository(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    _walk(
        _target(forge, people.org_owner, repo),
        {
            "org owner": (people.org_owner, ADMIN),
            "site admin": (forge.admin, ADMIN),
            "org member": (people.member, WRITE),
            "write collaborator": (people.writer, WRITE),
            "read collaborator": (people.reader, READ),
            "outsider": (people.outsider, NONE),
            "anonymous": (None, NONE),
        },
    )


def test_every_mutation_on_a_user_repository(forge: Forge) -> None:
    owner, reader, writer, outsider = (forge.new_user(p) for p in ("own", "rd", "wr", "out"))
    repo = forge.new_repo(owner, private=True)
    add_collaborator(forge, owner, repo, reader, "READ")
    add_collaborator(forge, owner, repo, writer, "WRITE")
    _walk(
        _target(forge, owner, repo),
        {
            "owner": (owner, ADMIN),
            "site admin": (forge.admin, ADMIN),
            "write collaborator": (writer, WRITE),
            "read collaborator": (reader, READ),
            "outsider": (outsider, NONE),
            "anonymous": (None, NONE),
        },
    )


def test_a_read_collaborator_manages_what_they_wrote(forge: Forge) -> None:
    """Authors edit, close and reopen their own issues and comments; nothing more."""
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    t = _target(forge, people.org_owner, repo)
    author = people.reader
    own = issue(forge, author, repo, "mine")
    steps = [
        (
            'mutation($i: ID!) { updateIssue(input: {id: $i, title: "edited", body: "b"}) { issue { id } } }',
            "title",
            "edited",
        ),
        (
            "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
            "state",
            "CLOSED",
        ),
        (
            "mutation($i: ID!) { reopenIssue(input: {issueId: $i}) { issue { id } } }",
            "state",
            "OPEN",
        ),
    ]
    for document, name, value in steps:
        assert _outcome(t.run(document, {"i": own}, author.token)) == "OK", document
        assert t.node(own, f"... on Issue {{ {name} }}")[name] == value
    # Triage-level changes to their own issue still need WRITE.
    ms = milestone(forge, people.org_owner, repo, "m")["id"]
    refused = t.run(
        "mutation($i: ID!, $m: ID) { updateIssue(input: {id: $i, milestoneId: $m}) { issue { id } } }",
        {"i": own, "m": ms},
        author.token,
    )
    assert _outcome(refused) == "FORBIDDEN"
    assert t.node(own, "... on Issue { milestone { id } }")["milestone"] is None
    note = comment(forge, author, own)
    edit = 'mutation($i: ID!) { updateIssueComment(input: {id: $i, body: "edited"}) { issueComment { id } } }'
    assert _outcome(t.run(edit, {"i": note}, author.token)) == "OK"
    assert t.node(note, "... on IssueComment { body }")["body"] == "edited"
    delete = "mutation($i: ID!) { deleteIssueComment(input: {id: $i}) { deletedCommentId } }"
    assert _outcome(t.run(delete, {"i": note}, author.token)) == "OK"
    assert t.node(note) is None
    # Their read-only token may not even do that.
    read_only = forge.token_for(author, ["repo:read"])
    assert _outcome(t.run(steps[1][0], {"i": own}, read_only)) == "FORBIDDEN"
    assert t.node(own, "... on Issue { state }")["state"] == "OPEN"


def test_every_organization_mutation_against_every_caller(forge: Forge) -> None:
    """Organizations are public: non-owners are FORBIDDEN, the anonymous UNAUTHENTICATED."""
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    del repo
    boss = people.org_owner
    org = people.org
    under_scoped = forge.token_for(boss, ["repo:read", "repo:write", "collaborator:write"])
    roles = """query($l: String!) { organization(login: $l) { description
      membersWithRole(first: 100) { nodes { role user { login } } } } }"""

    def members() -> dict[str, str]:
        data = forge.gql(roles, {"l": org["login"]}, token=forge.admin.token)["organization"]
        return {n["user"]["login"]: n["role"] for n in data["membersWithRole"]["nodes"]}

    def description() -> str:
        return str(
            forge.gql(roles, {"l": org["login"]}, token=forge.admin.token)["organization"][
                "description"
            ]
        )

    def joined(role: str = "MEMBER") -> Vars:
        user = forge.new_user("m")
        add_member(forge, boss, org, user, role)
        return {"o": org["id"], "l": user.login}

    cases: dict[str, tuple[str, Callable[[], Vars], Callable[[Vars], bool]]] = {
        "addOrganizationMember": (
            "mutation($o: ID!, $l: String!) { addOrganizationMember(input: {organizationId: $o, login: $l}) { role } }",
            lambda: {"o": org["id"], "l": forge.new_user("m").login},
            lambda v: v["l"] in members(),
        ),
        "removeOrganizationMember": (
            "mutation($o: ID!, $l: String!) { removeOrganizationMember(input: {organizationId: $o, login: $l}) { role } }",
            joined,
            lambda v: v["l"] not in members(),
        ),
        "updateOrganizationMemberRole": (
            "mutation($o: ID!, $l: String!) { updateOrganizationMemberRole(input: {organizationId: $o, login: $l, role: ADMIN}) { role } }",
            joined,
            lambda v: members().get(v["l"]) == "ADMIN",
        ),
        "updateOrganization": (
            "mutation($o: ID!, $d: String!) { updateOrganization(input: {organizationId: $o, description: $d}) { organization { id } } }",
            lambda: {"o": org["id"], "d": unique("d")},
            lambda v: description() == v["d"],
        ),
    }
    callers: dict[str, tuple[str | None, str]] = {
        "org owner": (boss.token, "OK"),
        "org member": (people.member.token, "FORBIDDEN"),
        "write collaborator": (people.writer.token, "FORBIDDEN"),
        "read collaborator": (people.reader.token, "FORBIDDEN"),
        "outsider": (people.outsider.token, "FORBIDDEN"),
        "anonymous": (None, "UNAUTHENTICATED"),
        "under-scoped token": (under_scoped, "FORBIDDEN"),
    }
    failures = []
    for name, (document, setup, happened) in cases.items():
        for who, (token, expected) in callers.items():
            variables = setup()
            body = forge.raw(document, variables, token=token)
            outcome = _outcome(body)
            done = happened(variables)
            if outcome != expected or done != (outcome == "OK"):
                failures.append((name, who, expected, outcome, done, body.get("errors")))
    assert not failures, "\n".join(map(str, failures))
    # Another organization's owner is an outsider here too.
    other = forge.new_user("oo2")
    new_org(forge, other)
    variables = {"o": org["id"], "l": forge.new_user("m").login}
    add = "mutation($o: ID!, $l: String!) { addOrganizationMember(input: {organizationId: $o, login: $l}) { role } }"
    assert _outcome(forge.raw(add, variables, token=other.token)) == "FORBIDDEN"
    assert variables["l"] not in members()
