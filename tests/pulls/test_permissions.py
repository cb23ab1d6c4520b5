"""Who may open, edit, close, reopen, merge and comment; private pull requests do not exist."""

from __future__ import annotations

from tests.forge import Forge, User
from tests.pulls.builder import CREATE, MERGE, TOPICS, Project, code_of, fresh_pr, new_project

UPDATE = """mutation($i: ID!) { updatePullRequest(input: {pullRequestId: $i, title: "edited"}) {
  pullRequest { title } } }"""
CLOSE = (
    "mutation($i: ID!) { closePullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
)
REOPEN = (
    "mutation($i: ID!) { reopenPullRequest(input: {pullRequestId: $i}) { pullRequest { state } } }"
)
COMMENT = """mutation($i: ID!) { addPullRequestComment(input: {pullRequestId: $i, body: "lgtm"}) {
  comment { id body } pullRequest { comments(first: 5) { totalCount } } } }"""
NODE = "query($id: ID!) { node(id: $id) { id } }"


def test_permission_matrix_on_an_organization_repository(
    forge: Forge, org_project: tuple[Project, dict[str, str | None]]
) -> None:
    project, actors = org_project
    writer = actors["org owner"]
    assert writer is not None
    expected = {
        # action: org owner, org member, outsider, anonymous, read-only token
        "create": ["OK", "OK", "OK", "UNAUTHENTICATED", "FORBIDDEN"],
        "comment": ["OK", "OK", "OK", "UNAUTHENTICATED", "FORBIDDEN"],
        "update": ["OK", "OK", "FORBIDDEN", "UNAUTHENTICATED", "FORBIDDEN"],
        "close": ["OK", "OK", "FORBIDDEN", "UNAUTHENTICATED", "FORBIDDEN"],
        "reopen": ["OK", "OK", "FORBIDDEN", "UNAUTHENTICATED", "FORBIDDEN"],
        "merge": ["OK", "OK", "FORBIDDEN", "UNAUTHENTICATED", "FORBIDDEN"],
    }
    viewer = "query($id: ID!) { node(id: $id) { ... on PullRequest { viewerCanUpdate viewerCanMerge } } }"
    sample = fresh_pr(project, writer)
    can = {
        who: forge.gql(viewer, {"id": sample["id"]}, token=t)["node"] for who, t in actors.items()
    }
    yes, no = (
        {"viewerCanUpdate": True, "viewerCanMerge": True},
        {
            "viewerCanUpdate": False,
            "viewerCanMerge": False,
        },
    )
    assert can == {
        "org owner": yes,
        "org member": yes,
        "outsider": no,
        "anonymous": no,
        "read-only token": no,
    }
    for action, codes in expected.items():
        for (who, token), code in zip(actors.items(), codes, strict=True):
            if action == "create":
                name = f"topic{next(TOPICS)}"
                project.builder.branch(name, "main")
                project.builder.commit(name, {f"{name}.txt": "x\n"}, f"Add {name}")
                variables = {"r": project.repo["id"], "t": "t", "h": name, "b": "main"}
                got = code_of(forge, CREATE, variables, token)
            else:
                pr = fresh_pr(project, writer)
                if action == "reopen":
                    forge.gql(CLOSE, {"i": pr["id"]}, token=writer)
                query = {"comment": COMMENT, "update": UPDATE, "close": CLOSE, "reopen": REOPEN}
                if action == "merge":
                    got = code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, token)
                    merged = project.get(pr["number"])["state"] == "MERGED"
                    assert merged == (code == "OK"), (action, who)
                else:
                    got = code_of(forge, query[action], {"i": pr["id"]}, token)
            assert got == code, (action, who, got)


def test_an_outsider_may_edit_and_close_their_own_pull_request(
    forge: Forge, org_project: tuple[Project, dict[str, str | None]]
) -> None:
    project, actors = org_project
    outsider = actors["outsider"]
    assert outsider is not None
    pr = fresh_pr(project, outsider)
    assert code_of(forge, UPDATE, {"i": pr["id"]}, outsider) == "OK"
    assert code_of(forge, CLOSE, {"i": pr["id"]}, outsider) == "OK"
    assert code_of(forge, REOPEN, {"i": pr["id"]}, outsider) == "OK"
    assert code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, outsider) == "FORBIDDEN"


def test_owner_of_a_user_repository_and_their_read_only_token(forge: Forge) -> None:
    owner = forge.new_user()
    project = new_project(forge, owner)
    read_only = forge.token_for(owner, ["repo:read"])
    pr = fresh_pr(project, owner.token)
    for query in (UPDATE, COMMENT, CLOSE):
        assert code_of(forge, query, {"i": pr["id"]}, read_only) == "FORBIDDEN"
    assert code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, read_only) == "FORBIDDEN"
    assert code_of(forge, COMMENT, {"i": pr["id"]}, owner.token) == "OK"
    assert code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, owner.token) == "OK"


def test_private_pull_requests_do_not_exist_for_strangers(forge: Forge) -> None:
    owner: User = forge.new_user()
    project = new_project(forge, owner, private=True)
    pr = project.open(owner.token)
    comment = forge.gql(COMMENT, {"i": pr["id"]}, token=owner.token)["addPullRequestComment"]
    strangers = {
        "anonymous": None,
        "other user": forge.new_user().token,
        "token without repo:read": forge.token_for(owner, []),
    }
    lookup = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      pullRequest(number: 1) { id } } }"""
    for who, token in strangers.items():
        assert forge.gql(lookup, {"o": project.owner, "n": project.name}, token=token) == {
            "repository": None
        }, who
        assert forge.gql(NODE, {"id": pr["id"]}, token=token) == {"node": None}, who
        assert forge.gql(NODE, {"id": comment["comment"]["id"]}, token=token) == {"node": None}, who
        for query in (UPDATE, CLOSE, REOPEN, COMMENT):
            assert code_of(forge, query, {"i": pr["id"]}, token) == "NOT_FOUND", (who, query)
        assert code_of(forge, MERGE, {"i": {"pullRequestId": pr["id"]}}, token) == "NOT_FOUND", who
        variables = {"r": project.repo["id"], "t": "t", "h": "feature", "b": "main"}
        assert code_of(forge, CREATE, variables, token) == "NOT_FOUND", who
    assert project.get(1, owner.token)["state"] == "OPEN"
    assert forge.gql(NODE, {"id": pr["id"]}, token=owner.token) == {"node": {"id": pr["id"]}}
