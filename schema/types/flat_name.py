"""Kod's flat repository names, resolved for the viewer (``app/services/flat_name.py``)."""

from __future__ import annotations

import strawberry

from app.services import flat_name
from schema.types.repository import Repository


@strawberry.type(
    description="What a flat repository name (Kod's, without an owner) means for the viewer: "
    "their own repository of that name, else the one they collaborate on, else (site "
    "administrators) the one on the server. Several at that step: ambiguous."
)
class FlatRepositoryName:
    resolution: strawberry.Private[flat_name.Resolution]

    @strawberry.field(description="The repository; null when there is none or several.")
    def repository(self) -> Repository | None:
        found = self.resolution.repository
        return Repository.of(found) if found is not None else None

    @strawberry.field(
        description="When the name is ambiguous, the OWNER/NAME of each repository it may "
        "mean (at most 20); empty otherwise."
    )
    def candidates(self) -> list[str]:
        return list(self.resolution.candidates)
