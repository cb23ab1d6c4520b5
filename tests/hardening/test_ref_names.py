"""Ref names that block others: one policy for pushes, releases, default branches, pull requests.

The attack: a tag named ``main`` (or ``refs/heads/main``) made through the
release API or a push, after which ``git push origin main`` fails with
"matches more than one" for everyone. Also tags starting with ``-``,
``HEAD``-like names, bidi controls and ``defaultBranch: "HEAD"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygit2
import pytest

from tests.forge import Forge, GraphQLError
from tests.git.gitcli import Git, remote_refs, repo_path, url
from tests.rest import isurus

CREATE_RELEASE = """mutation($i: CreateReleaseInput!) { createRelease(input: $i) {
  release { tagName } } }"""
UPDATE_RELEASE = """mutation($i: UpdateReleaseInput!) { updateRelease(input: $i) {
  release { tagName isDraft } } }"""
UPDATE_REPOSITORY = """mutation($i: UpdateRepositoryInput!) { updateRepository(input: $i) {
  repository { defaultBranch } } }"""
CREATE_PR = """mutation($i: CreatePullRequestInput!) { createPullRequest(input: $i) {
  pullRequest { number } } }"""

BAD_TAGS = [
    "refs/heads/main",
    "refs/tags/v1",
    "heads/main",
    "-x",
    "--upload-pack=evil",
    "release/-rc",
    "HEAD",
    "head",
    "FETCH_HEAD",
    "ORIG_HEAD",
    "MERGE_HEAD",
    "CHERRY_PICK_HEAD",
    "@",
    "v1\u202e",
    "v\u20661",
    "v1\u200e",
    "v1\u061c",
    "v\u200b1",
    "v1\x1b",
    "v1 beta",
    "v1..2",
    "v1.lock",
]


def _pushed(forge: Forge, tmp_path: Path) -> tuple[Git, dict[str, Any], str, Path]:
    """A user's repository with ``main`` pushed by the real git client, and a clone of it."""
    git = Git(tmp_path / "home")
    user = forge.new_user("rn")
    repo = forge.new_repo(user)
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, repo["nameWithOwner"], user.token), "main", cwd=work)
    return git, repo, user.token, work


def _error(error: GraphQLError) -> tuple[str | None, str | None]:
    extensions = error.errors[0].get("extensions", {})
    return extensions.get("code"), extensions.get("field")


def _push_main_works(forge: Forge, git: Git, repo: dict[str, Any], token: str, work: Path) -> None:
    """The everyday push that a shadowing tag would break."""
    git.commit(work, "later.txt", f"{len(list(work.iterdir()))}\n")
    pushed = git.run("push", url(forge, repo["nameWithOwner"], token), "main", cwd=work)
    assert pushed.returncode == 0
    assert remote_refs(forge, repo["nameWithOwner"])["refs/heads/main"] == git.rev(work, "HEAD")


def test_release_tags_that_shadow_or_mislead_are_refused_in_graphql(
    forge: Forge, tmp_path: Path
) -> None:
    git, repo, token, work = _pushed(forge, tmp_path)
    release = {"repositoryId": repo["id"], "targetCommitish": "main"}
    shadow = forge.gql_error(CREATE_RELEASE, {"i": {**release, "tagName": "main"}}, token=token)
    assert _error(shadow) == ("CONFLICT", "tagName")
    assert "git push origin main" in shadow.errors[0]["message"]
    for tag in BAD_TAGS:
        refused = forge.gql_error(CREATE_RELEASE, {"i": {**release, "tagName": tag}}, token=token)
        assert _error(refused) == ("BAD_USER_INPUT", "tagName"), tag
        assert "is not allowed as a tag name" in refused.errors[0]["message"], tag
    # Drafts too (their tag is made on publication), and renaming a release's tag.
    draft = {**release, "tagName": "main", "isDraft": True}
    assert _error(forge.gql_error(CREATE_RELEASE, {"i": draft}, token=token))[0] == "CONFLICT"
    made = forge.gql(
        CREATE_RELEASE, {"i": {**release, "tagName": "v1", "isDraft": True}}, token=token
    )
    assert made["createRelease"]["release"]["tagName"] == "v1"
    release_id = forge.gql(
        """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
          releases(first: 1) { nodes { id } } } }""",
        {"o": repo["nameWithOwner"].split("/")[0], "n": repo["nameWithOwner"].split("/")[1]},
        token=token,
    )["repository"]["releases"]["nodes"][0]["id"]
    for tag, code in [("main", "CONFLICT"), ("HEAD", "BAD_USER_INPUT")]:
        renamed = forge.gql_error(
            UPDATE_RELEASE, {"i": {"releaseId": release_id, "tagName": tag}}, token=token
        )
        assert _error(renamed) == (code, "tagName"), tag
    # A branch pushed after the draft was made, then the draft published: refused then.
    git.run("push", url(forge, repo["nameWithOwner"], token), "main:refs/heads/v1", cwd=work)
    published = forge.gql_error(
        UPDATE_RELEASE, {"i": {"releaseId": release_id, "isDraft": False}}, token=token
    )
    assert _error(published) == ("CONFLICT", "tagName")
    refs = remote_refs(forge, repo["nameWithOwner"])
    assert sorted(refs) == ["refs/heads/main", "refs/heads/v1"]
    _push_main_works(forge, git, repo, token, work)


