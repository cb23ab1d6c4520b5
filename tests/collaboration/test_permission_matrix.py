"""Every new issue-side and asset mutation, tried by every kind of caller on a private repository.

Each mutation gets a fresh target per caller, so an allowed call cannot hide a
refused one. Callers who cannot read the repository get NOT_FOUND; readers
without the needed role, and tokens without ``repo:write``, get FORBIDDEN.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.collaboration.issues_api import comment, issue, label, milestone
from tests.collaboration.people import Cast, cast, org_repo
from tests.collaboration.releases_api import CREATE, commit, upload, uploaded
from tests.forge import Forge, unique

Setup = Callable[[], dict[str, Any]]


def _cases(forge: Forge, people: Cast, repo: dict[str, Any]) -> dict[str, tuple[str, Setup]]:
    boss = people.org_owner

    def new_issue() -> dict[str, Any]:
        return {"i": issue(forge, boss, repo, "t")}

    def new_label() -> dict[str, Any]:
        return {"i": label(forge, boss, repo, unique("l"))}

    def new_milestone() -> dict[str, Any]:
        return {"i": milestone(forge, boss, repo, "m")["id"]}

    def new_comment() -> dict[str, Any]:
        return {"i": comment(forge, boss, issue(forge, boss, repo, "t"))}

    def new_asset() -> dict[str, Any]:
        release = forge.gql(
            CREATE, {"i": {"repositoryId": repo["id"], "tagName": unique("v")}}, token=boss.token
        )["createRelease"]["release"]
        return {"i": uploaded(forge, boss.token, release["id"], "a.bin", b"a")["id"]}

    def with_milestone() -> dict[str, Any]:
        return {**new_issue(), "m": milestone(forge, boss, repo, "m")["id"]}

    return {
        "closeIssue (someone else's)": (
            "mutation($i: ID!) { closeIssue(input: {issueId: $i}) { issue { id } } }",
            new_issue,
        ),
        "updateLabel": (
            'mutation($i: ID!) { updateLabel(input: {id: $i, color: "abcdef"}) { label { id } } }',
            new_label,
        ),
        "deleteLabel": (
            "mutation($i: ID!) { deleteLabel(input: {id: $i}) { deletedLabelId } }",
            new_label,
        ),
        "createMilestone": (
            'mutation($r: ID!) { createMilestone(input: {repositoryId: $r, title: "x"}) { milestone { id } } }',
            lambda: {"r": repo["id"]},
        ),
        "updateMilestone": (
            'mutation($i: ID!) { updateMilestone(input: {id: $i, title: "y"}) { milestone { id } } }',
            new_milestone,
        ),
        "closeMilestone": (
            "mutation($i: ID!) { closeMilestone(input: {id: $i}) { milestone { id } } }",
            new_milestone,
        ),
        "deleteMilestone": (
            "mutation($i: ID!) { deleteMilestone(input: {id: $i}) { deletedMilestoneId } }",
            new_milestone,
        ),
        "updateIssue milestoneId": (
            "mutation($i: ID!, $m: ID) { updateIssue(input: {id: $i, milestoneId: $m}) { issue { id } } }",
            with_milestone,
        ),
        "addAssigneesToAssignable": (
            "mutation($i: ID!, $l: [String!]) { addAssigneesToAssignable(input: {assignableId: $i, assigneeLogins: $l}) { assignable { id } } }",
            lambda: {**new_issue(), "l": [boss.login]},
        ),
        "removeAssigneesFromAssignable": (
            "mutation($i: ID!, $l: [String!]) { removeAssigneesFromAssignable(input: {assignableId: $i, assigneeLogins: $l}) { assignable { id } } }",
            lambda: {**new_issue(), "l": [boss.login]},
        ),
        "updateIssueComment": (
            'mutation($i: ID!) { updateIssueComment(input: {id: $i, body: "z"}) { issueComment { id } } }',
            new_comment,
        ),
        "deleteIssueComment": (
            "mutation($i: ID!) { deleteIssueComment(input: {id: $i}) { deletedCommentId } }",
            new_comment,
        ),
        "deleteReleaseAsset": (
            "mutation($i: ID!) { deleteReleaseAsset(input: {releaseAssetId: $i}) { deletedReleaseAssetId } }",
            new_asset,
        ),
    }


def test_every_new_mutation_against_every_caller(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    commit(forge, repo)
    callers: dict[str, tuple[str | None, str]] = {
        "org owner": (people.org_owner.token, "ok"),
        "org member": (people.member.token, "ok"),
        "write collaborator": (people.writer.token, "ok"),
        "read collaborator": (people.reader.token, "FORBIDDEN"),
        "outsider": (people.outsider.token, "NOT_FOUND"),
        "anonymous": (None, "NOT_FOUND"),
        "read-only token": (forge.token_for(people.org_owner, ["repo:read"]), "FORBIDDEN"),
    }
    # Deleting someone else's comment needs ADMIN, not WRITE.
    admin_only = {"deleteIssueComment"}
    for mutation, (document, setup) in _cases(forge, people, repo).items():
        for who, (token, expected) in callers.items():
            if mutation in admin_only and who in {"org member", "write collaborator"}:
                expected = "FORBIDDEN"
            body = forge.raw(document, setup(), token=token)
            outcome = body["errors"][0]["extensions"]["code"] if body.get("errors") else "ok"
            assert outcome == expected, (mutation, who, body)


def test_uploading_an_asset_against_every_caller(forge: Forge) -> None:
    people = cast(forge)
    repo = org_repo(forge, people, private=True)
    commit(forge, repo)
    release = forge.gql(
        CREATE, {"i": {"repositoryId": repo["id"], "tagName": "v1"}}, token=people.org_owner.token
    )["createRelease"]["release"]
    callers = {
        "org owner": (people.org_owner.token, "ok"),
        "org member": (people.member.token, "ok"),
        "write collaborator": (people.writer.token, "ok"),
        "read collaborator": (people.reader.token, "FORBIDDEN"),
        "outsider": (people.outsider.token, "NOT_FOUND"),
        "anonymous": (None, "UNAUTHENTICATED"),
        "read-only token": (forge.token_for(people.org_owner, ["repo:read"]), "FORBIDDEN"),
    }
    for who, (token, expected) in callers.items():
        body = upload(forge.url, token, release["id"], unique("f"), b"bytes").json()
        outcome = body["errors"][0]["extensions"]["code"] if body.get("errors") else "ok"
        assert outcome == expected, (who, body)
