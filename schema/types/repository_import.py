"""How the import of a repository from a URL went."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from app.models import RepositoryImport as RepositoryImportModel


@strawberry.enum
class RepositoryImportState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@strawberry.type(description="The import of a repository from a URL.")
class RepositoryImport:
    model: strawberry.Private[RepositoryImportModel]

    @strawberry.field
    def state(self) -> RepositoryImportState:
        return RepositoryImportState(self.model.state.value)

    @strawberry.field(description="git's last progress line, e.g. 'Receiving objects: 45%'.")
    def progress(self) -> str | None:
        return self.model.progress or None

    @strawberry.field(description="Why the import failed.")
    def error(self) -> str | None:
        return self.model.error or None

    @strawberry.field(description="Where it was imported from, with any credentials redacted.")
    def source_url(self) -> str:
        return self.model.source_url

    @strawberry.field
    def started_at(self) -> datetime | None:
        return self.model.started_at

    @strawberry.field
    def finished_at(self) -> datetime | None:
        return self.model.finished_at
