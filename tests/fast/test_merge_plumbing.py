"""app.git.merge on a bare repository: methods, the ref's old-value check, branch names."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from app.git import diff as git_diff
from app.git import history
from app.git import merge as git_merge
from app.git.merge import MergeMethod, MergeRefused, RefMoved, Signature
from tests.pulls.builder import Builder, log

WHO = Signature("Merger", "merger@example.com")


@pytest.fixture
def builder(tmp_path: Path) -> Builder:
    path = tmp_path / "repo.git"
    pygit2.init_repository(str(path), bare=True, initial_head="main")
    b = Builder(path)
    b.commit("main", {"a.txt": "one\ntwo\nthree\n"}, "Initial")
    b.branch("feature", "main")
    b.commit("feature", {"b.txt": "bee\n"}, "Add b")
    b.commit("feature", {"a.txt": "one\nTWO\nthree\n"}, "Shout two")
    return b


def test_compare_lists_commits_newest_first_and_the_diff(builder: Builder) -> None:
    tips = git_merge.tips(builder.path, "feature", "main")
    commits = history.commits_between(builder.repo, tips.base, tips.head)
    assert [c.message.strip() for c in commits] == ["Shout two", "Add b"]
    diff = git_diff.between(builder.repo, tips.merge_base, tips.head)
    assert (diff.additions, diff.deletions, diff.changed_files) == (2, 1, 2)
    assert [(f.path, f.status) for f in diff.files] == [("a.txt", "MODIFIED"), ("b.txt", "ADDED")]
    assert "-two\n+TWO" in (diff.files[0].patch or "")


def test_merge_squash_and_fast_forward(builder: Builder, tmp_path: Path) -> None:
    head = builder.tip("feature")
    base = builder.tip("main")
    squash = git_merge.merge(
        builder.path, "main", head, MergeMethod.SQUASH, "Squashed\n", WHO, WHO, base
    )
    rows = log(builder.path, tmp_path, "main")
    assert rows[0] == (squash, [base], "Squashed")
    builder.branch("ff", "feature")
    ff_base = builder.tip("feature")
    builder.commit("ff", {"c.txt": "c\n"}, "Add c")
    moved = git_merge.merge(
        builder.path,
        "feature",
        builder.tip("ff"),
        MergeMethod.FAST_FORWARD,
        "ff",
        WHO,
        WHO,
        ff_base,
    )
    assert moved == builder.tip("ff") == builder.tip("feature")
    with pytest.raises(MergeRefused):
        git_merge.merge(
            builder.path, "main", builder.tip("ff"), MergeMethod.FAST_FORWARD, "x", WHO, WHO, squash
        )


def test_a_moved_ref_is_never_overwritten(builder: Builder, tmp_path: Path) -> None:
    base = builder.tip("main")
    pushed = builder.commit("main", {"c.txt": "pushed meanwhile\n"}, "Concurrent push")
    with pytest.raises(RefMoved):
        git_merge.merge(
            builder.path, "main", builder.tip("feature"), MergeMethod.MERGE, "m", WHO, WHO, base
        )
    # The compare-and-swap itself, past the early check: git refuses the stale old value.
    with pytest.raises(RefMoved):
        git_merge.update_ref(builder.path, "main", builder.tip("feature"), base, "m", WHO)
    assert builder.tip("main") == pushed
    merged = git_merge.merge(
        builder.path, "main", builder.tip("feature"), MergeMethod.MERGE, "Merge", WHO, WHO, pushed
    )
    rows = log(builder.path, tmp_path, "main")
    assert rows[0] == (merged, [pushed, builder.tip("feature")], "Merge")


def test_conflicts_are_detected_and_refused(builder: Builder) -> None:
    builder.commit("main", {"a.txt": "one\nzwei\nthree\n"}, "Translate two")
    tips = git_merge.tips(builder.path, "feature", "main")
    assert tips.head and tips.base
    assert git_merge.has_conflicts(builder.path, tips.base, tips.head)
    with pytest.raises(MergeRefused):
        git_merge.merge(
            builder.path, "main", tips.head, MergeMethod.MERGE, "m", WHO, WHO, tips.base
        )


@pytest.mark.parametrize(
    "name", ["-x", "--upload-pack=evil", "a..b", "a b", "x.lock", "a/", "@", "a@{1}", "", "a\nb"]
)
def test_bad_branch_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        git_merge.validate_branch(name)


def test_an_empty_squash_is_refused(builder: Builder) -> None:
    head, base = builder.tip("feature"), builder.tip("main")
    squash = git_merge.merge(builder.path, "main", head, MergeMethod.SQUASH, "Once", WHO, WHO, base)
    with pytest.raises(MergeRefused):
        git_merge.merge(builder.path, "main", head, MergeMethod.SQUASH, "Twice", WHO, WHO, squash)
    assert builder.tip("main") == squash


def test_a_pruned_commit_is_a_lookup_error(builder: Builder) -> None:
    gone = "0" * 40
    with pytest.raises(LookupError):
        history.commits_between(builder.repo, None, gone)
    with pytest.raises(LookupError):
        git_diff.between(builder.repo, gone, builder.tip("feature"))
