"""Content-addressed storage of uploaded files: ``<root>/sha256/ab/cd/<hash>``.

A file is streamed into ``<root>/tmp``, hashed on the way, then renamed into
place, so a reader never sees a partial blob and equal files are stored once.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import anyio

from app.errors import PayloadTooLarge
from app.models import ReleaseAsset
from app.services.runtime import Storage

CHUNK = 1024 * 1024


class Readable(Protocol):
    async def read(self, size: int = -1) -> bytes: ...


def prepare(store: Storage) -> None:
    """Create the upload area and clear what interrupted uploads left there (at start-up)."""
    (store.assets / "tmp").mkdir(parents=True, exist_ok=True)
    clean_stale_temp(store)


def path_of(store: Storage, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256 hex digest")
    return store.assets / "sha256" / sha256[:2] / sha256[2:4] / sha256


@dataclass
class Staged:
    """A fully received, hashed file waiting in ``tmp`` to be placed or discarded."""

    temp: Path
    sha256: str
    size: int
    final: Path

    async def place(self) -> None:
        """Move into place (replacing an equal blob, so a concurrent removal cannot win)."""
        await anyio.to_thread.run_sync(_place, self.temp, self.final)

    async def discard(self) -> None:
        await anyio.to_thread.run_sync(_unlink, self.temp)


async def stage(store: Storage, source: Readable, limit: int) -> Staged:
    """Stream ``source`` into ``tmp``, hashing it; PayloadTooLarge (and no file) past ``limit``."""
    temp = store.assets / "tmp" / uuid.uuid4().hex
    digest = hashlib.sha256()
    size = 0
    try:
        async with await anyio.open_file(temp, "wb") as out:
            while chunk := await source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"An asset may be at most {limit} bytes.")
                digest.update(chunk)
                await out.write(chunk)
            await out.flush()
            await anyio.to_thread.run_sync(os.fsync, out.wrapped.fileno())
    except BaseException:
        await anyio.to_thread.run_sync(_unlink, temp)
        raise
    sha256 = digest.hexdigest()
    return Staged(temp, sha256, size, path_of(store, sha256))


def _place(temp: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, final)


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


async def forget(store: Storage, sha256: str) -> None:
    """Remove the blob unless an asset row still references it.

    Uploads place their blob after inserting their row, so a removal that
    checked before that insert is undone by the placement; only a removal
    whose unlink lands after a concurrent placement can lose a blob.
    """
    if not await ReleaseAsset.exists(sha256=sha256):
        await anyio.to_thread.run_sync(_unlink, path_of(store, sha256))


def clean_stale_temp(store: Storage, max_age_seconds: float = 86_400) -> None:
    """Remove temporary files an interrupted upload left behind (at start-up)."""
    cutoff = time.time() - max_age_seconds
    for path in (store.assets / "tmp").iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
