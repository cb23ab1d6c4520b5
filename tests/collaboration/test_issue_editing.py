"""Editing and deleting comments and labels, and assigning issues."""

from __future__ import annotations

from tests.collaboration.issues_api import ADD_LABELS, comment, issue, label, owner_name
from tests.collaboration.people import add_collaborator
from tests.forge import Forge

UPDATE_COMMENT = """mutation($i: ID!, $b: String!) { updateIssueComment(input: {id: $i, body: $b}) {
  issueComment { body lastEditedAt } } }"""
DELETE_COMMENT = "mutation($i: ID!) { deleteIssueComment(input: {id: $i}) { deletedCommentId } }"
COMMENTS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  issue(number: 1) { comments(first: 10) { totalCount nodes { body lastEditedAt } }
  labels { nodes { name color } } assignees { nodes { login } } } } }"""
UPDATE_LABEL = """mutation($i: UpdateLabelInput!) { updateLabel(input: $i) {
  label { name color description } } }"""
DELETE_LABEL = "mutation($i: ID!) { deleteLabel(input: {id: $i}) { deletedLabelId } }"
ASSIGN = """mutation($i: ID!, $a: [ID!], $l: [String!]) {
  addAssigneesToAssignable(input: {assignableId: $i, assigneeIds: $a, assigneeLogins: $l}) {
  assignable { assignees { nodes { login } } } } }"""
UNASSIGN = """mutation($i: ID!, $l: [String!]) {
  removeAssigneesFromAssignable(input: {assignableId: $i, assigneeLogins: $l}) {
  assignable { assignees { nodes { login } } } } }"""


def test_comment_author_and_maintainers_can_edit_and_delete(forge: Forge) -> None:
    owner, author, stranger = forge.new_user(), forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    issue_id = issue(forge, owner, repo, "a bug")
    comment_id = comment(forge, author, issue_id, "first")
    edited = forge.gql(UPDATE_COMMENT, {"i": comment_id, "b": "second"}, token=author.token)
    assert edited["updateIssueComment"]["issueComment"]["body"] == "second"
    assert edited["updateIssueComment"]["issueComment"]["lastEditedAt"] is not None
    refused = {
        "stranger": (stranger.token, "FORBIDDEN"),
        "anonymous": (None, "UNAUTHENTICATED"),
        "read-only token": (forge.token_for(author, ["repo:read"]), "FORBIDDEN"),
    }
    for who, (token, code) in refused.items():
        for doc in (UPDATE_COMMENT, DELETE_COMMENT):
            error = forge.gql_error(doc, {"i": comment_id, "b": "x"}, token=token)
            assert error.codes == [code], who
    by_owner = forge.gql(UPDATE_COMMENT, {"i": comment_id, "b": "tidied"}, token=owner.token)
    assert by_owner["updateIssueComment"]["issueComment"]["body"] == "tidied"
    blank = forge.gql_error(UPDATE_COMMENT, {"i": comment_id, "b": " "}, token=author.token)
    assert blank.codes == ["BAD_USER_INPUT"]
    own = comment(forge, author, issue_id, "mine")
    forge.gql(DELETE_COMMENT, {"i": own}, token=author.token)
    forge.gql(DELETE_COMMENT, {"i": comment_id}, token=owner.token)
    left = forge.gql(COMMENTS, owner_name(repo))["repository"]["issue"]["comments"]
    assert left == {"totalCount": 0, "nodes": []}
    gone = forge.gql_error(DELETE_COMMENT, {"i": comment_id}, token=owner.token)
    assert gone.codes == ["NOT_FOUND"]


def test_comments_in_a_private_repository_do_not_exist_for_strangers(forge: Forge) -> None:
    owner, stranger = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner, private=True)
    comment_id = comment(forge, owner, issue(forge, owner, repo, "secret"))
    label_id = label(forge, owner, repo, "secret")
    for token in (stranger.token, None, forge.token_for(owner, [])):
        for doc, variables in (
            (UPDATE_COMMENT, {"i": comment_id, "b": "x"}),
            (DELETE_COMMENT, {"i": comment_id}),
            (UPDATE_LABEL, {"i": {"id": label_id, "name": "y"}}),
            (DELETE_LABEL, {"i": label_id}),
        ):
            assert forge.gql_error(doc, variables, token=token).codes == ["NOT_FOUND"]


def test_writers_can_update_and_delete_labels(forge: Forge) -> None:
    owner, stranger = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    bug, feature = label(forge, owner, repo, "bug"), label(forge, owner, repo, "feature")
    issue_id = issue(forge, owner, repo, "x")
    forge.gql(ADD_LABELS, {"i": issue_id, "l": [bug, feature]}, token=owner.token)
    changed = forge.gql(
        UPDATE_LABEL,
        {"i": {"id": bug, "name": "defect", "color": "#00ff00", "description": "broken"}},
        token=owner.token,
    )["updateLabel"]["label"]
    assert changed == {"name": "defect", "color": "#00FF00", "description": "broken"}
    for color in ("red", "12345", "#1234567", "gggggg"):
        bad = forge.gql_error(UPDATE_LABEL, {"i": {"id": bug, "color": color}}, token=owner.token)
        assert bad.codes == ["BAD_USER_INPUT"], color
    clash = forge.gql_error(UPDATE_LABEL, {"i": {"id": bug, "name": "feature"}}, token=owner.token)
    assert clash.codes == ["CONFLICT"]
    # Names are one name whatever their case, as the issue filters match them.
    other_case = forge.gql_error(
        UPDATE_LABEL, {"i": {"id": bug, "name": "FEATURE"}}, token=owner.token
    )
    assert other_case.codes == ["CONFLICT"]
    create = """mutation($r: ID!, $n: String!) { createLabel(input: {repositoryId: $r, name: $n,
      color: "123abc"}) { label { id } } }"""
    duplicate = forge.gql_error(create, {"r": repo["id"], "n": " Feature "}, token=owner.token)
    assert duplicate.codes == ["CONFLICT"] and duplicate.errors[0]["extensions"]["field"] == "name"
    recased = forge.gql(UPDATE_LABEL, {"i": {"id": feature, "name": "Feature"}}, token=owner.token)
    assert recased["updateLabel"]["label"]["name"] == "Feature"
    forge.gql(UPDATE_LABEL, {"i": {"id": feature, "name": "feature"}}, token=owner.token)
    for token, code in ((stranger.token, "FORBIDDEN"), (None, "UNAUTHENTICATED")):
        assert forge.gql_error(DELETE_LABEL, {"i": bug}, token=token).codes == [code]
    read_only = forge.token_for(owner, ["repo:read"])
    assert forge.gql_error(DELETE_LABEL, {"i": bug}, token=read_only).codes == ["FORBIDDEN"]
    forge.gql(DELETE_LABEL, {"i": bug}, token=owner.token)
    labels = forge.gql(COMMENTS, owner_name(repo))["repository"]["issue"]["labels"]["nodes"]
    assert labels == [{"name": "feature", "color": "#123ABC"}]


def test_writers_assign_readers_to_issues(forge: Forge) -> None:
    owner, helper, stranger = forge.new_user(), forge.new_user(), forge.new_user()
    public = forge.new_repo(owner)
    # Assignees read the repository by their own standing, not because it is public (issue 14).
    add_collaborator(forge, owner, public, helper, "READ")
    issue_id = issue(forge, stranger, public, "please look")
    assigned = forge.gql(
        ASSIGN, {"i": issue_id, "a": [helper.id], "l": [owner.login.upper()]}, token=owner.token
    )["addAssigneesToAssignable"]["assignable"]["assignees"]["nodes"]
    assert assigned == sorted(
        [{"login": owner.login}, {"login": helper.login}], key=lambda a: a["login"].lower()
    )
    again = forge.gql(
        ASSIGN, {"i": issue_id, "a": [helper.id], "l": [helper.login]}, token=owner.token
    )
    assert len(again["addAssigneesToAssignable"]["assignable"]["assignees"]["nodes"]) == 2
    denied = forge.gql_error(ASSIGN, {"i": issue_id, "l": [stranger.login]}, token=stranger.token)
    assert denied.codes == ["FORBIDDEN"]
    missing = forge.gql_error(ASSIGN, {"i": issue_id, "l": ["nobody-here"]}, token=owner.token)
    assert missing.codes == ["NOT_FOUND"]
    left = forge.gql(UNASSIGN, {"i": issue_id, "l": [helper.login]}, token=owner.token)
    assert left["removeAssigneesFromAssignable"]["assignable"]["assignees"]["nodes"] == [
        {"login": owner.login}
    ]
    private = forge.new_repo(owner, private=True)
    secret_issue = issue(forge, owner, private, "hidden")
    cannot_read = forge.gql_error(
        ASSIGN, {"i": secret_issue, "l": [helper.login]}, token=owner.token
    )
    assert cannot_read.codes == ["BAD_USER_INPUT"]
