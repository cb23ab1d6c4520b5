"""Background jobs: the worker and one handler per job kind."""

from __future__ import annotations

from app.jobs.importing import abandon_import, import_repository
from app.jobs.maintenance import maintain
from app.jobs.worker import Abandon, Handler, Worker
from app.services import job as jobs
from app.services.runtime import Runtime

HANDLERS: dict[str, Handler] = {jobs.IMPORT: import_repository, jobs.MAINTAIN: maintain}
ABANDON: dict[str, Abandon] = {jobs.IMPORT: abandon_import}


def worker(runtime: Runtime) -> Worker:
    """A worker running every known job kind (start it inside the running loop)."""
    return Worker(runtime, HANDLERS, ABANDON)


__all__ = ["HANDLERS", "Worker", "worker"]
