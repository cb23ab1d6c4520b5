"""GraphQL documents and small builders shared by the collaboration tests."""

from __future__ import annotations

from typing import Any

from tests.forge import Forge, User

CREATE_ISSUE = """mutation($r: ID!, $t: String!, $b: String) {
  createIssue(input: {repositoryId: $r, title: $t, body: $b}) { issue { id number } } }"""
ADD_COMMENT = """mutation($s: ID!, $b: String!) { addComment(input: {subjectId: $s, body: $b}) {
  comment { id } } }"""
CREATE_LABEL = """mutation($r: ID!, $n: String!) {
  createLabel(input: {repositoryId: $r, name: $n, color: "123abc"}) { label { id name } } }"""
ADD_LABELS = """mutation($i: ID!, $l: [ID!]!) {
  addLabelsToLabelable(input: {labelableId: $i, labelIds: $l}) { labelable { id } } }"""
CREATE_MILESTONE = """mutation($i: CreateMilestoneInput!) { createMilestone(input: $i) {
  milestone { id number title state dueOn } } }"""


def owner_name(repo: dict[str, Any]) -> dict[str, str]:
    owner, name = repo["nameWithOwner"].split("/")
    return {"o": owner, "n": name}


def issue(forge: Forge, user: User, repo: dict[str, Any], title: str, body: str = "") -> str:
    data = forge.gql(CREATE_ISSUE, {"r": repo["id"], "t": title, "b": body}, token=user.token)
    issue_id: str = data["createIssue"]["issue"]["id"]
    return issue_id


def comment(forge: Forge, user: User, issue_id: str, body: str = "hello") -> str:
    data = forge.gql(ADD_COMMENT, {"s": issue_id, "b": body}, token=user.token)
    comment_id: str = data["addComment"]["comment"]["id"]
    return comment_id


def label(forge: Forge, user: User, repo: dict[str, Any], name: str) -> str:
    data = forge.gql(CREATE_LABEL, {"r": repo["id"], "n": name}, token=user.token)
    label_id: str = data["createLabel"]["label"]["id"]
    return label_id


def milestone(forge: Forge, user: User, repo: dict[str, Any], title: str) -> dict[str, Any]:
    data = forge.gql(
        CREATE_MILESTONE, {"i": {"repositoryId": repo["id"], "title": title}}, token=user.token
    )
    found: dict[str, Any] = data["createMilestone"]["milestone"]
    return found