def test_release_tags_are_refused_through_a_rest_release_route(
    forge: Forge, tmp_path: Path
) -> None:
    git, repo, token, work = _pushed(forge, tmp_path)
    with isurus.api(forge, token) as api:
        path = f"/repos/{repo['nameWithOwner']}/releases"
        isurus.error(api.post(path, json={"tag_name": "main"}), 409, "conflict")
        for tag in ["refs/heads/main", "-x", "HEAD", "FETCH_HEAD", "v1\u202e"]:
            refused = isurus.error(api.post(path, json={"tag_name": tag}), 422, "validation_failed")
            assert "tag name" in refused["message"], tag
        made = isurus.data(api.post(path, json={"tag_name": "v1.0"}), 201)
        assert made["tag_name"] == "v1.0"
    assert sorted(remote_refs(forge, repo["nameWithOwner"])) == [
        "refs/heads/main",
        "refs/tags/v1.0",
    ]
    _push_main_works(forge, git, repo, token, work)


def test_pushed_refs_that_shadow_or_mislead_are_refused(forge: Forge, tmp_path: Path) -> None:
    git, repo, token, work = _pushed(forge, tmp_path)
    remote = url(forge, repo["nameWithOwner"], token)
    git.run("tag", "main", cwd=work)
    shadow = git.run("push", remote, "refs/tags/main", cwd=work, check=False)
    assert shadow.returncode != 0
    assert (
        "remote: Ingot: ref name 'refs/tags/main' is not allowed. It is the name of a branch"
        in shadow.stderr
    )
    git.run("tag", "-d", "main", cwd=work)
    for refspec, shown in [
        ("main:refs/tags/-x", "refs/tags/-x"),
        ("main:refs/heads/HEAD", "refs/heads/HEAD"),
        ("main:refs/heads/FETCH_HEAD", "refs/heads/FETCH_HEAD"),
        ("main:refs/tags/v1\u202e", "refs/tags/v1\\u202e"),
        ("main:refs/heads/a\u200bb", "refs/heads/a\\u200bb"),
        ("main:refs/tags/refs/heads/main", "refs/tags/refs/heads/main"),
        ("main:refs/main", "refs/main"),
        ("main:refs/remotes/origin/main", "refs/remotes/origin/main"),
    ]:
        refused = git.run("push", remote, refspec, cwd=work, check=False)
        assert refused.returncode != 0, refspec
        assert f"remote: Ingot: ref name '{shown}' is not allowed." in refused.stderr, refspec
    assert sorted(remote_refs(forge, repo["nameWithOwner"])) == ["refs/heads/main"]
    # A tag, then a branch of its name: the branch is refused; both in one push, the tag.
    git.run("push", remote, "main:refs/tags/v1", cwd=work)
    branch = git.run("push", remote, "main:refs/heads/v1", cwd=work, check=False)
    assert branch.returncode != 0 and "It is the name of a tag" in branch.stderr
    both = git.run("push", remote, "main:refs/heads/x", "main:refs/tags/x", cwd=work, check=False)
    assert both.returncode != 0 and "'refs/tags/x' is not allowed" in both.stderr
    assert sorted(remote_refs(forge, repo["nameWithOwner"])) == ["refs/heads/main", "refs/tags/v1"]
    # Ordinary refs still land, and main moves.
    git.run("push", remote, "main:refs/heads/feature/one", "main:refs/tags/v2.0", cwd=work)
    _push_main_works(forge, git, repo, token, work)


