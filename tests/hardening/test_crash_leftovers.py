"""What killed git processes leave behind never blocks a push, and never outlives a live one.

A lock or quarantine directory is stale when no live process of the server's
holds the repository's writers lock, whatever its age. Server lifecycle does
not depend on the database: these run once, on SQLite.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pygit2

from tests.backends import SIGNATURE, sql, timestamp, wait_for
from tests.conftest import start_server
from tests.forge import Forge, User
from tests.git.gitcli import Git, remote_refs, repo_path, url

LOCKS = [
    "refs/heads/main.lock",
    "packed-refs.lock",
    "index.lock",
    "config.lock",
    "shallow.lock",
    "HEAD.lock",
]
ENV = {"INGOT_MAINTENANCE_DELAY": "1", "INGOT_JOB_WORKERS": "1"}


def _leftovers(path: Path) -> list[str]:
    found = [name for name in LOCKS if (path / name).exists()]
    return found + [p.name for p in path.glob("objects/tmp_objdir-incoming-*")]


def _plant(path: Path) -> None:
    """What a kill -9 at the wrong moment leaves: fresh, not minutes old.

    The quarantine is built aside and renamed into place, so a sweep running at
    that moment finds it whole or not at all."""
    for name in LOCKS:
        (path / name).write_text("left by a killed git\n")
    aside = path / "objects" / "planting"
    (aside / "pack").mkdir(parents=True)
    (aside / "pack" / "tmp_pack_x").write_bytes(b"x")
    aside.rename(path / "objects" / "tmp_objdir-incoming-killed")


def _settled(forge: Forge, repository_id: int) -> None:
    """Wait until no job of the repository is queued or running (a push queues maintenance)."""
    query = (
        f"SELECT count(*) FROM job WHERE repository_id = {repository_id} "  # noqa: S608
        "AND state IN ('queued', 'running')"
    )
    wait_for(lambda: int(sql(forge, query)[0][0]) == 0, what="the repository's jobs")


def _queue_maintenance(forge: Forge, repository_id: int) -> int:
    """Queue a maintenance job due now; its id."""
    now, due = timestamp(), timestamp(-timedelta(seconds=1))
    sql(
        forge,
        "INSERT INTO job (kind, payload, state, attempts, max_attempts, run_after, last_error, "  # noqa: S608
        f"repository_id, created_at, updated_at) VALUES ('maintain', '{{}}', 'queued', 0, 3, "
        f"'{due}', '', {repository_id}, '{now}', '{now}')",
    )
    return int(sql(forge, "SELECT max(id) FROM job")[0][0])


def _maintain(forge: Forge, repository_id: int) -> None:
    """Run a maintenance job now and wait for it to succeed."""
    job = _queue_maintenance(forge, repository_id)
    query = f"SELECT state FROM job WHERE id = {job}"  # noqa: S608
    wait_for(lambda: sql(forge, query)[0][0] == "succeeded", what="maintenance")


class Throttle:
    """A TCP proxy that passes each connection's first ``allowance`` bytes from the client,
    then holds the rest until ``gate`` is set: a push stopped mid-transfer, on demand."""

    def __init__(self, port: int, allowance: int = 256 * 1024) -> None:
        self.port, self.allowance = port, allowance
        self.gate = threading.Event()
        self.aborted = False
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url_port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.port))
            self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, held: bool) -> None:
        sent = 0
        try:
            while data := source.recv(65536):
                if held and sent + len(data) > self.allowance:
                    self.gate.wait()
                if self.aborted:
                    return
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def abort(self) -> None:
        """Drop every connection, without passing on what the client had sent meanwhile
        (a killed client's last bytes sit in the proxy's socket buffers)."""
        self.aborted = True
        for end in self.sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.gate.set()

    def close(self) -> None:
        self.gate.set()
        self.listener.close()


@contextmanager
def _server(tmp: Path) -> Iterator[Forge]:
    forge = start_server(tmp, None, ENV)
    try:
        yield forge
    finally:
        forge.stop()


def _repo_with_a_commit(forge: Forge, git: Git, tmp: Path) -> tuple[User, dict, Path, Path]:  # type: ignore[type-arg]
    user = forge.new_user()
    repo = forge.new_repo(user)
    work = git.init(tmp / "work")
    git.commit(work, "a.txt", "a\n")
    git.run("push", "-q", url(forge, repo["nameWithOwner"], user.token), "main", cwd=work)
    return user, repo, work, repo_path(forge, repo["nameWithOwner"])


def _slow_push(forge: Forge, throttle: Throttle, git: Git, work: Path, user: User, name: str):  # type: ignore[no-untyped-def]
    """Start ``git push`` of a 4 MiB random commit through the throttle; it stops mid-pack."""
    (work / "big.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    git.run("add", "big.bin", cwd=work)
    git.run("commit", "-qm", "big", cwd=work)
    slow = url(forge, name, user.token).replace(
        forge.url.removeprefix("http://"), f"127.0.0.1:{throttle.url_port}"
    )
    return subprocess.Popen(
        ["git", "push", "-q", slow, "main"],
        cwd=work,
        env=git.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _in_repository(path: Path) -> list[int]:
    """Live processes of ours working in ``path`` (git chdirs into the repository)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "cwd") == str(path) and entry.stat().st_uid == os.getuid():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_push_killed_mid_transfer_leaves_nothing_behind(tmp_path: Path) -> None:
    with _server(tmp_path / "server") as forge:
        git = Git(tmp_path / "home")
        user, repo, work, path = _repo_with_a_commit(forge, git, tmp_path)
        name = repo["nameWithOwner"]
        for victim in ("client", "receive-pack"):
            throttle = Throttle(int(forge.url.rsplit(":", 1)[1]))
            push = _slow_push(forge, throttle, git, work, user, name)
            try:
                wait_for(lambda: list(path.glob("objects/tmp_objdir-incoming-*")), what="a push")
                if victim == "client":
                    os.killpg(push.pid, signal.SIGKILL)  # git push and git-remote-http
                    throttle.abort()
                else:
                    receive = [
                        pid
                        for pid in _in_repository(path)
                        if b"receive-pack" in Path(f"/proc/{pid}/cmdline").read_bytes()
                    ]
                    assert receive, "no receive-pack found"
                    for pid in receive:
                        os.kill(pid, signal.SIGKILL)
                    throttle.gate.set()  # the rest of the pack, which nobody takes now
                push.wait(timeout=120)
            finally:
                throttle.close()
            assert push.returncode != 0
            wait_for(lambda: not _leftovers(path), what=f"leftovers of a killed {victim}")
            assert remote_refs(forge, name)["refs/heads/main"] != git.rev(work, "HEAD")
            git.run("reset", "-q", "--hard", "HEAD~1", cwd=work)
        # And the next push goes through at once.
        git.commit(work, "b.txt", "b\n")
        git.run("push", "-q", url(forge, name, user.token), "main", cwd=work)
        assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD")
        assert pygit2.Repository(str(path)).revparse_single("main").peel(pygit2.Tree)["b.txt"]


