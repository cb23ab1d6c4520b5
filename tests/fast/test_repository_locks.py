"""Crash leftovers go when no writer of ours is alive, whatever their age; never before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.git import locks

LEFTOVERS = [
    "refs/heads/main.lock",
    "refs/heads/topic/x.lock",
    "packed-refs.lock",
    "HEAD.lock",
    "config.lock",
    "index.lock",
    "shallow.lock",
    "logs/refs/heads/main.lock",
    "objects/info/commit-graphs/commit-graph-chain.lock",
    "objects/pack/tmp_pack_abc",
    "objects/pack/.tmp-123-pack-abc.pack",
]


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "r.git"
    for name in LEFTOVERS:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("")
    (repo / "objects" / "tmp_objdir-incoming-x" / "pack").mkdir(parents=True)
    (repo / "refs" / "heads" / "main").write_text("0" * 40 + "\n")
    return repo


def test_fresh_leftovers_without_a_live_writer_are_removed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    removed = locks.clean_leftovers(repo)
    assert removed is not None
    assert sorted(str(p.relative_to(repo)) for p in removed) == sorted(
        [*LEFTOVERS, "objects/tmp_objdir-incoming-x"]
    )
    assert (repo / "refs" / "heads" / "main").exists()
    assert (repo / locks.WRITERS).exists()  # the lock file itself stays


def test_nothing_is_removed_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    with locks.writing(repo):
        assert locks.clean_leftovers(repo) is None
        fd = locks.clean_then_write(repo)  # another push: cleans nothing, writes beside it
        locks.release(fd)
    assert (repo / "refs" / "heads" / "main.lock").exists()
    assert locks.clean_leftovers(repo)


def test_a_child_that_inherited_the_lock_keeps_it_after_the_parent_lets_go(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    fd = locks.clean_then_write(repo)  # cleans: nobody writes yet
    assert not (repo / "packed-refs.lock").exists()
    (repo / "packed-refs.lock").write_text("")
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        pass_fds=(fd,),
    )
    try:
        locks.release(fd)
        assert locks.clean_leftovers(repo) is None  # the child (a receive-pack) still lives
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait()
    assert locks.clean_leftovers(repo) == [repo / "packed-refs.lock"]


def test_maintenance_lock_is_exclusive_and_orphans_of_a_live_server_are_kept(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    fd = locks.try_lock(repo, locks.MAINTENANCE)
    assert fd is not None
    assert locks.try_lock(repo, locks.MAINTENANCE) is None
    locks.record_holder(fd, os.getpid())
    assert not locks.kill_orphans(repo)  # its server (this process) is alive
    locks.release(fd)
    assert not locks.kill_orphans(repo)  # not held: nothing to kill


def test_maintenance_left_running_by_a_dead_server_is_killed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    fd = locks.try_lock(repo, locks.MAINTENANCE)
    assert fd is not None
    orphan = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        pass_fds=(fd,),
        start_new_session=True,
    )
    try:
        locks.release(fd)
        # Written by a server that is gone: a pid with another start time.
        (repo / locks.MAINTENANCE).write_text(f"{os.getpid()} 1 {orphan.pid}\n")
        assert locks.kill_orphans(repo)
        assert orphan.wait(timeout=10) == -9
    finally:
        orphan.kill()
        orphan.wait()
    assert locks.try_lock(repo, locks.MAINTENANCE) is not None


def test_a_running_maintenance_keeps_its_temporary_packs_but_not_a_stale_ref_lock(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    fd = locks.try_lock(repo, locks.MAINTENANCE)
    try:
        removed = locks.clean_leftovers(repo)
        assert removed is not None
        assert (repo / "objects" / "pack" / "tmp_pack_abc").exists()
        assert not (repo / "refs" / "heads" / "main.lock").exists()
    finally:
        locks.release(fd)
    assert locks.clean_leftovers(repo) == [
        repo / "objects/info/commit-graphs/commit-graph-chain.lock",
        repo / "objects/pack/tmp_pack_abc",
        repo / "objects/pack/.tmp-123-pack-abc.pack",
    ]
