"""Every event kind writes a delivery, through GraphQL mutations and a real git push."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.forge import Forge
from tests.git.gitcli import Git, url
from tests.webhooks.flow import create_hook, deliveries
from tests.webhooks.receiver import Receiver

EVERYTHING = [
    "push",
    "create",
    "delete",
    "issues",
    "issue_comment",
    "pull_request",
    "release",
    "workflow",
]


def _facts_of(forge: Forge, token: str, hook_id: str) -> list[tuple[str, str]]:
    return [(d["event"], d["action"]) for d in reversed(deliveries(forge, token, hook_id))]


def _do(forge: Forge, token: str, mutation: str, variables: dict[str, Any]) -> dict[str, Any]:
    return forge.gql(mutation, variables, token=token)


def test_each_event_kind_produces_a_delivery(hooks: Forge, sink: Receiver, tmp_path: Path) -> None:
    owner = hooks.new_user()
    helper = hooks.new_user()
    repo = hooks.new_repo(owner)
    hook = create_hook(hooks, owner.token, repo["id"], sink.url, events=EVERYTHING)
    # Only what a webhook subscribes to is sent to it.
    pushes_only = create_hook(hooks, owner.token, repo["id"], sink.url, events=["push"])
    inactive = create_hook(
        hooks, owner.token, repo["id"], sink.url, events=EVERYTHING, active=False
    )
    git = Git(tmp_path / "home")
    work = git.init(tmp_path / "work")
    remote = url(hooks, repo["nameWithOwner"], owner.token)
    git.commit(work, "a.txt", "one\n", "First")
    git.run("push", remote, "main", cwd=work)
    git.run("checkout", "-q", "-b", "feature", cwd=work)
    git.commit(work, "b.txt", "two\n", "Second")
    git.run("push", remote, "feature", cwd=work)
    git.run("tag", "v0", cwd=work)
    git.run("push", remote, "v0", cwd=work)
    git.run("push", remote, ":refs/tags/v0", cwd=work)
    expected = [
        ("create", ""),
        ("push", ""),
        ("create", ""),
        ("push", ""),
        ("create", ""),
        ("push", ""),
        ("delete", ""),
    ]
    assert _facts_of(hooks, owner.token, hook["id"]) == expected

    _do(
        hooks,
        owner.token,
        "mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { user { id } } }",
        {"i": {"repositoryId": repo["id"], "login": helper.login}},
    )
    issue = _do(
        hooks,
        owner.token,
        "mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { id } } }",
        {"i": {"repositoryId": repo["id"], "title": "Bug", "body": "It breaks"}},
    )["createIssue"]["issue"]
    _do(
        hooks,
        owner.token,
        "mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue { id } } }",
        {"i": {"id": issue["id"], "title": "Bad bug"}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: CloseIssueInput!) { closeIssue(input: $i) { issue { id } } }",
        {"i": {"issueId": issue["id"]}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: ReopenIssueInput!) { reopenIssue(input: $i) { issue { id } } }",
        {"i": {"issueId": issue["id"]}},
    )
    label = _do(
        hooks,
        owner.token,
        "mutation($i: CreateLabelInput!) { createLabel(input: $i) { label { id } } }",
        {"i": {"repositoryId": repo["id"], "name": "bug", "color": "ff0000"}},
    )["createLabel"]["label"]
    _do(
        hooks,
        owner.token,
        "mutation($i: LabelableInput!) { addLabelsToLabelable(input: $i) { __typename } }",
        {"i": {"labelableId": issue["id"], "labelIds": [label["id"]]}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: AssignableInput!) { addAssigneesToAssignable(input: $i) { __typename } }",
        {"i": {"assignableId": issue["id"], "assigneeIds": [helper.id]}},
    )
    milestone = _do(
        hooks,
        owner.token,
        "mutation($i: CreateMilestoneInput!) { createMilestone(input: $i) { milestone { id } } }",
        {"i": {"repositoryId": repo["id"], "title": "v1"}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { issue { id } } }",
        {"i": {"id": issue["id"], "milestoneId": milestone["createMilestone"]["milestone"]["id"]}},
    )
    comment = _do(
        hooks,
        owner.token,
        "mutation($i: AddCommentInput!) { addComment(input: $i) { comment { id } } }",
        {"i": {"subjectId": issue["id"], "body": "Me too"}},
    )
    comment_id = comment["addComment"]["comment"]["id"]
    _do(
        hooks,
        owner.token,
        "mutation($i: UpdateIssueCommentInput!) { updateIssueComment("
        "input: $i) { issueComment { id } } }",
        {"i": {"id": comment_id, "body": "Me three"}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: DeleteIssueCommentInput!) { deleteIssueComment("
        "input: $i) { deletedCommentId } }",
        {"i": {"id": comment_id}},
    )
    assert _facts_of(hooks, owner.token, hook["id"])[len(expected) :] == [
        ("issues", "opened"),
        ("issues", "edited"),
        ("issues", "closed"),
        ("issues", "reopened"),
        ("issues", "labeled"),
        ("issues", "assigned"),
        ("issues", "milestoned"),
        ("issue_comment", "created"),
        ("issue_comment", "edited"),
        ("issue_comment", "deleted"),
    ]
    expected = _facts_of(hooks, owner.token, hook["id"])

    pr = _do(
        hooks,
        owner.token,
        "mutation($i: CreatePullRequestInput!) { createPullRequest("
        "input: $i) { pullRequest { id } } }",
        {
            "i": {
                "repositoryId": repo["id"],
                "title": "Feature",
                "headRefName": "feature",
                "baseRefName": "main",
            }
        },
    )
    pr_id = pr["createPullRequest"]["pullRequest"]["id"]
    _do(
        hooks,
        owner.token,
        "mutation($i: UpdatePullRequestInput!) { updatePullRequest("
        "input: $i) { pullRequest { id } } }",
        {"i": {"pullRequestId": pr_id, "body": "Adds b"}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: PullRequestIdInput!) { closePullRequest(input: $i) { pullRequest { id } } }",
        {"i": {"pullRequestId": pr_id}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: PullRequestIdInput!) { reopenPullRequest(input: $i) { pullRequest { id } } }",
        {"i": {"pullRequestId": pr_id}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: AddPullRequestCommentInput!) { addPullRequestComment("
        "input: $i) { comment { id } } }",
        {"i": {"pullRequestId": pr_id, "body": "LGTM"}},
    )
    git.commit(work, "c.txt", "three\n", "Third")
    git.run("push", remote, "feature", cwd=work)
    _do(
        hooks,
        owner.token,
        "mutation($i: MergePullRequestInput!) { mergePullRequest(input: $i) "
        "{ pullRequest { id } } }",
        {"i": {"pullRequestId": pr_id}},
    )
    assert _facts_of(hooks, owner.token, hook["id"])[len(expected) :] == [
        ("pull_request", "opened"),
        ("pull_request", "edited"),
        ("pull_request", "closed"),
        ("pull_request", "reopened"),
        ("issue_comment", "created"),
        ("push", ""),
        ("pull_request", "synchronized"),
        ("pull_request", "merged"),
        ("push", ""),
    ]
    expected = _facts_of(hooks, owner.token, hook["id"])

    release = _do(
        hooks,
        owner.token,
        "mutation($i: CreateReleaseInput!) { createRelease(input: $i) { release { id } } }",
        {"i": {"repositoryId": repo["id"], "tagName": "v1.0"}},
    )
    release_id = release["createRelease"]["release"]["id"]
    _do(
        hooks,
        owner.token,
        "mutation($i: UpdateReleaseInput!) { updateRelease(input: $i) { release { id } } }",
        {"i": {"releaseId": release_id, "name": "One"}},
    )
    _do(
        hooks,
        owner.token,
        "mutation($i: DeleteReleaseInput!) { deleteRelease(input: $i) { deletedReleaseId } }",
        {"i": {"releaseId": release_id}},
    )
    assert _facts_of(hooks, owner.token, hook["id"])[len(expected) :] == [
        ("release", "published"),
        ("release", "updated"),
        ("release", "deleted"),
    ]
    assert {e for e, _ in _facts_of(hooks, owner.token, pushes_only["id"])} == {"push"}
    assert _facts_of(hooks, owner.token, inactive["id"]) == []
