"""Text that becomes part of a git object: refused where it comes in, never written.

The attack: a display name with a line break (or ``<x>``, or control
characters), then a merge. Before, the merge commit broke ``git fsck`` of the
repository for good and every clone with ``transfer.fsckObjects``; a ``<``
made every merge by that user an internal error.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.backends import sql
from tests.collaboration.releases_api import commit
from tests.forge import Forge, GraphQLError, User
from tests.git.gitcli import Git
from tests.pulls.builder import MERGE, Project, log, new_project

UPDATE_VIEWER = """mutation($i: UpdateViewerInput!) { updateViewer(input: $i) {
  viewer { login name email } } }"""
CREATE_USER = """mutation($i: CreateUserInput!) { createUser(input: $i) { user { login } } }"""
CREATE_RELEASE = """mutation($i: CreateReleaseInput!) { createRelease(input: $i) {
  release { tagName name } } }"""

HOSTILE_NAMES = [
    "Eve\nparent 0000000000000000000000000000000000000000",
    "Eve\r",
    "Eve <evil@example.com>",
    "<x>",
    "Eve>",
    "Eve\x00",
    "Eve\x1b[2J",
    "Eve\x7f",
    "Eve\u202egnp.exe",
]
HOSTILE_EMAILS = [
    "eve<x>@example.com",
    "eve@example.com>",
    "eve\x00@example.com",
    "eve\x01@example.com",
    "eve@exa\u202emple.com",
]


def _field(error: GraphQLError) -> tuple[str | None, str | None]:
    extensions = error.errors[0].get("extensions", {})
    return extensions.get("code"), extensions.get("field")


def _refused(
    forge: Forge, query: str, variables: dict[str, Any], token: str, field: str, value: str
) -> None:
    """``value`` in ``field`` is refused as BAD_USER_INPUT and nothing runs.

    A NUL never reaches GraphQL: the JSON reader refuses the whole request (400).
    """
    response = forge.post_graphql(query, variables, token)
    refusal = _field(GraphQLError(response.json()["errors"]))
    if "\x00" in value:
        assert (response.status_code, refusal[0]) == (400, "BAD_USER_INPUT"), value
    else:
        assert (response.status_code, refusal) == (200, ("BAD_USER_INPUT", field)), value


def test_a_name_or_email_git_refuses_is_refused_at_input(forge: Forge) -> None:
    user = forge.new_user("gt")
    for name in HOSTILE_NAMES:
        _refused(forge, UPDATE_VIEWER, {"i": {"name": name}}, user.token, "name", name)
    for email in HOSTILE_EMAILS:
        _refused(forge, UPDATE_VIEWER, {"i": {"email": email}}, user.token, "email", email)
    # Site administrators creating accounts meet the same rules.
    for name in HOSTILE_NAMES[:3]:
        account = {"login": "gtx", "email": "gtx@example.com", "password": "long-enough"}
        variables = {"i": {**account, "name": name}}
        _refused(forge, CREATE_USER, variables, forge.admin.token, "displayName", name)
    viewer = forge.gql("{ viewer { name email } }", token=user.token)["viewer"]
    assert viewer["name"] in ("", None) and viewer["email"] == f"{user.login}@example.com"
    # Names from anywhere in the world still pass.
    for name in [
        "Zoë O'Brien-Łukasz",
        "山田 太郎",
        "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627",
        "",
    ]:
        changed = forge.gql(UPDATE_VIEWER, {"i": {"name": name}}, token=user.token)
        assert changed["updateViewer"]["viewer"]["name"] in (name, None)


def _fsck_clean(bare: Path, tmp: Path) -> None:
    env = Git(tmp / "fsck-home").env()
    fsck = subprocess.run(
        ["git", "--git-dir", str(bare), "fsck", "--strict"], env=env, capture_output=True, text=True
    )
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    clone = tmp / f"fsck-clone-{len(list(tmp.iterdir()))}"
    cloned = subprocess.run(
        ["git", "clone", "-q", "-c", "transfer.fsckObjects=true", str(bare), str(clone)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert cloned.returncode == 0, cloned.stderr


def _merge(forge: Forge, project: Project, token: str, **extra: Any) -> dict[str, Any]:
    pr = project.open(token, title="Add b")
    return forge.raw(MERGE, {"i": {"pullRequestId": pr["id"], **extra}}, token)


def _set_stored(forge: Forge, user: User, column: str, value: str) -> None:
    """A value saved before today's rules: written to the database directly."""
    quoted = value.replace("'", "''")
    # The test's own constants, quoted: no injection.
    statement = f"UPDATE account SET {column} = '{quoted}' WHERE login = '{user.login}'"  # noqa: S608
    sql(forge, statement)


