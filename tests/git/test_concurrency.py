"""Racing pushes, leftovers of killed pushes, and memory while a large push streams."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, repo_path, served_git, url

COUNT = (
    "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { pushes { totalCount } } }"
)


def _fsck(path: Path) -> None:
    subprocess.run(
        ["git", "--git-dir", str(path), "fsck", "--strict", "--no-dangling"],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(path)},
    )


def test_two_pushes_racing_to_one_branch_one_wins(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    remote = url(forge, name, user.token)
    seed = git.init(tmp_path / "seed")
    git.commit(seed, "base.txt", "base\n")
    git.run("push", remote, "main", cwd=seed)
    rounds, winners = 3, 0
    for round_ in range(rounds):
        works = []
        for side in ("a", "b"):
            work = tmp_path / f"r{round_}{side}"
            git.run("clone", "-q", remote, str(work))
            git.commit(work, f"{side}.txt", os.urandom(64).hex() * 1000, f"{side} {round_}")
            works.append(work)
        barrier = threading.Barrier(2)

        def push(
            work: Path, barrier: threading.Barrier = barrier
        ) -> subprocess.CompletedProcess[str]:
            barrier.wait()
            return git.run("push", "origin", "main", cwd=work, check=False)

        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(push, works))
        won = [w for w, r in zip(works, results, strict=True) if r.returncode == 0]
        lost = [r for r in results if r.returncode != 0]
        assert len(won) == 1 and len(lost) == 1, [r.stderr for r in results]
        assert (
            "rejected" in lost[0].stderr
            or "failed to update" in lost[0].stderr
            or "lock" in lost[0].stderr
        )
        assert remote_refs(forge, name)["refs/heads/main"] == git.rev(won[0], "HEAD")
        winners += 1
        git.run("pull", "-q", "--ff-only", remote, "main", cwd=seed)
    _fsck(repo_path(forge, name))
    o, n = name.split("/")
    assert forge.gql(COUNT, {"o": o, "n": n})["repository"]["pushes"]["totalCount"] == 1 + winners


def test_leftovers_of_a_killed_push_are_cleaned(forge: Forge, tmp_path: Path) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, name, user.token), "main", cwd=work)
    path = repo_path(forge, name)
    lock = path / "refs" / "heads" / "main.lock"
    lock.write_text("stale\n")
    incoming = path / "objects" / "tmp_objdir-incoming-dead"
    (incoming / "pack").mkdir(parents=True)
    (incoming / "pack" / "tmp_pack_x").write_bytes(b"x" * 100)
    old = time.time() - 3600
    for item in (lock, incoming / "pack" / "tmp_pack_x", incoming / "pack", incoming):
        os.utime(item, (old, old))
    # Fresh ones too: no process of the server's holds them (tests/hardening has the live case).
    fresh = path / "refs" / "heads" / "other.lock"
    fresh.write_text("left by a killed push\n")
    git.commit(work, "b.txt", "b\n")
    git.run("push", url(forge, name, user.token), "main", cwd=work)
    assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD")
    assert not lock.exists() and not incoming.exists()
    assert not fresh.exists()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_200_mb_push_streams_without_growing_the_server(forge: Forge, tmp_path: Path) -> None:
    if forge.backend != "sqlite":
        pytest.skip("memory is measured once; the transport does not depend on the database")
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    work = git.init(tmp_path / "work")
    for i in range(4):
        (work / f"blob{i}.bin").write_bytes(os.urandom(50 * 1024 * 1024))
    git.run("-c", "core.compression=0", "add", ".", cwd=work)
    git.run("commit", "-q", "-m", "big", cwd=work)
    pid = forge.process.pid
    baseline = _rss_kib(pid)
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_kib(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    try:
        git.run(
            "-c",
            "pack.compression=0",
            "push",
            url(forge, name, user.token),
            "main",
            cwd=work,
            timeout=600,
        )
    finally:
        done.set()
        sampler.join()
    assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD")
    growth_mib = (peak - baseline) / 1024
    seconds = time.monotonic() - started
    print(
        f"server RSS {baseline / 1024:.0f} MiB -> peak {peak / 1024:.0f} MiB "
        f"during a 200 MiB push of {seconds:.1f} s"
    )
    assert growth_mib < 100, growth_mib


def test_a_push_cut_off_midway_moves_nothing_and_blocks_nothing(
    forge: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    remote = url(forge, name, user.token)
    work = git.init(tmp_path / "work")
    old = git.commit(work, "a.txt", "a\n")
    git.run("push", remote, "main", cwd=work)
    before = remote_refs(forge, name)
    # A client that announces an update, sends half a pack, and hangs up.
    command = f"{old} {'1' * 40} refs/heads/main\0report-status\n".encode()
    body = f"{len(command) + 4:04x}".encode() + command + b"0000"
    body += b"PACK\x00\x00\x00\x02\x00\x00\x00\x05" + os.urandom(256 * 1024)
    auth = base64.b64encode(f"x:{user.token}".encode()).decode()
    parts = urlsplit(forge.url)
    server, bare = forge.process.pid, str(repo_path(forge, name)).encode()

    def cut_off() -> None:
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
            sock.sendall(
                (
                    f"POST /{name}.git/git-receive-pack HTTP/1.1\r\nHost: x\r\n"
                    f"Authorization: Basic {auth}\r\n"
                    "Content-Type: application/x-git-receive-pack-request\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n"
                ).encode()
            )
            for start in range(0, len(body), 16 * 1024):
                piece = body[start : start + 16 * 1024]
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            time.sleep(0.5)
        deadline = time.monotonic() + 15
        while served_git(server, bare) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert served_git(server, bare) == [], "receive-pack outlived the client"

    def threads() -> int:
        return len(list(Path(f"/proc/{server}/task").iterdir()))

    cut_off()
    warm = threads()
    for _ in range(4):
        cut_off()
    # Each push writes git's stdin from a thread of its own: none may outlive its push.
    assert threads() <= warm + 1, (warm, threads())
    assert remote_refs(forge, name) == before
    git.commit(work, "b.txt", "b\n")
    git.run("push", remote, "main", cwd=work)
    assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD")
    _fsck(repo_path(forge, name))


def _pkt(line: str) -> bytes:
    return f"{len(line) + 4:04x}{line}".encode()


def test_a_client_leaving_mid_clone_leaves_no_git_behind(forge: Forge, tmp_path: Path) -> None:
    """The server stops reading git's output while the client is slow; a client that then
    disappears must still end the upload-pack, and the server must serve on."""
    git = Git(tmp_path / "home")
    user = forge.new_user("big")
    repo = forge.new_repo(user)
    name = repo["nameWithOwner"]
    work = git.init(tmp_path / "work")
    for i in range(3):
        (work / f"noise{i}.bin").write_bytes(os.urandom(16 * 1024 * 1024))
    git.run("add", ".", cwd=work)
    git.run("commit", "-q", "-m", "noise", cwd=work)
    git.run("push", "-q", url(forge, name, user.token), "main", cwd=work)
    head = remote_refs(forge, name)["refs/heads/main"]
    bare = repo_path(forge, name)
    server = forge.process.pid
    request = _pkt(f"want {head} side-band-64k ofs-delta\n") + b"0000" + _pkt("done\n")
    # A small receive window, so the kernel cannot soak up the whole pack.
    window = [(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)]
    with (
        httpx.Client(timeout=60, transport=httpx.HTTPTransport(socket_options=window)) as client,
        client.stream(
            "POST",
            f"{forge.url}/{name}.git/git-upload-pack",
            content=request,
            headers={"Content-Type": "application/x-git-upload-pack-request"},
            auth=("x", user.token),
        ) as response,
    ):
        assert response.status_code == 200
        chunks = response.iter_raw(64 * 1024)  # kept: dropping it closes the response
        assert next(chunks)
        time.sleep(0.5)  # long enough for the server to stop reading git's output
        assert served_git(server, str(bare).encode()), "upload-pack should still be writing"
    deadline = time.monotonic() + 15
    while served_git(server, str(bare).encode()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served_git(server, str(bare).encode()) == []
    clone = git.run("clone", "-q", "--bare", url(forge, name, user.token), str(tmp_path / "c"))
    assert clone.returncode == 0
    assert git.rev(tmp_path / "c", "HEAD") == head
