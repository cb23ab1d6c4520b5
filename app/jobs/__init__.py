"""Background jobs: the worker and one handler per job kind."""

from __future__ import annotations

from app.config import Settings
from app.jobs.importing import abandon_import, import_repository
from app.jobs.maintenance import maintain
from app.jobs.worker import Abandon, Handler, Worker
from app.services import job as jobs

HANDLERS: dict[str, Handler] = {jobs.IMPORT: import_repository, jobs.MAINTAIN: maintain}
ABANDON: dict[str, Abandon] = {jobs.IMPORT: abandon_import}


def worker(settings: Settings) -> Worker:
    """A worker running every known job kind (start it inside the running loop)."""
    return Worker(settings, HANDLERS, ABANDON)


__all__ = ["HANDLERS", "Worker", "worker"]
