"""Two applications in one process share no state: each has its own runtime (no server, no DB)."""

from __future__ import annotations

import ast
import asyncio
import importlib
from dataclasses import replace
from pathlib import Path

from starlette.applications import Starlette

from app.config import Settings
from app.models import Job
from app.services.runtime import Runtime
from server.asgi import create_app

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "schema", "rest_compat", "server")


def _settings(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=f"sqlite://{data_dir / 'ingot.db'}",
        secret_key="secret",
        base_url="http://127.0.0.1",
        api_v1="gogs",
    )


def _runtime(app: Starlette) -> Runtime:
    runtime = app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


def test_two_apps_have_their_own_storage_and_queue(tmp_path: Path) -> None:
    first = _runtime(create_app(_settings(tmp_path / "one")))
    second = _runtime(create_app(_settings(tmp_path / "two")))
    assert first.storage.repositories == tmp_path / "one" / "repositories"
    assert second.storage.assets == tmp_path / "two" / "assets"
    assert first.storage.repository_path("Owner", "Repo").is_relative_to(tmp_path / "one")
    assert second.storage.repository_path("Owner", "Repo").is_relative_to(tmp_path / "two")
    assert first.queue is not second.queue


def test_a_job_held_or_woken_in_one_queue_stays_there(tmp_path: Path) -> None:
    first = Runtime.from_settings(_settings(tmp_path / "one")).queue
    second = Runtime.from_settings(_settings(tmp_path / "two")).queue
    woken_first, woken_second = asyncio.Event(), asyncio.Event()
    first.attach(woken_first)
    second.attach(woken_second)
    first.hold(Job(id=7), "secret")
    assert woken_first.is_set() and not woken_second.is_set()
    assert second.take_local() is None
    assert first.take_local() == (7, "secret")


def test_settings_reach_the_runtime_unshared(tmp_path: Path) -> None:
    strict = Runtime.from_settings(_settings(tmp_path))
    lenient = Runtime.from_settings(
        replace(_settings(tmp_path), allow_private_imports=True, maintenance_delay=5)
    )
    assert (strict.allow_private_imports, lenient.allow_private_imports) == (False, True)
    assert lenient.queue.maintenance_delay.total_seconds() == 5
    assert strict.queue.maintenance_delay.total_seconds() == 30


def test_the_services_keep_no_configured_globals() -> None:
    for name in ("repository", "blobstore", "importing", "job"):
        module = importlib.import_module(f"app.services.{name}")
        assert not hasattr(module, "configure"), name
        for leftover in ("_root", "_limit", "_allow_private", "_wake", "_held", "_local"):
            assert not hasattr(module, leftover), (name, leftover)


def test_no_module_rebinds_a_global() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert offenders == []


def test_pipeline_events_of_one_app_reach_only_its_own_subscribers(tmp_path: Path) -> None:
    first = Runtime.from_settings(_settings(tmp_path / "one")).pipeline_events
    second = Runtime.from_settings(_settings(tmp_path / "two")).pipeline_events
    assert first is not second and not first.shared

    async def run() -> None:
        mine, theirs = first.subscribe(1), second.subscribe(1)
        await first.publish_log(1, 1, "text", chunk_id=5)
        assert mine.pending() and not theirs.pending()
        mine.close()
        theirs.close()
        assert first.subscriber_count() == second.subscriber_count() == 0

    asyncio.run(run())
