"""Large blobs written straight into a bare repository on the server's disk.

``git hash-object -w --stdin`` reads the content from a pipe (``head -c`` of
a pattern), so no test holds it in memory; a branch gets a commit with that
one file. Used by tests/hardening and tests/bench/raw_memory.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
    "GIT_AUTHOR_NAME": "Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.com",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", f"--git-dir={repo}", *args],
        input=stdin,
        capture_output=True,
        env=ENV,
        check=True,
    )
    return result.stdout.decode().strip()


def add_blob(repo: Path, branch: str, filename: str, size: int, text: bool = False) -> str:
    """Commit a ``size``-byte file named ``filename`` on ``branch``; returns the blob id.

    The content repeats a short line (NUL-terminated unless ``text``, so git
    sees binary), so it compresses well and is written in seconds.
    """
    ending = "" if text else " | tr '\\n' '\\0'"
    pipeline = (
        f"yes 'a line of the large file'{ending} | head -c {int(size)} | "
        f"git --git-dir='{repo}' -c core.loosecompression=1 hash-object -w --stdin"
    )
    written = subprocess.run(["sh", "-c", pipeline], capture_output=True, env=ENV, check=True)
    blob = written.stdout.decode().strip()
    tree = _git(repo, "mktree", stdin=f"100644 blob {blob}\t{filename}\n".encode())
    commit = _git(repo, "commit-tree", tree, "-m", f"add {filename}")
    _git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return blob
