"""Git transport under hostile clients: half-open requests, idle clients, caps, budgets, sizes.

The attack that found it: 300 anonymous POSTs to ``git-upload-pack`` sending a
partial body held 300 git processes, 1.14 GB and 1,519 descriptors, and real
users got 500 "Too many open files". These tests run that attack and its
variants against one server (SQLite: none of this touches the database) with
small caps, and check that git processes stay under them, memory stays flat,
idle clients are dropped with their git reaped, and a normal clone still works.

Attackers connect from 127.0.0.2 (any 127/8 address is this machine), so the
per-client cap they hit is theirs; the real git client comes from 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import start_server
from tests.forge import Forge, User
from tests.git.gitcli import Git, remote_refs, repo_path, url
from tests.hardening.bigblob import add_blob

TOTAL = 6
PER_CLIENT = 3
IDLE = 8
MAX_PUSH = 1024 * 1024
MAX_OBJECT = 256 * 1024
ATTACKERS = 300
ATTACKER_ADDRESS = "127.0.0.2"
# The server's first-bytes buffer (server/git_http.py FIRST_BYTES) and some more.
PAST_FIRST_BYTES = 70 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forge]:
    forge = start_server(
        tmp_path_factory.mktemp("transport-limits"),
        None,
        extra_env={
            "INGOT_GIT_MAX_PROCESSES": str(TOTAL),
            "INGOT_GIT_MAX_PROCESSES_PER_CLIENT": str(PER_CLIENT),
            "INGOT_GIT_IDLE_TIMEOUT": str(IDLE),
            "INGOT_MAX_PUSH_BYTES": str(MAX_PUSH),
            "INGOT_MAX_OBJECT_BYTES": str(MAX_OBJECT),
        },
    )
    try:
        yield forge
    finally:
        forge.stop()


@pytest.fixture(scope="module")
def seeded(server: Forge, tmp_path_factory: pytest.TempPathFactory) -> tuple[User, str, str]:
    """A public repository with one small commit: (owner, ``owner/name``, tip)."""
    tmp = tmp_path_factory.mktemp("seed")
    git = Git(tmp / "home")
    user = server.new_user()
    name = server.new_repo(user)["nameWithOwner"]
    work = git.init(tmp / "work")
    tip = git.commit(work, "README.md", "hello\n")
    git.run("push", url(server, name, user.token), "main", cwd=work)
    return user, name, tip


def _children(pid: int) -> list[str]:
    """Command lines of the live processes ``pid`` started directly."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            argv = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(argv.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _git_children(pid: int) -> int:
    return sum(1 for argv in _children(pid) if argv.startswith("git "))


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def _wants(tip: str, size: int) -> bytes:
    """A valid upload-pack request's start: ``want`` lines, never the flush that ends them."""
    line = f"want {tip}\n".encode()
    pkt = f"{len(line) + 4:04x}".encode() + line
    return pkt * (size // len(pkt) + 1)


def _half_open(
    forge: Forge, full_name: str, sent: bytes, declared: int, source: str = ATTACKER_ADDRESS
) -> socket.socket:
    """A POST to git-upload-pack that declares ``declared`` bytes and sends ``sent``."""
    parts = urlsplit(forge.url)
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect((parts.hostname, parts.port))
    head = (
        f"POST /{full_name}.git/git-upload-pack HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\n"
        "Content-Type: application/x-git-upload-pack-request\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()
    sock.sendall(head + sent)
    return sock


def _answer(sock: socket.socket, wait: float) -> bytes:
    """What the server sent until it closed the connection (or ``wait`` passed)."""
    sock.settimeout(wait)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        pass
    return data


def _clone(forge: Forge, full_name: str, tmp: Path) -> Path:
    git = Git(tmp / "home")
    target = tmp / f"clone{time.monotonic_ns()}"
    git.run("clone", "-q", url(forge, full_name), str(target), timeout=60)
    return target


def test_300_half_open_clones_hold_no_git_and_a_clone_still_works(
    server: Forge, seeded: tuple[User, str, str], tmp_path: Path
) -> None:
    _, name, tip = seeded
    pid = server.process.pid
    rss_before, fds_before = _rss_mib(pid), _open_fds(pid)
    body = _wants(tip, 4096)
    attackers = [_half_open(server, name, body[:200], len(body)) for _ in range(ATTACKERS)]
    try:
        time.sleep(1)
        # The body has not arrived: no git process was started for any of them.
        assert _git_children(pid) == 0
        clone = _clone(server, name, tmp_path)
        assert (clone / "README.md").read_text() == "hello\n"
        rss_after, fds_after = _rss_mib(pid), _open_fds(pid)
        print(
            f"RSS {rss_before:.0f} -> {rss_after:.0f} MiB, "
            f"descriptors {fds_before} -> {fds_after} with {ATTACKERS} half-open requests"
        )
        assert rss_after - rss_before < 60
        # One socket per attacker and no more: no pipes, no pidfds.
        assert fds_after - fds_before <= ATTACKERS + 10
        # Silent for the idle timeout: each one is answered 408 and its connection closed.
        answers = [_answer(sock, IDLE + 10) for sock in attackers[:5]]
    finally:
        for sock in attackers:
            sock.close()
    for answer in answers:
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"connection: close" in answer.lower()


def test_300_stalled_clones_past_the_first_bytes_stay_under_the_caps(
    server: Forge, seeded: tuple[User, str, str], tmp_path: Path
) -> None:
    _, name, tip = seeded
    pid = server.process.pid
    rss_before = _rss_mib(pid)
    body = _wants(tip, PAST_FIRST_BYTES * 2)
    sent = body[:PAST_FIRST_BYTES]
    attackers = [_half_open(server, name, sent, len(body)) for _ in range(ATTACKERS)]
    try:
        peak = 0
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            peak = max(peak, _git_children(pid))
            time.sleep(0.1)
        # git runs for as many as one address may hold, and no more.
        assert 0 < peak <= PER_CLIENT
        clone = _clone(server, name, tmp_path)
        assert (clone / "README.md").read_text() == "hello\n"
        assert _rss_mib(pid) - rss_before < 100
        # Past the brief queue, the others are refused with 503 and Retry-After.
        answers = [_answer(sock, IDLE + 10) for sock in attackers]
    finally:
        for sock in attackers:
            sock.close()
    refused = [a for a in answers if a.startswith(b"HTTP/1.1 503")]
    timed_out = [a for a in answers if a.startswith(b"HTTP/1.1 408")]
    assert len(refused) >= ATTACKERS - PER_CLIENT
    assert len(refused) + len(timed_out) == ATTACKERS
    sample = refused[0].lower()
    assert b"retry-after: " in sample and b"text/plain" in sample
    assert b"too many git transfers from your address" in sample
    # The stalled ones were dropped after the idle timeout; their git was killed and reaped.
    deadline = time.monotonic() + 10
    while _git_children(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _git_children(pid) == 0


def test_an_idle_client_is_dropped_and_its_git_reaped(
    server: Forge, seeded: tuple[User, str, str]
) -> None:
    _, name, tip = seeded
    pid = server.process.pid
    body = _wants(tip, PAST_FIRST_BYTES * 2)
    sock = _half_open(server, name, body[:PAST_FIRST_BYTES], len(body), source="127.0.0.3")
    try:
        deadline = time.monotonic() + 5
        while not _git_children(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _git_children(pid) == 1  # the body started arriving: git runs
        answer = _answer(sock, IDLE + 10)
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"nothing was received for" in answer
    assert _git_children(pid) == 0


def test_a_client_trickling_its_first_bytes_is_dropped(
    server: Forge, seeded: tuple[User, str, str]
) -> None:
    """A byte every so often never trips the idle timeout; the first bytes have a deadline."""
    _, name, tip = seeded
    body = _wants(tip, PAST_FIRST_BYTES)
    sock = _half_open(server, name, body[:10], len(body), source="127.0.0.5")
    answered = threading.Event()

    def trickle() -> None:
        for byte in body[10 : 10 + IDLE * 6]:
            if answered.wait(IDLE / 4):
                return
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        answer = _answer(sock, IDLE * 2)
    except ConnectionResetError:
        # The 408 went out with Connection: close while bytes were still arriving:
        # the kernel may reset the connection before the client reads the answer.
        answer = b"reset"
    finally:
        still_trickling = trickler.is_alive()
        answered.set()
        trickler.join()
        sock.close()
    # Dropped while still trickling (the trickle alone lasts 1.5 x IDLE longer).
    assert still_trickling
    assert answer.startswith(b"HTTP/1.1 408") or answer == b"reset", answer[:200]
    assert _git_children(server.process.pid) == 0


def test_a_client_that_stops_reading_is_dropped(
    server: Forge, seeded: tuple[User, str, str]
) -> None:
    """The response side: a raw download taken by a client that reads nothing frees its slot."""
    _, name, _ = seeded
    # Written on the server's disk: pushes here are limited to 1 MiB.
    add_blob(repo_path(server, name), "big", "big.bin", 64 * 1024 * 1024)
    pid = server.process.pid
    parts = urlsplit(server.url)
    sock = socket.socket()
    sock.bind(("127.0.0.4", 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((parts.hostname, parts.port))
    sock.sendall(f"GET /{name}/raw/big/big.bin HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    try:
        deadline = time.monotonic() + 5
        while not _git_children(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _git_children(pid) == 1  # git cat-file, blocked on the client
        deadline = time.monotonic() + IDLE + 15
        while _git_children(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _git_children(pid) == 0
    finally:
        sock.close()


def test_a_push_over_max_push_bytes_is_refused_with_a_message(
    server: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    user = server.new_user()
    name = server.new_repo(user)["nameWithOwner"]
    work = git.init(tmp_path / "work")
    for i in range(8):  # 8 objects of 200 KiB: each under the object limit, together over
        git.commit(work, f"part{i}.bin", os.urandom(200 * 1024))
    pushed = git.run("push", url(server, name, user.token), "main", cwd=work, check=False)
    assert pushed.returncode != 0
    assert "pack exceeds maximum allowed size" in pushed.stderr, pushed.stderr
    assert "refs/heads/main" not in remote_refs(server, name)


def test_an_object_over_the_object_limit_is_refused_with_a_message(
    server: Forge, tmp_path: Path
) -> None:
    git = Git(tmp_path / "home")
    user = server.new_user()
    name = server.new_repo(user)["nameWithOwner"]
    work = git.init(tmp_path / "work")
    git.commit(work, "small.txt", "small\n")
    blob = os.urandom(MAX_OBJECT + 1)
    git.commit(work, "large.bin", blob)
    oid = git.run("rev-parse", "HEAD:large.bin", cwd=work).stdout.strip()
    pushed = git.run("push", url(server, name, user.token), "main", cwd=work, check=False)
    assert pushed.returncode != 0
    assert (
        f"remote: Ingot: blob {oid} is {MAX_OBJECT + 1} bytes; "
        f"objects may be at most {MAX_OBJECT} bytes." in pushed.stderr
    ), pushed.stderr
    assert "refs/heads/main" not in remote_refs(server, name)
    # An object at the limit is accepted.
    git.run("reset", "-q", "--hard", "HEAD~1", cwd=work)
    git.commit(work, "fits.bin", os.urandom(MAX_OBJECT))
    git.run("push", url(server, name, user.token), "main", cwd=work)


def test_git_and_downloads_draw_on_the_api_budget(tmp_path: Path) -> None:
    """A low-limit server: anonymous clones, raw files and archives count by address."""
    forge = start_server(tmp_path / "limited", None, extra_env={"INGOT_RATE_LIMIT_ANONYMOUS": "8"})
    try:
        git = Git(tmp_path / "home")
        token = forge.cli("admin", "create-token", "admin", "--name", "t").stdout.split()[-1]
        created = forge.gql(
            "mutation($i: CreateRepositoryInput!) { createRepository(input: $i) "
            "{ repository { nameWithOwner } } }",
            {"i": {"name": "pub", "visibility": "PUBLIC"}},
            token=token,
        )
        name = created["createRepository"]["repository"]["nameWithOwner"]
        work = git.init(tmp_path / "work")
        git.commit(work, "README.md", "hello\n")
        git.run("push", url(forge, name, token), "main", cwd=work)  # a token: its own budget
        with httpx.Client(base_url=forge.url) as client:
            refs = client.get(f"/{name}.git/info/refs", params={"service": "git-upload-pack"})
            assert refs.status_code == 200
            assert refs.headers["x-ratelimit-limit"] == "8"
            remaining = int(refs.headers["x-ratelimit-remaining"])
            raw = client.get(f"/{name}/raw/main/README.md")
            assert raw.status_code == 200
            assert int(raw.headers["x-ratelimit-remaining"]) == remaining - 1
            archive = client.get(f"/{name}/archive/main.zip")
            assert int(archive.headers["x-ratelimit-remaining"]) == remaining - 2
            # Anonymous clones spend the rest (each is two or three requests) ...
            results = [
                git.run("clone", "-q", url(forge, name), str(tmp_path / f"c{i}"), check=False)
                for i in range(4)
            ]
            refused = [r for r in results if r.returncode != 0]
            assert refused, [r.stderr for r in results]
            # ... and git shows the refusal, a text/plain 429.
            assert "remote: Rate limit exceeded; retry in" in refused[-1].stderr, refused[-1]
            over = client.get(f"/{name}.git/info/refs", params={"service": "git-upload-pack"})
            assert over.status_code == 429
            assert over.headers["content-type"].startswith("text/plain")
            assert int(over.headers["retry-after"]) > 0
            assert client.get(f"/{name}/raw/main/README.md").status_code == 429
            # A token's budget is the account's, not the address's.
            assert (
                client.get(
                    f"/{name}/raw/main/README.md", headers={"Authorization": f"token {token}"}
                ).status_code
                == 200
            )
    finally:
        forge.stop()
