"""What an SSH client may ask to run: git's three programs on one repository, or Kod's two.

``git-upload-pack 'alice/hello.git'`` is what git sends (the path single-quoted the way
git quotes it: ``'`` as ``'\\''`` and ``!`` as ``'\\!'``); ``git upload-pack`` is the
older spelling. Kod adds ``repos`` and ``info NAME``. Nothing here runs anything: the
command is split as a POSIX shell would split words (no expansion, no operators), and
anything but one of these forms with exactly its arguments is refused. A path is
``OWNER/NAME`` (``.git`` optional, one leading ``/`` allowed), or Kod's flat ``NAME``;
``..``, empty parts, names starting with ``.`` or ``-`` (options) are refused.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from app.git import transport

MAX_COMMAND = 1024
_GIT_SPELLINGS = {
    **{service: service for service in transport.SSH_SERVICES},
    **{f"git {service.removeprefix('git-')}": service for service in transport.SSH_SERVICES},
}


class Refused(ValueError):
    """The command is not one Ingot runs; the message is the one line the client sees."""


@dataclass(frozen=True)
class RepositoryPath:
    """``owner`` None: a Kod flat name, resolved for the key's account."""

    owner: str | None
    name: str

    def __str__(self) -> str:
        return self.name if self.owner is None else f"{self.owner}/{self.name}"


@dataclass(frozen=True)
class GitCommand:
    service: str
    path: RepositoryPath

    @property
    def write(self) -> bool:
        return self.service == transport.RECEIVE_PACK


@dataclass(frozen=True)
class KodCommand:
    """``repos`` (``name`` None) or ``info NAME``."""

    verb: str
    name: str | None = None


ONLY_GIT = (
    "Ingot: only git runs here (git-upload-pack, git-receive-pack, git-upload-archive "
    "with one repository path), and 'repos' or 'info NAME'."
)


def parse(command: str) -> GitCommand | KodCommand:
    """The command, or ``Refused`` saying what is allowed."""
    if len(command) > MAX_COMMAND or any(ord(c) < 32 or ord(c) == 127 for c in command):
        raise Refused(ONLY_GIT)
    try:
        words = shlex.split(command, comments=False, posix=True)
    except ValueError:
        raise Refused(ONLY_GIT) from None
    if not words:
        raise Refused(ONLY_GIT)
    if words[0] == "git" and len(words) >= 2:
        words = [f"git {words[1]}", *words[2:]]
    service = _GIT_SPELLINGS.get(words[0])
    if service is not None:
        if len(words) != 2:
            raise Refused(f"Ingot: {service} takes exactly one argument, the repository path.")
        return GitCommand(service, repository_path(words[1]))
    if words == ["repos"]:
        return KodCommand("repos")
    if words[0] == "info" and len(words) == 2:
        path = repository_path(words[1])
        return KodCommand("info", str(path))
    raise Refused(ONLY_GIT)


def repository_path(raw: str) -> RepositoryPath:
    """``OWNER/NAME[.git]`` or ``NAME[.git]``, with at most one leading ``/``."""
    path = raw[1:] if raw.startswith("/") else raw
    parts = path.split("/")
    if path.startswith("-"):
        raise Refused("Ingot: options are not accepted; give a repository path.")
    if len(parts) > 2 or not all(_plausible(part) for part in parts):
        raise Refused("Ingot: a repository path is OWNER/NAME.git (or NAME.git).")
    name = parts[-1]
    if name.lower().endswith(".git"):
        name = name[:-4]
    if not _plausible(name):
        raise Refused("Ingot: a repository path is OWNER/NAME.git (or NAME.git).")
    return RepositoryPath(parts[0] if len(parts) == 2 else None, name)


def _plausible(part: str) -> bool:
    return bool(part) and not part.startswith((".", "-")) and "\\" not in part and ".." not in part
