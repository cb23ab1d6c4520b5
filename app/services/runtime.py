"""What one running forge holds besides its database: storage roots, policies, the job queue.

The composition root builds one ``Runtime`` per application and hands it down:
to requests through their context, to the worker through each run. Nothing
here is global, so two forges in one process share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from app.config import Settings
from app.git import storage
from app.services.job import JobQueue
from app.services.transfers import TransferSlots


@dataclass(frozen=True)
class Storage:
    """Where bare repositories and uploaded files live, and how large one upload may be."""

    repositories: Path
    assets: Path
    max_asset_bytes: int

    def repository_path(self, owner_login: str, name: str) -> Path:
        """Where ``owner_login/name`` lives on disk (lower-cased; never outside the root)."""
        return storage.repository_path(self.repositories, owner_login, name)


@dataclass(frozen=True)
class Runtime:
    """The settings and the state built from them, for one application."""

    settings: Settings
    storage: Storage
    queue: JobQueue
    # Git processes and streamed downloads running at once (docs/security.md).
    transfers: TransferSlots

    @property
    def allow_private_imports(self) -> bool:
        """Whether imports may reach loopback, private and other non-public addresses."""
        return self.settings.allow_private_imports

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        """A runtime for ``settings``; touches nothing on disk."""
        return cls(
            settings=settings,
            storage=Storage(
                repositories=settings.repositories_dir,
                assets=settings.assets_dir,
                max_asset_bytes=settings.max_asset_bytes,
            ),
            queue=JobQueue(maintenance_delay=timedelta(seconds=settings.maintenance_delay)),
            transfers=TransferSlots(
                settings.git_max_processes, settings.git_max_processes_per_client
            ),
        )
