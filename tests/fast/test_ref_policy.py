"""The ref-name policy (app.git.refname) and the one commit writer (app.git.signature).

git's own rules are checked against the real ``git check-ref-format``; the
pre-receive hook is run by a real ``git push`` into a local bare repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pygit2
import pytest

from app.git import hooks, refname, signature
from app.git import merge as git_merge
from app.git.merge import MergeMethod
from tests.pulls.builder import Builder

GIT_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}

FULL_NAMES = [
    "refs/heads/main",
    "refs/heads/feature/x",
    "refs/tags/v1.0",
    "refs/heads/a..b",
    "refs/heads/a b",
    "refs/heads/a~1",
    "refs/heads/a^",
    "refs/heads/a:b",
    "refs/heads/a?",
    "refs/heads/a*",
    "refs/heads/a[b",
    "refs/heads/a\\b",
    "refs/heads/x.lock",
    "refs/heads/x.lock/y",
    "refs/heads/.x",
    "refs/heads/a/.b",
    "refs/heads/x.",
    "refs/heads/x/",
    "refs/heads//x",
    "/refs/heads/x",
    "refs/heads/a@{1}",
    "refs/heads/a@b",
    "refs/heads/@",
    "@",
    "main",
    "refs/heads/a\x01",
    "refs/heads/a\x7f",
    "refs/heads/ä",
    "refs/heads/a\u202eb",
    "refs/heads/-x",
    "refs/heads/HEAD",
]


@pytest.mark.parametrize("name", FULL_NAMES)
def test_git_rules_match_check_ref_format(name: str) -> None:
    git = subprocess.run(
        ["git", "check-ref-format", name], env=GIT_ENV, capture_output=True, check=False
    )
    assert (refname.format_problem(name) is None) == (git.returncode == 0), name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("HEAD", "reserved"),
        ("head", "reserved"),
        ("FETCH_HEAD", "reserved"),
        ("ORIG_HEAD", "reserved"),
        ("MERGE_HEAD", "reserved"),
        ("CHERRY_PICK_HEAD", "reserved"),
        ("@", "reserved"),
        ("-x", "'-'"),
        ("release/-rc", "'-'"),
        ("refs/heads/main", "short name"),
        ("heads/main", "short name"),
        ("tags/v1", "short name"),
        ("a\u202eb", "U+202E"),
        ("a\u2066b", "U+2066"),
        ("a\u200eb", "U+200E"),
        ("a\u061cb", "U+061C"),
        ("a\u200bb", "U+200B"),
        ("a\u00a0b", "U+00A0"),
        ("a\nb", "U+000A"),
        ("a\x00b", "U+0000"),
        ("a b", "space"),
        ("a..b", "'..'"),
        ("x.lock", ".lock"),
        ("", "empty"),
        ("a" * 256, "longer"),
        ("\ud800", "U+D800"),
    ],
)
def test_the_policy_refuses_names_with_a_reason(name: str, reason: str) -> None:
    for check in (refname.check_branch, refname.check_tag):
        with pytest.raises(refname.BadRefName) as refused:
            check(name)
        assert reason in refused.value.reason


@pytest.mark.parametrize("name", ["main", "feature/x", "v1.0.0", "release-1", "ahead", "ä-ß"])
def test_ordinary_names_pass(name: str) -> None:
    assert refname.check_branch(name) == refname.check_tag(name) == name


def test_pushed_updates_are_judged_only_when_they_create_a_ref() -> None:
    zero, a, b = "0" * 40, "a" * 40, "b" * 40
    # Updating or deleting an existing odd ref passes: existing refs are left alone.
    assert (
        refname.refused_updates([(a, b, "refs/tags/-x"), (a, zero, "refs/tags/main")], set()) == []
    )
    refused = refname.refused_updates(
        [
            (zero, a, "refs/tags/main"),
            (zero, a, "refs/heads/v1"),
            (zero, a, "refs/main"),
            (zero, a, "refs/remotes/origin/main"),
            (zero, a, "refs/heads/HEAD"),
            (zero, a, "refs/notes/commits"),
        ],
        {"refs/heads/main", "refs/tags/v1"},
    )
    assert len(refused) == 5 and not any("refs/notes/commits" in m for m in refused)
    assert "is the name of a branch" in refused[0] and "is the name of a tag" in refused[1]
    # A branch and a tag of one name in one push: the tag is refused.
    both = refname.refused_updates([(zero, a, "refs/heads/x"), (zero, a, "refs/tags/x")], set())
    assert len(both) == 1 and "refs/tags/x" in both[0]
    # Deleting the tag while creating the branch frees the name.
    moved = [(a, zero, "refs/tags/y"), (zero, a, "refs/heads/y")]
    assert refname.refused_updates(moved, {"refs/tags/y"}) == []
    # Names are printed with their invisible characters spelled out.
    assert "a\\u202eb" in refname.refused_updates([(zero, a, "refs/tags/a\u202eb")], set())[0]


def _bare_with_hooks(tmp_path: Path) -> tuple[Path, Path]:
    bare = tmp_path / "served.git"
    pygit2.init_repository(str(bare), bare=True, initial_head="main")
    hooks_dir = hooks.install(tmp_path / "hooks", sys.executable)
    subprocess.run(
        ["git", "--git-dir", str(bare), "config", "core.hooksPath", str(hooks_dir)],
        env=GIT_ENV,
        check=True,
    )
    work = tmp_path / "work"
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], env=GIT_ENV, check=True)
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", "one"], cwd=work, env=GIT_ENV, check=True
    )
    return bare, work


def _push(work: Path, bare: Path, *refspecs: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", "--porcelain", str(bare), *refspecs],
        cwd=work,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_pre_receive_hook_applies_the_policy(tmp_path: Path) -> None:
    bare, work = _bare_with_hooks(tmp_path)
    assert _push(work, bare, "main").returncode == 0
    shadow = _push(work, bare, "main:refs/tags/main")
    assert shadow.returncode != 0
    assert (
        "remote: Ingot: ref name 'refs/tags/main' is not allowed. It is the name of a branch"
        in (shadow.stderr)
    )
    for bad in ("refs/tags/-x", "refs/heads/HEAD", "refs/tags/a\u202eb", "refs/main"):
        refused = _push(work, bare, f"main:{bad}")
        assert refused.returncode != 0 and "is not allowed" in refused.stderr, bad
    refs = subprocess.run(
        ["git", "--git-dir", str(bare), "for-each-ref", "--format=%(refname)"],
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert refs == ["refs/heads/main"]
    # Ordinary pushes still land: a new branch, a tag, an update.
    assert _push(work, bare, "main:refs/heads/dev", "main:refs/tags/v1").returncode == 0
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "two"], cwd=work, env=GIT_ENV)
    assert _push(work, bare, "main").returncode == 0


def test_create_commit_refuses_what_fsck_would(tmp_path: Path) -> None:
    path = tmp_path / "r.git"
    repo = pygit2.init_repository(str(path), bare=True, initial_head="main")
    tree = repo.TreeBuilder().write()
    good = signature.Signature("Ada Lovelace", "ada@example.com")
    for who, part in [
        (signature.Signature("Eve\nEvil", "e@example.com"), "name"),
        (signature.Signature("Eve <x>", "e@example.com"), "name"),
        (signature.Signature("Eve\x00", "e@example.com"), "name"),
        (signature.Signature("Eve\r", "e@example.com"), "name"),
        (signature.Signature("Eve\x1b[31m", "e@example.com"), "name"),
        (signature.Signature("Eve\u202e", "e@example.com"), "name"),
        (signature.Signature("   ", "e@example.com"), "name"),
        (signature.Signature("\ud800", "e@example.com"), "name"),
        (signature.Signature("Eve", "e>@example.com"), "email"),
        (signature.Signature("Eve", "e@exa\nmple.com"), "email"),
    ]:
        with pytest.raises(signature.BadObjectText) as refused:
            signature.create_commit(repo, tree, [], "m\n", who, good)
        assert refused.value.part == part, who
    with pytest.raises(signature.BadObjectText):
        signature.create_commit(repo, tree, [], "a\x00b", good, good)
    oid = signature.create_commit(repo, tree, [], "Fine\n\n\tbody\r\n", good, good)
    commit = repo.get(oid)
    assert commit.author.name == "Ada Lovelace" and commit.committer.email == "ada@example.com"
    repo.references.create("refs/heads/main", oid)
    fsck = subprocess.run(
        ["git", "--git-dir", str(path), "fsck", "--strict"], env=GIT_ENV, capture_output=True
    )
    assert fsck.returncode == 0, fsck.stderr


def test_a_merge_by_a_bad_name_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "repo.git"
    pygit2.init_repository(str(path), bare=True, initial_head="main")
    b = Builder(path)
    b.commit("main", {"a.txt": "one\n"}, "Initial")
    b.branch("feature", "main")
    b.commit("feature", {"b.txt": "bee\n"}, "Add b")
    base, head = b.tip("main"), b.tip("feature")
    bad = git_merge.Signature("Mallory\nparent 0000", "m@example.com")
    for method in MergeMethod:
        with pytest.raises(signature.BadObjectText):
            git_merge.merge(path, "main", head, method, "Merge\n", bad, bad, base)
    assert b.tip("main") == base
