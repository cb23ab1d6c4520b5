"""The real git client against a live Ingot, with an isolated HOME and no prompts."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tests.forge import Forge

AUTHOR = {
    "GIT_AUTHOR_NAME": "Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.com",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


@dataclass
class Git:
    """Runs ``git`` in ``home`` with nothing from the machine's configuration."""

    home: Path

    def env(self) -> dict[str, str]:
        self.home.mkdir(parents=True, exist_ok=True)
        return {
            "HOME": str(self.home),
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "/bin/false",
            "LANG": "C",
            **AUTHOR,
        }

    def run(
        self,
        *args: str,
        cwd: Path | None = None,
        check: bool = True,
        timeout: float = 300,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env={**self.env(), **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def init(self, path: Path, branch: str = "main") -> Path:
        self.run("init", "-q", "-b", branch, str(path))
        return path

    def commit(self, work: Path, name: str, content: str | bytes, message: str = "") -> str:
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
        self.run("add", "--", name, cwd=work)
        self.run("commit", "-q", "-m", message or f"change {name}", cwd=work)
        return self.rev(work, "HEAD")

    def rev(self, work: Path, what: str) -> str:
        return self.run("rev-parse", what, cwd=work).stdout.strip()


def url(forge: Forge, full_name: str, token: str | None = None, user: str = "x") -> str:
    """The clone URL, with the token as the Basic password when given."""
    base = forge.url.removeprefix("http://")
    auth = f"{quote(user)}:{quote(token, safe='')}@" if token else ""
    return f"http://{auth}{base}/{full_name}.git"


def remote_refs(forge: Forge, full_name: str) -> dict[str, str]:
    """Refs of the bare repository on the server's disk (read with git, not over HTTP)."""
    owner, name = full_name.lower().split("/")
    path = forge.data_dir / "repositories" / owner / f"{name}.git"
    result = subprocess.run(
        ["git", "--git-dir", str(path), "for-each-ref", "--format=%(refname) %(objectname)"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(path)},
    )
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def repo_path(forge: Forge, full_name: str) -> Path:
    owner, name = full_name.lower().split("/")
    return forge.data_dir / "repositories" / owner / f"{name}.git"


def served_git(server: int, needle: bytes) -> list[int]:
    """Live processes the server started directly whose command line has ``needle`` as an
    argument (e.g. a repository path, or ``--git-dir=<path>``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        state, parent = fields[0], int(fields[1])
        if parent == server and state != "Z" and needle in argv:
            found.append(int(entry.name))
    return found
