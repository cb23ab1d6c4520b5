"""What one running forge holds besides its database: storage roots, policies, the job queue.

The composition root builds one ``Runtime`` per application and hands it down:
to requests through their context, to the worker through each run. Nothing
here is global, so two forges in one process share nothing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from app.auth.password import Passwords
from app.auth.secret_box import SecretBox
from app.config import Settings, listen_credentials
from app.git import storage
from app.services.job import JobQueue
from app.services.pipeline_events import PipelineEvents
from app.services.sign_in_limit import SignInLimit
from app.services.transfers import TransferSlots
from app.services.webhook_delivery import DeliveryWake


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
    passwords: Passwords
    # Git processes and streamed downloads running at once (docs/security.md).
    transfers: TransferSlots
    # The server key that seals stored secrets (app.auth.secret_box).
    secrets: SecretBox
    # Wakes this process's webhook senders when deliveries were written.
    webhooks: DeliveryWake
    # Pipeline log and status events for the live subscriptions (LISTEN/NOTIFY on PostgreSQL).
    pipeline_events: PipelineEvents
    # Failed password attempts per account and address (app.services.sign_in_limit).
    sign_in: SignInLimit

    @property
    def allow_private_imports(self) -> bool:
        """Whether imports may reach loopback, private and other non-public addresses."""
        return self.settings.allow_private_imports

    @classmethod
    def from_settings(cls, settings: Settings, secrets: SecretBox | None = None) -> Runtime:
        """A runtime for ``settings``; touches nothing on disk.

        Without ``secrets`` (the composition root loads the server key) the key is
        ephemeral: fine for tools and tests that store no secret.
        """
        return cls(
            settings=settings,
            storage=Storage(
                repositories=settings.repositories_dir,
                assets=settings.assets_dir,
                max_asset_bytes=settings.max_asset_bytes,
            ),
            queue=JobQueue(maintenance_delay=timedelta(seconds=settings.maintenance_delay)),
            passwords=Passwords(
                time_cost=settings.argon2_time_cost,
                memory_kib=settings.argon2_memory_kib,
                parallelism=settings.argon2_parallelism,
            ),
            transfers=TransferSlots(
                settings.git_max_processes, settings.git_max_processes_per_client
            ),
            secrets=secrets or SecretBox.ephemeral(),
            webhooks=DeliveryWake(),
            pipeline_events=PipelineEvents(listen_credentials(settings)),
            sign_in=SignInLimit(
                address_limit=settings.sign_in_address_limit,
                account_limit=settings.sign_in_account_limit,
                window_seconds=settings.sign_in_window_seconds,
                secret=settings.secret_key,
            ),
        )


# Others on the machine have no business in the data dir: keys, the database, repositories.
PRIVATE_UMASK = 0o077


def secure_data_dir(settings: Settings) -> list[str]:
    """Make what the forge writes its user's alone; returns what had to be tightened.

    From now on this process (and the git it starts) creates directories 0700
    and files 0600. The data directory, everything directly in it (database and
    its ``-wal``/``-shm``, key files, the repositories and assets directories)
    and a SQLite database kept elsewhere lose any group and other permissions,
    so an install made before this rule is tightened at its next start.
    """
    os.umask(PRIVATE_UMASK)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    paths = [settings.data_dir, *sorted(settings.data_dir.iterdir())]
    database = settings.sqlite_path
    if database is not None and database.parent != settings.data_dir:
        paths += [database.with_name(database.name + suffix) for suffix in ("", "-wal", "-shm")]
    changed = []
    for path in paths:
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode) or not mode & PRIVATE_UMASK:
            continue
        old, new = stat.S_IMODE(mode), stat.S_IMODE(mode) & ~PRIVATE_UMASK
        os.chmod(path, new)
        changed.append(f"{path} ({old:o} -> {new:o})")
    return changed
