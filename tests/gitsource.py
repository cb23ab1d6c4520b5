"""A source repository served by a real ``git daemon`` on 127.0.0.1, to import from."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pygit2
import pytest

from tests.backends import SIGNATURE, commit_files, git_env
from tests.conftest import free_port


@dataclass
class Source:
    path: Path
    url: str  # git://127.0.0.1:PORT/src.git

    def refs(self) -> dict[str, str]:
        return ls_remote(self.path)


def ls_remote(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["git", "ls-remote", "--", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=git_env(path.parent / "home"),
    ).stdout
    return {ref: oid for oid, ref in (line.split("\t") for line in out.splitlines())}


def build_source(path: Path) -> None:
    """Three commits on ``trunk`` (HEAD), two on ``dev``, an annotated and a light tag."""
    repo = pygit2.init_repository(str(path), bare=True, initial_head="trunk")
    trunk = commit_files(path, "trunk", 3, "trunk")
    repo.references.create("refs/heads/dev", trunk[1])
    commit_files(path, "dev", 2, "dev")
    repo.create_tag(
        "v1.0", pygit2.Oid(hex=trunk[-1]), pygit2.enums.ObjectType.COMMIT, SIGNATURE, "one"
    )
    repo.references.create("refs/tags/light", trunk[0])


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    base = tmp_path_factory.mktemp("git-daemon")
    build_source(base / "src.git")
    port = free_port()
    daemon = subprocess.Popen(
        [
            *("git", "daemon", "--export-all", "--reuseaddr", f"--base-path={base}"),
            *(f"--port={port}", "--listen=127.0.0.1", str(base)),
        ],
        env=git_env(base / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # "git daemon" runs git-daemon as a child: kill the whole group, not just "git".
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield Source(base / "src.git", f"git://127.0.0.1:{port}/src.git")
    finally:
        os.killpg(daemon.pid, signal.SIGKILL)
        daemon.wait(timeout=10)
