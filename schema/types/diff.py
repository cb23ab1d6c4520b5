"""Diffs: the changes between two trees, file by file."""

from __future__ import annotations

from enum import Enum

import strawberry

from app.services import contents


@strawberry.enum(description="How a file changed.")
class DiffFileStatus(Enum):
    ADDED = "ADDED"
    MODIFIED = "MODIFIED"
    DELETED = "DELETED"
    RENAMED = "RENAMED"
    COPIED = "COPIED"
    TYPE_CHANGED = "TYPE_CHANGED"


@strawberry.type(description="One file's change.")
class DiffFile:
    data: strawberry.Private[contents.DiffFile]

    @strawberry.field(description="The path after the change.")
    def path(self) -> str:
        return self.data.path

    @strawberry.field(description="The path before the change (differs for renames and copies).")
    def old_path(self) -> str:
        return self.data.old_path

    @strawberry.field
    def status(self) -> DiffFileStatus:
        return DiffFileStatus(self.data.status)

    @strawberry.field
    def additions(self) -> int:
        return self.data.additions

    @strawberry.field
    def deletions(self) -> int:
        return self.data.deletions

    @strawberry.field
    def is_binary(self) -> bool:
        return self.data.is_binary

    @strawberry.field(description="The unified diff hunks; null for binary or oversized files.")
    def patch(self) -> str | None:
        return self.data.patch

    @strawberry.field(description="Whether the patch was left out because it is too large.")
    def is_truncated(self) -> bool:
        return self.data.is_truncated

    @strawberry.field(description="The path before a rename or copy; null otherwise.")
    def previous_path(self) -> str | None:
        return self.data.old_path if self.data.old_path != self.data.path else None


@strawberry.type(description="The changes between two trees, with totals over every file.")
class Diff:
    data: strawberry.Private[contents.DiffInfo]

    @strawberry.field(description="The changed files (at most 3000).")
    def files(self) -> list[DiffFile]:
        return [DiffFile(data=f) for f in self.data.files]

    @strawberry.field
    def additions(self) -> int:
        return self.data.additions

    @strawberry.field
    def deletions(self) -> int:
        return self.data.deletions

    @strawberry.field
    def changed_files(self) -> int:
        return self.data.changed_files

    @strawberry.field(description="Whether some changed files are missing from 'files'.")
    def is_truncated(self) -> bool:
        return self.data.is_truncated

    @strawberry.field(
        description="The same as 'isTruncated' (the name pull request diffs had).",
        deprecation_reason="Use 'isTruncated'.",
    )
    def truncated(self) -> bool:
        return self.data.is_truncated
