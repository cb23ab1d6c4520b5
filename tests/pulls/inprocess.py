"""Running service code in the test process against a live forge's database and storage."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from app.config import Settings, tortoise_config
from app.services.runtime import Runtime
from tests.forge import Forge

T = TypeVar("T")


def _settings(forge: Forge) -> Settings:
    url = forge.env.get("INGOT_DATABASE_URL") or f"sqlite://{forge.data_dir / 'ingot.db'}"
    return Settings(
        data_dir=Path(forge.data_dir), database_url=url, secret_key="", base_url="", api_v1="gogs"
    )


def runtime_for(forge: Forge) -> Runtime:
    """A runtime on the forge's storage, for service calls that need one."""
    return Runtime.from_settings(_settings(forge))


def run_in_forge(forge: Forge, work: Callable[[], Awaitable[T]]) -> T:
    settings = _settings(forge)

    async def run() -> T:
        # Tortoise caches INSERT statements per connection name ("default" on both
        # backends): drop them so a SQLite run's SQL never reaches PostgreSQL.
        EXECUTOR_CACHE.clear()
        await Tortoise.init(config=tortoise_config(settings))
        try:
            return await work()
        finally:
            await Tortoise.close_connections()

    return asyncio.run(run())
