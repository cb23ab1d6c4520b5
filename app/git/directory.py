"""The files directly inside one directory of a commit (CI reads ``.kod/workflows`` with it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygit2
from pygit2.enums import ObjectType

from app.git import objects, revision


@dataclass(frozen=True)
class DirectoryFile:
    path: str
    # None when the blob is larger than the caller's limit (its content is not read).
    data: bytes | None
    size: int


def branch_tip(repo_path: Path, branch: str) -> str | None:
    """The commit id ``refs/heads/<branch>`` points at; None if there is no such branch."""
    repo = objects.open_repository(repo_path)
    try:
        ref = repo.references.get(f"refs/heads/{branch}")
    except (ValueError, pygit2.GitError):
        return None
    if ref is None:
        return None
    commit = revision.commit_named(repo, str(ref.resolve().target))
    return str(commit.id) if commit is not None else None


def files_in(
    repo_path: Path, commit_oid: str, directory: str, suffix: str, max_bytes: int
) -> list[DirectoryFile]:
    """The blobs named ``*suffix`` directly inside ``directory`` at ``commit_oid``, by name;
    none when the commit or the directory is missing. Blobs past ``max_bytes`` are not read."""
    repo = objects.open_repository(repo_path)
    commit = revision.commit_named(repo, commit_oid)
    if commit is None:
        return []
    found = revision.at_path(commit.tree, directory)
    if not isinstance(found, pygit2.Tree):
        return []
    files = []
    for entry in sorted(found, key=lambda e: e.name or ""):
        name = entry.name or ""
        if entry.type != ObjectType.BLOB or not name.endswith(suffix) or name == suffix:
            continue
        size = repo.odb.read_header(entry.id)[1]
        data = None
        if size <= max_bytes:
            data = repo[entry.id].read_raw()
            size = len(data)
        files.append(DirectoryFile(f"{directory}/{name}", data, size))
    return files
