"""Requests that try to escape the repository, smuggle options or odd refs: 4xx, no effects."""

from __future__ import annotations

import base64
import contextlib
import gzip
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.forge import Forge
from tests.git.gitcli import Git, remote_refs, repo_path, served_git, url


def _raw_get(forge: Forge, target: str) -> int:
    """A GET with the path sent byte for byte (clients would normalise ``..``)."""
    parts = urlsplit(forge.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        reply = sock.recv(4096).decode("latin-1")
    return int(reply.split(" ", 2)[1])


def _pushed(forge: Forge, tmp_path: Path) -> tuple[Git, dict, str, Path]:
    git = Git(tmp_path / "home")
    user = forge.new_user()
    repo = forge.new_repo(user)
    work = git.init(tmp_path / "work")
    git.commit(work, "a.txt", "a\n")
    git.run("push", url(forge, repo["nameWithOwner"], user.token), "main", cwd=work)
    return git, repo, user.token, work


def test_paths_and_services_that_try_to_escape_are_refused(forge: Forge, tmp_path: Path) -> None:
    _, repo, _, _ = _pushed(forge, tmp_path)
    owner, name = repo["nameWithOwner"].split("/")
    pwned = tmp_path / "pwned"
    for target in (
        "/../x.git/info/refs?service=git-upload-pack",
        f"/{owner}/../{name}.git/info/refs?service=git-upload-pack",
        f"/-{owner}/{name}.git/info/refs?service=git-upload-pack",
        f"/{owner}/-{name}.git/info/refs?service=git-upload-pack",
        f"/{owner}/--upload-pack=x.git/info/refs?service=git-upload-pack",
        f"/{owner}/{name}.git/info/refs?service=--upload-pack=touch%20{pwned}",
        f"/{owner}/{name}.git/info/refs?service=git-upload-archive",
        f"/{owner}/{name}.git/info/refs",
        f"/{owner}/{name}.git/HEAD",
        f"/{owner}/{name}.git/objects/info/packs",
    ):
        status = _raw_get(forge, target)
        assert 400 <= status < 500, (target, status)
    assert not pwned.exists()
    # Dumb HTTP is not served.
    for path in ("info/refs", "HEAD", "objects/info/packs", "config"):
        assert _raw_get(forge, f"/{owner}/{name}.git/{path}") == 404, path


def test_odd_refs_are_refused_and_nothing_moves(forge: Forge, tmp_path: Path) -> None:
    git, repo, token, work = _pushed(forge, tmp_path)
    name = repo["nameWithOwner"]
    before = remote_refs(forge, name)
    dash = git.run("push", url(forge, name, token), "main:refs/heads/-x", cwd=work, check=False)
    assert (
        dash.returncode != 0
        and "remote: Ingot: ref name 'refs/heads/-x' is not allowed." in dash.stderr
    )
    dots = git.run("push", url(forge, name, token), "main:refs/heads/a..b", cwd=work, check=False)
    assert dots.returncode != 0
    # Sent by hand, past the client's own check: receive-pack refuses it.
    oid = before["refs/heads/main"]
    command = f"{oid} {'1' * 40} refs/heads/a..b\0report-status\n".encode()
    body = f"{len(command) + 4:04x}".encode() + command + b"0000"
    response = httpx.post(
        f"{forge.url}/{name}.git/git-receive-pack",
        content=body,
        headers={"Content-Type": "application/x-git-receive-pack-request"},
        auth=("x", token),
    )
    assert response.status_code == 200 and b"ng refs/heads/a..b" in response.content
    assert remote_refs(forge, name) == before


def test_gzip_bodies_are_inflated_and_corrupt_ones_refused(forge: Forge, tmp_path: Path) -> None:
    _, repo, _, _ = _pushed(forge, tmp_path)
    name = repo["nameWithOwner"]
    oid = remote_refs(forge, name)["refs/heads/main"]
    want = f"want {oid}\n".encode()
    request = f"{len(want) + 4:04x}".encode() + want + b"0000" + b"0009done\n"
    headers = {
        "Content-Type": "application/x-git-upload-pack-request",
        "Content-Encoding": "gzip",
    }
    ok = httpx.post(
        f"{forge.url}/{name}.git/git-upload-pack", content=gzip.compress(request), headers=headers
    )
    assert ok.status_code == 200 and b"NAK" in ok.content[:20] and b"PACK" in ok.content
    bad = httpx.post(
        f"{forge.url}/{name}.git/git-upload-pack",
        content=b"\x1f\x8bnot gzip at all",
        headers=headers,
    )
    assert bad.status_code == 400
    assert "application/x-git-upload-pack-result" != bad.headers["content-type"]


def test_a_corrupt_pack_is_refused_and_nothing_moves(forge: Forge, tmp_path: Path) -> None:
    """index-pack dies on the garbage and receive-pack stops reading: the rest of the body
    cannot be written (the server's writer sees a broken pipe), the client still gets
    receive-pack's report, and the repository is as it was."""
    git, repo, token, work = _pushed(forge, tmp_path)
    name = repo["nameWithOwner"]
    before = remote_refs(forge, name)
    command = f"{before['refs/heads/main']} {'2' * 40} refs/heads/main\0report-status\n".encode()
    body = f"{len(command) + 4:04x}".encode() + command + b"0000"
    body += b"PACK\x00\x00\x00\x02\x00\x00\x00\x03" + b"\xff" * (2 * 1024 * 1024)
    auth = base64.b64encode(f"x:{token}".encode()).decode()
    parts = urlsplit(forge.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(
            (
                f"POST /{name}.git/git-receive-pack HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                f"Authorization: Basic {auth}\r\n"
                "Content-Type: application/x-git-receive-pack-request\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )

        def send_body() -> None:
            # The server may stop reading midway: a write it no longer takes fails here.
            with contextlib.suppress(OSError):
                for start in range(0, len(body), 64 * 1024):
                    piece = body[start : start + 64 * 1024]
                    sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                sock.sendall(b"0\r\n\r\n")

        sender = threading.Thread(target=send_body)
        sender.start()
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
        sender.join(timeout=30)
    assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    assert b"unpack " in reply and b"unpack ok" not in reply, reply[-400:]
    assert remote_refs(forge, name) == before
    deadline = time.monotonic() + 15
    bare = str(repo_path(forge, name)).encode()
    while served_git(forge.process.pid, bare) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served_git(forge.process.pid, bare) == []
    git.commit(work, "b.txt", "b\n")
    git.run("push", url(forge, name, token), "main", cwd=work)
    assert remote_refs(forge, name)["refs/heads/main"] == git.rev(work, "HEAD")


def _object(git: Git, work: Path, kind: str, data: bytes) -> str:
    """Writes an object byte for byte (``--literally``: git would refuse to make these)."""
    made = subprocess.run(
        ["git", "hash-object", "-w", "--literally", "-t", kind, "--stdin"],
        cwd=work,
        env=git.env(),
        input=data,
        capture_output=True,
        check=True,
    )
    return made.stdout.decode().strip()


def _tree(git: Git, work: Path, *entries: tuple[bytes, bytes, str]) -> str:
    data = b"".join(mode + b" " + name + b"\0" + bytes.fromhex(oid) for mode, name, oid in entries)
    return _object(git, work, "tree", data)


def _commit(git: Git, work: Path, tree: str, parent: str, signature: bytes) -> str:
    data = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\nmade by hand\n" % (
        tree.encode(),
        parent.encode(),
        signature,
        signature,
    )
    return _object(git, work, "commit", data)


def test_hostile_trees_are_refused_and_old_harmless_formats_accepted(
    forge: Forge, tmp_path: Path
) -> None:
    """Pushed objects are checked: a tree that would write outside the checkout or into
    ``.git`` is refused with git's reason; the formatting slips old tools left in real
    histories (zero-padded modes, odd time zones) are not reasons to refuse a history."""
    git, repo, token, work = _pushed(forge, tmp_path)
    name = repo["nameWithOwner"]
    remote = url(forge, name, token)
    head = git.rev(work, "HEAD")
    blob = git.run("hash-object", "-w", "a.txt", cwd=work).stdout.strip()
    sane = b"A U Thor <a@example.com> 1700000000 +0000"
    inner = _tree(git, work, (b"100644", b"config", blob))
    hostile = {
        "dotgit": _tree(git, work, (b"40000", b".git", inner)),
        "dotdot": _tree(git, work, (b"40000", b"..", inner)),
        "slash": _tree(git, work, (b"100644", b"a/../../b", blob)),
    }
    before = remote_refs(forge, name)
    for branch, tree in hostile.items():
        commit = _commit(git, work, tree, head, sane)
        pushed = git.run("push", remote, f"{commit}:refs/heads/{branch}", cwd=work, check=False)
        assert pushed.returncode != 0, branch
        assert "rejected" in pushed.stderr and "fsck" in pushed.stderr.lower(), pushed.stderr
    assert remote_refs(forge, name) == before
    legacy = {
        "zero-padded": _commit(
            git, work, _tree(git, work, (b"0100644", b"a.txt", blob)), head, sane
        ),
        "odd-zone": _commit(
            git, work, _tree(git, work, (b"100644", b"a.txt", blob)), head, sane[:-5] + b"+05"
        ),
        "no-space": _commit(
            git,
            work,
            _tree(git, work, (b"100644", b"a.txt", blob)),
            head,
            sane.replace(b"> ", b">"),
        ),
    }
    for branch, commit in legacy.items():
        git.run("push", remote, f"{commit}:refs/heads/{branch}", cwd=work)
    refs = remote_refs(forge, name)
    assert {branch: refs[f"refs/heads/{branch}"] for branch in legacy} == legacy