@pytest.mark.parametrize(
    ("column", "value", "field"),
    [
        ("display_name", "Eve\nparent 0000000000000000000000000000000000000000", "name"),
        ("display_name", "Eve <evil@example.com>", "name"),
        ("display_name", "Eve\x1b[2J", "name"),
        ("email", "eve@exam>ple.com", "email"),
    ],
)
def test_a_stored_bad_name_fails_the_merge_and_writes_nothing(
    forge: Forge, tmp_path: Path, column: str, value: str, field: str
) -> None:
    user = forge.new_user("gm")
    project = new_project(forge, user)
    _set_stored(forge, user, column, value)
    before = project.builder.tip("main")
    body = _merge(forge, project, user.token)
    error = GraphQLError(body["errors"])
    assert _field(error) == ("CONFLICT", field), body
    assert "Change it" in error.errors[0]["message"]
    assert project.builder.tip("main") == before
    _fsck_clean(project.builder.path, tmp_path)
    # Nothing was repaired behind the user's back; once they fix it, merges work.
    fixed = {"name": "Eve Smith"} if field == "name" else {"email": f"{user.login}@example.org"}
    forge.gql(UPDATE_VIEWER, {"i": fixed}, token=user.token)
    pr = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
          pullRequests(first: 1) { nodes { id state } } } }""",
        {"o": project.owner, "n": project.name},
    )["repository"]["pullRequests"]["nodes"][0]
    assert pr["state"] == "OPEN"
    merged = forge.gql(MERGE, {"i": {"pullRequestId": pr["id"]}}, token=user.token)
    assert merged["mergePullRequest"]["pullRequest"]["merged"] is True
    rows = log(project.builder.path, tmp_path, "main")
    assert rows[0][0] == project.builder.tip("main") != before
    _fsck_clean(project.builder.path, tmp_path)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"commitHeadline": "Merge\nparent 0000"}, "commitHeadline"),
        ({"commitHeadline": "Merge\x1b[31m"}, "commitHeadline"),
        ({"commitBody": "body\x00"}, "commitBody"),
        ({"commitBody": "body\x07"}, "commitBody"),
    ],
)
def test_a_commit_message_git_refuses_is_refused(
    forge: Forge, tmp_path: Path, extra: dict[str, str], field: str
) -> None:
    user = forge.new_user("gc")
    project = new_project(forge, user)
    before = project.builder.tip("main")
    pr = project.open(user.token, title="Add b")
    variables = {"i": {"pullRequestId": pr["id"], **extra}}
    _refused(forge, MERGE, variables, user.token, field, extra[field])
    assert project.builder.tip("main") == before


def test_a_multi_line_body_with_tabs_merges_and_fsck_stays_clean(
    forge: Forge, tmp_path: Path
) -> None:
    user = forge.new_user("gb")
    forge.gql(UPDATE_VIEWER, {"i": {"name": "Zoë O'Brien"}}, token=user.token)
    project = new_project(forge, user)
    body = _merge(
        forge,
        project,
        user.token,
        mergeMethod="SQUASH",
        commitHeadline="Squash it",
        commitBody="one\r\n\ttwo\n",
    )
    assert not body.get("errors"), body
    _fsck_clean(project.builder.path, tmp_path)
    commit = project.builder.repo.get(project.builder.tip("main"))
    assert commit.author.name == "Zoë O'Brien"


def test_a_release_name_is_one_line(forge: Forge) -> None:
    user = forge.new_user("gr")
    repo = forge.new_repo(user)
    commit(forge, repo)
    for name in ["v1\nparent 00", "v1\x1b[2J", "v1\x00"]:
        variables = {"i": {"repositoryId": repo["id"], "tagName": "v1", "name": name}}
        _refused(forge, CREATE_RELEASE, variables, user.token, "name", name)
    made = forge.gql(
        CREATE_RELEASE,
        {"i": {"repositoryId": repo["id"], "tagName": "v1", "name": "Première"}},
        token=user.token,
    )
    assert made["createRelease"]["release"] == {"tagName": "v1", "name": "Première"}
