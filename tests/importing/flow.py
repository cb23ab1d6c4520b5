"""Starting an import and waiting for it, through GraphQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.backends import wait_for
from tests.forge import Forge, User

IMPORT = """mutation($i: ImportRepositoryInput!) { importRepository(input: $i) {
  repository { id databaseId name nameWithOwner defaultBranch
               importStatus { state progress error sourceUrl startedAt finishedAt } } } }"""

STATUS = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  id defaultBranch importStatus { state progress error sourceUrl startedAt finishedAt } } }"""


def start_import(forge: Forge, user: User, name: str, url: str, **extra: Any) -> dict[str, Any]:
    data = forge.gql(IMPORT, {"i": {"name": name, "url": url, **extra}}, token=user.token)
    repo: dict[str, Any] = data["importRepository"]["repository"]
    return repo


def finished(forge: Forge, user: User, owner: str, name: str) -> dict[str, Any]:
    """The repository once its import SUCCEEDED or FAILED."""

    def probe() -> dict[str, Any] | None:
        repo = forge.gql(STATUS, {"o": owner, "n": name}, token=user.token)["repository"]
        state = repo["importStatus"]["state"]
        return repo if state in {"SUCCEEDED", "FAILED"} else None

    return wait_for(probe, what=f"the import of {owner}/{name}")


def bare_path(forge: Forge, owner: str, name: str) -> Path:
    return forge.data_dir / "repositories" / owner.lower() / f"{name.lower()}.git"


def leftovers(forge: Forge, owner: str) -> list[str]:
    """Whatever is on disk for ``owner`` (a failed import must leave nothing)."""
    folder = forge.data_dir / "repositories" / owner.lower()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
