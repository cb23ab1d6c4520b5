"""Filtering issues by labels, author, assignee, milestone and text, across pages."""

from __future__ import annotations

from typing import Any

from tests.collaboration.issues_api import ADD_LABELS, issue, label, milestone, owner_name
from tests.collaboration.people import add_collaborator
from tests.forge import Forge

LIST = """query($o: String!, $n: String!, $labels: [String!], $by: String, $to: String,
  $m: Int, $q: String, $after: String, $s: [IssueState!]) {
  repository(owner: $o, name: $n) { issues(first: 2, after: $after, labels: $labels,
    createdBy: $by, assignee: $to, milestoneNumber: $m, search: $q, states: $s) {
    totalCount pageInfo { hasNextPage endCursor } nodes { title } } } }"""


def _all_titles(forge: Forge, base: dict[str, str], **filters: Any) -> list[str]:
    """Walk every page, checking totalCount on each one."""
    titles: list[str] = []
    after = None
    total = None
    while True:
        page = forge.gql(LIST, {**base, **filters, "after": after})["repository"]["issues"]
        total = page["totalCount"] if total is None else total
        assert page["totalCount"] == total
        titles += [n["title"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(titles) == total
    return titles


def test_filters_combine_and_paginate(forge: Forge) -> None:
    owner, other = forge.new_user(), forge.new_user()
    repo = forge.new_repo(owner)
    # Assignees read the repository by their own standing, not because it is public (issue 14).
    add_collaborator(forge, owner, repo, other, "READ")
    bug, ui = label(forge, owner, repo, "bug"), label(forge, owner, repo, "ui")
    ms = milestone(forge, owner, repo, "1.0")
    specs = [
        ("crash on start", "100% reproducible", owner, ["bug"]),
        ("Crash in menu", "a_b", other, ["bug", "ui"]),
        ("button colour", "", other, ["ui"]),
        ("CRASH report", "50 percent", owner, ["bug", "ui"]),
        ("slow", "crash-free", other, ["bug", "ui"]),
        ("typo", "ab", owner, []),
        ("Éclair à la crème", "", owner, []),
    ]
    ids = {}
    for title, body, author, names in specs:
        ids[title] = issue(forge, author, repo, title, body)
        label_ids = [{"bug": bug, "ui": ui}[n] for n in names]
        if label_ids:
            forge.gql(ADD_LABELS, {"i": ids[title], "l": label_ids}, token=owner.token)
    for title in ("Crash in menu", "slow", "typo"):
        forge.gql(
            "mutation($i: ID!, $m: ID) { updateIssue(input: {id: $i, milestoneId: $m}) { issue { id } } }",
            {"i": ids[title], "m": ms["id"]},
            token=owner.token,
        )
        forge.gql(
            "mutation($i: ID!, $l: [String!]) { addAssigneesToAssignable(input: {assignableId: $i, assigneeLogins: $l}) { assignable { id } } }",
            {"i": ids[title], "l": [other.login]},
            token=owner.token,
        )
    base = owner_name(repo)
    assert _all_titles(forge, base, labels=["bug", "ui"]) == [
        "Crash in menu",
        "CRASH report",
        "slow",
    ]
    assert _all_titles(forge, base, labels=["bug"], by=owner.login.upper()) == [
        "crash on start",
        "CRASH report",
    ]
    assert _all_titles(forge, base, to=other.login, m=1) == ["Crash in menu", "slow", "typo"]
    assert _all_titles(forge, base, q="crash") == [
        "crash on start",
        "Crash in menu",
        "CRASH report",
        "slow",
    ]
    assert _all_titles(forge, base, q="crash", labels=["ui"], to=other.login) == [
        "Crash in menu",
        "slow",
    ]
    # LIKE wildcards are matched literally.
    assert _all_titles(forge, base, q="%") == ["crash on start"]
    assert _all_titles(forge, base, q="a_b") == ["Crash in menu"]
    assert _all_titles(forge, base, q="ÉCLAIR À LA CRÈME") == ["Éclair à la crème"]
    # Label names match whatever their case, on both backends (as GitHub's do).
    assert _all_titles(forge, base, labels=["BUG", " Ui "]) == _all_titles(
        forge, base, labels=["bug", "ui"]
    )
    assert _all_titles(forge, base, labels=["Bug", "bug"]) == _all_titles(
        forge, base, labels=["bug"]
    )
    assert _all_titles(forge, base, labels=["nope"]) == []
    assert _all_titles(forge, base, by="nobody-at-all") == []
    assert _all_titles(forge, base, m=99) == []
    too_many = forge.gql_error(LIST, {**base, "labels": [f"l{i}" for i in range(11)]})
    assert too_many.codes == ["BAD_USER_INPUT"]
