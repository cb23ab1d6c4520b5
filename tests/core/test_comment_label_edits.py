"""Editing and deleting comments and labels, user search, dialect scopes: through GraphQL."""

from __future__ import annotations

from tests.forge import Forge, unique

ISSUE = (
    """mutation($r: ID!) { createIssue(input: {repositoryId: $r, title: "t"}) { issue { id } } }"""
)
COMMENT = """mutation($s: ID!, $b: String!) { addComment(input: {subjectId: $s, body: $b})
  { comment { id } } }"""
EDIT_COMMENT = """mutation($i: ID!, $b: String!) { updateIssueComment(input: {id: $i, body: $b})
  { issueComment { body issue { id } } } }"""
DELETE_COMMENT = (
    """mutation($i: ID!) { deleteIssueComment(input: {id: $i}) { deletedCommentId } }"""
)
LABEL = """mutation($r: ID!, $n: String!) { createLabel(input: {repositoryId: $r, name: $n,
  color: "#112233"}) { label { id } } }"""
EDIT_LABEL = """mutation($i: UpdateLabelInput!) { updateLabel(input: $i)
  { label { name color description repository { name } } } }"""
DELETE_LABEL = """mutation($i: ID!) { deleteLabel(input: {id: $i}) { deletedLabelId } }"""
COUNT = """query($i: ID!) { node(id: $i) { ... on Issue { commentCount } } }"""


def test_author_can_edit_and_delete_a_comment_and_outsiders_cannot(forge: Forge) -> None:
    owner, outsider = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    issue = forge.gql(ISSUE, {"r": repo["id"]}, token=owner.token)["createIssue"]["issue"]["id"]
    mine = forge.gql(COMMENT, {"s": issue, "b": "one"}, token=outsider.token)
    mine_id = mine["addComment"]["comment"]["id"]
    theirs = forge.gql(COMMENT, {"s": issue, "b": "two"}, token=owner.token)
    theirs_id = theirs["addComment"]["comment"]["id"]
    assert forge.gql(COUNT, {"i": issue}, token=owner.token)["node"]["commentCount"] == 2
    edited = forge.gql(EDIT_COMMENT, {"i": mine_id, "b": "uno"}, token=outsider.token)
    assert edited["updateIssueComment"]["issueComment"] == {"body": "uno", "issue": {"id": issue}}
    refused = forge.gql_error(EDIT_COMMENT, {"i": theirs_id, "b": "x"}, token=outsider.token)
    assert refused.codes == ["FORBIDDEN"]
    assert forge.gql_error(DELETE_COMMENT, {"i": theirs_id}, token=outsider.token).codes == [
        "FORBIDDEN"
    ]
    assert forge.gql_error(EDIT_COMMENT, {"i": mine_id, "b": " "}, token=outsider.token).codes == [
        "BAD_USER_INPUT"
    ]
    # The repository owner moderates any comment.
    forge.gql(DELETE_COMMENT, {"i": mine_id}, token=owner.token)
    assert forge.gql(COUNT, {"i": issue}, token=owner.token)["node"]["commentCount"] == 1
    assert forge.gql_error(DELETE_COMMENT, {"i": mine_id}, token=owner.token).codes == ["NOT_FOUND"]


def test_comments_and_labels_of_private_repositories_do_not_exist_for_outsiders(
    forge: Forge,
) -> None:
    owner, outsider = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner, private=True)
    issue = forge.gql(ISSUE, {"r": repo["id"]}, token=owner.token)["createIssue"]["issue"]["id"]
    comment = forge.gql(COMMENT, {"s": issue, "b": "c"}, token=owner.token)
    comment_id = comment["addComment"]["comment"]["id"]
    label = forge.gql(LABEL, {"r": repo["id"], "n": "bug"}, token=owner.token)
    label_id = label["createLabel"]["label"]["id"]
    for mutation, variables in [
        (EDIT_COMMENT, {"i": comment_id, "b": "x"}),
        (DELETE_COMMENT, {"i": comment_id}),
        (EDIT_LABEL, {"i": {"id": label_id, "name": "x"}}),
        (DELETE_LABEL, {"i": label_id}),
    ]:
        assert forge.gql_error(mutation, variables, token=outsider.token).codes == ["NOT_FOUND"]
    assert forge.gql(EDIT_COMMENT, {"i": comment_id, "b": "kept"}, token=owner.token)


def test_writers_edit_and_delete_labels(forge: Forge) -> None:
    owner, reader = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    first = forge.gql(LABEL, {"r": repo["id"], "n": "bug"}, token=owner.token)
    label_id = first["createLabel"]["label"]["id"]
    forge.gql(LABEL, {"r": repo["id"], "n": "ui"}, token=owner.token)
    changed = forge.gql(
        EDIT_LABEL,
        {"i": {"id": label_id, "name": "defect", "color": "ff0000", "description": "d"}},
        token=owner.token,
    )["updateLabel"]["label"]
    assert changed == {
        "name": "defect",
        "color": "#FF0000",
        "description": "d",
        "repository": {"name": repo["name"]},
    }
    taken = forge.gql_error(EDIT_LABEL, {"i": {"id": label_id, "name": "ui"}}, token=owner.token)
    assert taken.codes == ["CONFLICT"]
    assert forge.gql_error(DELETE_LABEL, {"i": label_id}, token=reader.token).codes == ["FORBIDDEN"]
    forge.gql(DELETE_LABEL, {"i": label_id}, token=owner.token)
    names = forge.gql(
        "query($o: String!, $n: String!) { repository(owner: $o, name: $n) "
        "{ labels { nodes { name } } } }",
        {"o": owner.login, "n": repo["name"]},
    )["repository"]["labels"]["nodes"]
    assert names == [{"name": "ui"}]


def test_users_search_finds_people_not_organizations(forge: Forge) -> None:
    user = forge.new_user("findme")
    org = unique("findme")
    forge.gql(
        "mutation($l: String!) { createOrganization(input: {login: $l}) { organization { id } } }",
        {"l": org},
        token=user.token,
    )
    found = forge.gql(
        "query($q: String!) { users(query: $q, first: 10) { totalCount nodes { login } } }",
        {"q": user.login.upper()},
    )["users"]
    assert found == {"totalCount": 1, "nodes": [{"login": user.login}]}


def test_tokens_take_dialect_scope_names_and_are_minted_for_yourself(forge: Forge) -> None:
    user, other = forge.new_user(), forge.new_user()
    minted = forge.gql(
        """mutation { createAccessToken(input: {name: "g", scopes: ["repo"], scopeDialect: "gogs"})
           { accessToken { scopes gogs: scopes(dialect: "gogs") } } }""",
        token=user.token,
    )["createAccessToken"]["accessToken"]
    assert minted == {"scopes": ["repo:read", "repo:write", "repo:delete"], "gogs": ["repo"]}
    unknown = forge.gql_error(
        'mutation { createAccessToken(input: {name: "g", scopes: ["repo"]}) { token } }',
        token=user.token,
    )
    assert unknown.codes == ["BAD_USER_INPUT"]
    theirs = forge.gql_error(
        'mutation($l: String!) { createAccessToken(input: {name: "x", login: $l}) { token } }',
        {"l": other.login},
        token=user.token,
    )
    assert theirs.codes == ["FORBIDDEN"]
