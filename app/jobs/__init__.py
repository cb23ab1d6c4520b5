"""Background jobs: the worker and one handler per job kind."""

from __future__ import annotations

from app.jobs.ci import LOSE_SILENT_RUNNERS
from app.jobs.importing import abandon_import, import_repository
from app.jobs.maintenance import maintain, sweep
from app.jobs.mirroring import QUEUE_DUE_MIRRORS, sync_mirror
from app.jobs.worker import Abandon, Handler, Periodic, Startup, Worker
from app.services import job as jobs
from app.services import mirror as mirrors
from app.services.runtime import Runtime

HANDLERS: dict[str, Handler] = {
    jobs.IMPORT: import_repository,
    jobs.MAINTAIN: maintain,
    mirrors.MIRROR_SYNC: sync_mirror,
}
ABANDON: dict[str, Abandon] = {jobs.IMPORT: abandon_import}
# Crash recovery: what killed git processes left in repositories, orphaned maintenance.
STARTUP: list[Startup] = [sweep]
# Chores every process runs on a timer.
PERIODIC: list[Periodic] = [LOSE_SILENT_RUNNERS, QUEUE_DUE_MIRRORS]


def worker(runtime: Runtime) -> Worker:
    """A worker running every known job kind (start it inside the running loop)."""
    return Worker(runtime, HANDLERS, ABANDON, STARTUP, PERIODIC)


__all__ = ["HANDLERS", "Worker", "worker"]