def test_fresh_stale_locks_do_not_block_the_next_push_or_survive_maintenance(
    tmp_path: Path,
) -> None:
    with _server(tmp_path / "server") as forge:
        git = Git(tmp_path / "home")
        user, repo, work, path = _repo_with_a_commit(forge, git, tmp_path)
        remote = url(forge, repo["nameWithOwner"], user.token)
        # Before a push: without the cleanup, main.lock refuses it for minutes.
        _settled(forge, repo["databaseId"])
        _plant(path)
        git.commit(work, "b.txt", "b\n")
        git.run("push", "-q", remote, "main", cwd=work)
        assert remote_refs(forge, repo["nameWithOwner"])["refs/heads/main"] == git.rev(work, "HEAD")
        assert _leftovers(path) == []
        # The maintenance job, with no push at all.
        _settled(forge, repo["databaseId"])
        _plant(path)
        _maintain(forge, repo["databaseId"])
        assert _leftovers(path) == []
    # At start-up: a crash's leftovers go before anyone pushes.
    _plant(path)
    with _server(tmp_path / "server"):
        wait_for(lambda: not _leftovers(path), what="the start-up sweep")


def test_what_a_live_writer_holds_is_not_removed(tmp_path: Path) -> None:
    with _server(tmp_path / "server") as forge:
        git = Git(tmp_path / "home")
        user, repo, work, path = _repo_with_a_commit(forge, git, tmp_path)
        name = repo["nameWithOwner"]
        remote = url(forge, name, user.token)
        # A push in progress: its quarantine outlives maintenance and a concurrent push.
        throttle = Throttle(int(forge.url.rsplit(":", 1)[1]))
        push = _slow_push(forge, throttle, git, work, user, name)
        try:
            quarantine = wait_for(
                lambda: list(path.glob("objects/tmp_objdir-incoming-*")), what="a push"
            )
            _maintain(forge, repo["databaseId"])
            other = git.init(tmp_path / "other")
            git.run("fetch", "-q", remote, "main", cwd=other)
            git.run("checkout", "-q", "-b", "side", "FETCH_HEAD", cwd=other)
            git.commit(other, "side.txt", "side\n")
            git.run("push", "-q", remote, "side", cwd=other)
            assert all(q.is_dir() for q in quarantine)
            throttle.gate.set()
            assert push.wait(timeout=120) == 0
        finally:
            throttle.close()
        assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD")
        # Another writer of ours (a second server process) holding the lock: its ref lock stays.
        fd = os.open(path / "ingot-writers.flock", os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            (path / "refs" / "heads" / "main.lock").write_text("held\n")
            _maintain(forge, repo["databaseId"])
            assert (path / "refs" / "heads" / "main.lock").exists()
        finally:
            os.close(fd)
        git.commit(work, "c.txt", "c\n")
        git.run("push", "-q", remote, "main", cwd=work)  # the holder is gone: now it is stale
        assert not (path / "refs" / "heads" / "main.lock").exists()


def _slow_to_repack(path: Path) -> None:
    """Many similar blobs and a huge delta window: ``git repack`` runs for minutes."""
    repo = pygit2.Repository(str(path))
    base = os.urandom(6000).hex()
    builder = repo.TreeBuilder()
    for n in range(1500):
        text = f"{base[: n * 7]}{n}{base[n * 7 :]}".encode()
        builder.insert(f"f{n}.txt", repo.create_blob(text), pygit2.enums.FileMode.BLOB)
    parent = [repo.references["refs/heads/main"].target]
    repo.create_commit("refs/heads/main", SIGNATURE, SIGNATURE, "many", builder.write(), parent)
    repo.config["pack.window"] = "1500"
    repo.config["pack.depth"] = "1000"
    repo.config["pack.threads"] = "1"


def _repacking(path: Path) -> list[int]:
    return [
        pid
        for pid in _in_repository(path)
        if b"pack-objects" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


def test_a_restart_during_a_repack_leaves_no_git_running(tmp_path: Path) -> None:
    server = tmp_path / "server"
    with _server(server) as forge:
        git = Git(tmp_path / "home")
        _, repo, _, path = _repo_with_a_commit(forge, git, tmp_path)
        _slow_to_repack(path)
        _queue_maintenance(forge, repo["databaseId"])
        wait_for(lambda: _repacking(path), what="the repack")
    # A clean shutdown kills the repack's process group.
    wait_for(lambda: not _in_repository(path), timeout=15, what="the repack to stop")
    # The interrupted job runs again at the next start; this time the server is killed.
    forge = start_server(server, None, ENV)
    try:
        orphans = wait_for(lambda: _repacking(path), what="the repack again")
        group = os.getpgid(orphans[0])
        forge.process.kill()
        forge.process.wait()
        assert _repacking(path), "the repack should outlive a killed server"
        assert _group_members(group)
    finally:
        forge.stop()
    # The next start finds it through the maintenance lock and kills it: never two at once.
    with _server(server):
        wait_for(lambda: not _in_repository(path), timeout=30, what="the orphan to be killed")
        assert _group_members(group) == []


def _group_members(group: int) -> list[int]:
    """Live (not zombie) processes in process group ``group``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found
