"""Writing commits straight into a forge's bare repository with pygit2.

Author, committer and clock are fixed, so the same snapshots give the same oids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygit2
from pygit2.enums import FileMode, ObjectType

from tests.forge import Forge

START = 1_700_000_000


def bare_path(forge: Forge, name_with_owner: str) -> Path:
    owner, name = name_with_owner.split("/")
    return forge.data_dir / "repositories" / owner.lower() / f"{name.lower()}.git"


class Builder:
    """Commits whole snapshots (``{path: bytes}``) onto branches of one repository."""

    def __init__(self, path: Path) -> None:
        self.repo = pygit2.Repository(str(path))
        self.clock = START

    def signature(self) -> pygit2.Signature:
        self.clock += 60
        return pygit2.Signature("Ada Lovelace", "ada@example.com", self.clock, 120)

    def _tree(self, files: dict[str, Any]) -> pygit2.Oid:
        nested: dict[str, Any] = {}
        for path, content in files.items():
            *dirs, leaf = path.split("/")
            node = nested
            for part in dirs:
                node = node.setdefault(part, {})
            node[leaf] = content
        return self._write(nested)

    def _write(self, node: dict[str, Any]) -> pygit2.Oid:
        builder = self.repo.TreeBuilder()
        for name, value in node.items():
            if isinstance(value, dict):
                builder.insert(name, self._write(value), FileMode.TREE)
            else:
                builder.insert(name, self.repo.create_blob(value), FileMode.BLOB)
        return builder.write()

    def commit(
        self,
        files: dict[str, bytes],
        message: str,
        *,
        branch: str | None = "main",
        parents: list[str] | None = None,
    ) -> str:
        """A commit on ``branch`` (moved to it; None moves nothing), by default on its tip."""
        ref = f"refs/heads/{branch}" if branch else None
        if parents is None:
            existing = self.repo.references.get(ref) if ref else None
            parents = [str(existing.target)] if existing is not None else []
        signature = self.signature()
        oid = self.repo.create_commit(
            None, signature, signature, message, self._tree(files), parents
        )
        if ref:
            self.repo.references.create(ref, oid, force=True)
        return str(oid)

    def lightweight_tag(self, name: str, target: str) -> None:
        self.repo.references.create(f"refs/tags/{name}", pygit2.Oid(hex=target))

    def annotated_tag(self, name: str, target: str, message: str) -> str:
        oid = self.repo.create_tag(
            name, pygit2.Oid(hex=target), ObjectType.COMMIT, self.signature(), message
        )
        return str(oid)
