"""The repository permission enum, shared by repositories and their collaborators."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="The viewer's access to a repository.")
class RepositoryPermission(Enum):
    ADMIN = "admin"
    WRITE = "write"
    READ = "read"