def test_an_existing_shadowing_tag_is_left_and_can_be_deleted(forge: Forge, tmp_path: Path) -> None:
    git, repo, token, work = _pushed(forge, tmp_path)
    bare = pygit2.Repository(str(repo_path(forge, repo["nameWithOwner"])))
    bare.references.create("refs/tags/main", bare.references["refs/heads/main"].target)
    remote = url(forge, repo["nameWithOwner"], token)
    # What the finding saw: whoever fetches the tag can no longer push main.
    git.run("fetch", "-q", "--tags", remote, cwd=work)
    git.commit(work, "b.txt", "b\n")
    ambiguous = git.run("push", remote, "main", cwd=work, check=False)
    assert ambiguous.returncode != 0 and "matches more than one" in ambiguous.stderr
    # Existing refs are not judged: deleting the tag passes the hook, and repairs it.
    git.run("push", remote, ":refs/tags/main", cwd=work)
    git.run("tag", "-d", "main", cwd=work)
    assert "refs/tags/main" not in remote_refs(forge, repo["nameWithOwner"])
    _push_main_works(forge, git, repo, token, work)


def test_default_branch_and_pull_request_names_follow_the_policy(
    forge: Forge, tmp_path: Path
) -> None:
    git, repo, token, work = _pushed(forge, tmp_path)
    remote = url(forge, repo["nameWithOwner"], token)
    for name in ["HEAD", "head", "FETCH_HEAD", "-x", "refs/heads/main", "a\u202eb", "a b"]:
        refused = forge.gql_error(
            UPDATE_REPOSITORY, {"i": {"repositoryId": repo["id"], "defaultBranch": name}}, token
        )
        assert _error(refused) == ("BAD_USER_INPUT", "defaultBranch"), name
        created = forge.gql_error(
            """mutation($i: CreateRepositoryInput!) { createRepository(input: $i) {
              repository { id } } }""",
            {"i": {"name": f"r{abs(hash(name))}", "defaultBranch": name}},
            token,
        )
        assert _error(created) == ("BAD_USER_INPUT", "defaultBranch"), name
    git.run("push", remote, "main:refs/tags/v1", cwd=work)
    shadow = forge.gql_error(
        UPDATE_REPOSITORY, {"i": {"repositoryId": repo["id"], "defaultBranch": "v1"}}, token
    )
    assert _error(shadow) == ("CONFLICT", "defaultBranch")
    git.run("push", remote, "main:refs/heads/dev", cwd=work)
    moved = forge.gql(
        UPDATE_REPOSITORY, {"i": {"repositoryId": repo["id"], "defaultBranch": "dev"}}, token
    )
    assert moved["updateRepository"]["repository"]["defaultBranch"] == "dev"
    for head, base, field in [
        ("HEAD", "main", "headRefName"),
        ("-x", "main", "headRefName"),
        ("dev", "refs/heads/main", "baseRefName"),
        ("dev", "ma\u202ein", "baseRefName"),
    ]:
        refused = forge.gql_error(
            CREATE_PR,
            {
                "i": {
                    "repositoryId": repo["id"],
                    "title": "t",
                    "headRefName": head,
                    "baseRefName": base,
                }
            },
            token,
        )
        assert _error(refused) == ("BAD_USER_INPUT", field), (head, base)
    _push_main_works(forge, git, repo, token, work)


@pytest.mark.parametrize("tag", ["main", "refs/heads/main"])
def test_the_reported_attack_leaves_push_working(forge: Forge, tmp_path: Path, tag: str) -> None:
    """The finding as reported: a tag named after the branch, then everyone's push."""
    git, repo, token, _ = _pushed(forge, tmp_path)
    body = forge.raw(
        CREATE_RELEASE,
        {"i": {"repositoryId": repo["id"], "tagName": tag, "targetCommitish": "main"}},
        token,
    )
    assert body.get("errors") and body["errors"][0]["extensions"]["field"] == "tagName"
    admin_clone = tmp_path / "admin-clone"
    git.run("clone", "-q", url(forge, repo["nameWithOwner"], token), str(admin_clone))
    _push_main_works(forge, git, repo, token, admin_clone)
