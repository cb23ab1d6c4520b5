"""Large blobs are never read whole: diffs skip files over ``BLOB_LIMIT``, ids resolve by header."""

from __future__ import annotations

import resource
from pathlib import Path

import pygit2

from app.git import diff

SIGNATURE = pygit2.Signature("Ada", "ada@example.com", 0, 0)


def _commit(repo: pygit2.Repository, files: dict[str, bytes], parents: list[pygit2.Oid]) -> str:
    builder = repo.TreeBuilder()
    for name, data in files.items():
        builder.insert(name, repo.create_blob(data), pygit2.enums.FileMode.BLOB)
    oid = repo.create_commit(None, SIGNATURE, SIGNATURE, "c", builder.write(), parents)
    return str(oid)


def test_a_file_over_the_limit_is_listed_without_reading_it(tmp_path: Path) -> None:
    repo = pygit2.init_repository(str(tmp_path / "r.git"), bare=True)
    lines = b"".join(b"line %d of a large text file\n" % i for i in range(400_000))
    assert len(lines) > 4 * diff.BLOB_LIMIT
    first = _commit(repo, {"big.txt": lines, "small.txt": b"a\n"}, [])
    second = _commit(
        repo,
        {"big.txt": lines.replace(b"line 5 of", b"LINE 5 of") + b"x\n", "small.txt": b"b\n"},
        [pygit2.Oid(hex=first)],
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    info = diff.commit_diff(repo, second)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    files = {f.path: f for f in info.files}
    big, small = files["big.txt"], files["small.txt"]
    assert (big.patch, big.is_truncated, big.additions, big.deletions) == (None, True, 0, 0)
    assert big.is_binary is False and big.status == "MODIFIED"
    assert small.patch is not None and "+b" in small.patch and not small.is_truncated
    assert (info.changed_files, info.additions, info.deletions) == (2, 1, 1)
    # Both versions read whole would be over 2 x 10 MB on top of what the test holds.
    assert grown_kib < 8 * 1024


def test_a_file_just_under_the_limit_keeps_its_counts(tmp_path: Path) -> None:
    repo = pygit2.init_repository(str(tmp_path / "r.git"), bare=True)
    body = b"x\n" * (diff.BLOB_LIMIT // 2 - 1)
    first = _commit(repo, {"f.txt": body}, [])
    second = _commit(repo, {"f.txt": body + b"y\n"}, [pygit2.Oid(hex=first)])
    (only,) = diff.commit_diff(repo, second).files
    assert (only.additions, only.deletions, only.is_truncated) == (1, 0, False)


def test_a_release_target_named_by_id_reads_no_blob(tmp_path: Path) -> None:
    """``resolve_commitish`` takes commit and tag ids, abbreviated too; a blob id names nothing."""
    from app.git import tags

    path = tmp_path / "r.git"
    repo = pygit2.init_repository(str(path), bare=True)
    commit = _commit(repo, {"f.txt": b"hello\n"}, [])
    repo.references.create("refs/heads/main", pygit2.Oid(hex=commit))
    tag = repo.create_tag(
        "v1", pygit2.Oid(hex=commit), pygit2.enums.ObjectType.COMMIT, SIGNATURE, "v1"
    )
    blob = repo[pygit2.Oid(hex=commit)].tree["f.txt"].id
    assert tags.resolve_commitish(path, commit) == commit
    assert tags.resolve_commitish(path, commit[:10]) == commit
    assert tags.resolve_commitish(path, str(tag)) == commit
    assert tags.resolve_commitish(path, str(blob)) is None
    assert tags.resolve_commitish(path, "0" * 40) is None


def test_history_and_diffs_named_by_a_blob_id_read_nothing(tmp_path: Path) -> None:
    """A ref pushed at a blob, or a blob id where a commit belongs, is not a commit: no read."""
    import pytest

    from app.git import history

    repo = pygit2.init_repository(str(tmp_path / "r.git"), bare=True)
    commit = _commit(repo, {"f.txt": b"hello\n"}, [])
    repo.references.create("refs/heads/main", pygit2.Oid(hex=commit))
    blob = str(repo[pygit2.Oid(hex=commit)].tree["f.txt"].id)
    assert history.new_commits(repo, "refs/tags/b", None, blob) == 0
    assert history.new_commits(repo, "refs/heads/x", None, commit) == 0  # main has it
    with pytest.raises(LookupError):
        diff.commit_diff(repo, blob)
