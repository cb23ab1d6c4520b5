"""GitHub's field merging (``OverlappingFieldsOfDistinctObjects``): two leaf fields whose
parents are different object types may differ in type under one response name; every
other conflict is refused with graphql-core's own message."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, parse, specified_rules, validate
from graphql.validation.rules import overlapping_fields_can_be_merged as overlapping

from schema import check_document
from schema.graphql_internals import VALIDATION_RULES

ROOT = Path(__file__).resolve().parents[2]

SDL = """
enum IssueState { OPEN CLOSED }
enum PullRequestState { OPEN CLOSED MERGED }
interface Closable { closed: Boolean! }
type Issue implements Closable { closed: Boolean! state: IssueState! title: String!
  body: String! number: Int states: [IssueState!]! author: Actor }
type PullRequest implements Closable { closed: Boolean! state: PullRequestState!
  title: String! number: Int! states: [PullRequestState!] author: Actor }
type Actor { login: String! id: Int! }
union IssueOrPullRequest = Issue | PullRequest
type Query { issueOrPullRequest: IssueOrPullRequest issue: Issue closable: Closable }
"""

ACCEPTED = [
    "{ issueOrPullRequest { ... on Issue { state } ... on PullRequest { state } } }",
    "{ issueOrPullRequest { ... on Issue { a: title } ... on PullRequest { a: state } } }",
    "{ issueOrPullRequest { ...I ...P } } fragment I on Issue { state } "
    "fragment P on PullRequest { state }",
    "{ x: issueOrPullRequest { ... on Issue { state } } "
    "x: issueOrPullRequest { ... on PullRequest { state } } }",
]

REFUSED = [
    # One parent: two fields under one name.
    "{ issue { a: title a: body } }",
    "{ issue { ... on Issue { a: state } a: title } }",
    # Distinct objects, but nullability or list wrappers differ.
    "{ issueOrPullRequest { ... on Issue { number } ... on PullRequest { number } } }",
    "{ issueOrPullRequest { ... on Issue { states } ... on PullRequest { states } } }",
    # Distinct objects, a leaf against an object.
    "{ issueOrPullRequest { ... on Issue { a: state } ... on PullRequest { a: author { id } } } }",
    # Object fields under distinct objects: their subfields still merge by graphql-core's rules.
    "{ issueOrPullRequest { ... on Issue { author { a: login } } "
    "... on PullRequest { author { a: id } } } }",
    # An interface parent is not known to exclude the object type.
    "{ closable { ... on Issue { a: state } ... on Closable { a: closed } } }",
]


@pytest.mark.parametrize("query", ACCEPTED)
def test_leaves_of_distinct_objects_merge(query: str) -> None:
    schema = build_schema(SDL)
    document = parse(query)
    assert validate(schema, document, specified_rules), "graphql-core refuses it"
    assert validate(schema, document, VALIDATION_RULES) == []


@pytest.mark.parametrize("query", REFUSED)
def test_every_other_conflict_is_graphql_cores(query: str) -> None:
    schema = build_schema(SDL)
    document = parse(query)
    ours = [(e.message, e.locations) for e in validate(schema, document, VALIDATION_RULES)]
    theirs = [(e.message, e.locations) for e in validate(schema, document, specified_rules)]
    assert ours and ours == theirs


def test_ingots_schema_and_the_served_rules() -> None:
    merged = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      issueOrPullRequest(number: 1) { ... on Issue { state } ... on PullRequest { state } } } }"""
    assert check_document(parse(merged)) == []
    conflict = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
      issue(number: 1) { a: title a: body } } }"""
    assert check_document(parse(conflict)) == [
        "Fields 'a' conflict because 'title' and 'body' are different fields."
        " Use different aliases on the fields to fetch both if this was intentional."
    ]
    exported = build_schema((ROOT / "schema.graphql").read_text())
    assert validate(exported, parse(merged), VALIDATION_RULES) == []


def test_merged_pairs_still_spend_the_complexity_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """900 merged pairs cost 1,800: past a budget of 100, validation stops as graphql-core's."""
    monkeypatch.setattr(overlapping, "MAX_COMPLEXITY_BUDGET", 100)
    sides = " ".join("... on Issue { state } ... on PullRequest { state }" for _ in range(30))
    document = parse(f"{{ issueOrPullRequest {{ {sides} }} }}")
    errors = validate(build_schema(SDL), document, VALIDATION_RULES)
    assert [e.message for e in errors] == ["Validation aborted."]
    monkeypatch.setattr(overlapping, "MAX_COMPLEXITY_BUDGET", 500_000)
    assert validate(build_schema(SDL), document, VALIDATION_RULES) == []
