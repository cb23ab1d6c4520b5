"""Teams: groups of users in an organization, with one access level to chosen repositories.

A team's members get the team's permission (read, write or admin) on the team's
repositories, which all belong to the team's organization (Gogs' and Gitea's model).
Team membership does not make a user a member of the organization (an organization
member already writes every repository of the organization): it gives access to the
team's repositories only. ``app/services/permission.py`` reads these rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from app.models.account import Account, case_key, with_key
from app.models.repository import Repository


class TeamPermission(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


class Team(Model):
    """A named group of an organization (its name unique in the organization, whatever the case)."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="teams", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=30)
    name_lower = fields.CharField(max_length=64)
    description = fields.CharField(max_length=255, default="")
    permission = fields.CharEnumField(TeamPermission, max_length=8, default=TeamPermission.READ)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    organization_id: int

    class Meta:
        table = "team"
        unique_together = (("organization", "name_lower"),)

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.name_lower = case_key(self.name)
        columns = with_key(update_fields, "name", "name_lower")
        await super().save(using_db, columns, force_create, force_update)


class TeamMember(Model):
    """A user in a team."""

    id = fields.IntField(primary_key=True)
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "ingot.Team", related_name="members", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "ingot.Account", related_name="team_memberships", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    team_id: int
    user_id: int

    class Meta:
        table = "team_member"
        unique_together = (("team", "user"),)


class TeamRepository(Model):
    """A repository of the team's organization that the team's members may access."""

    id = fields.IntField(primary_key=True)
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "ingot.Team", related_name="repositories", on_delete=fields.CASCADE
    )
    repository: fields.ForeignKeyRelation[Repository] = fields.ForeignKeyField(
        "ingot.Repository", related_name="teams", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    team_id: int
    repository_id: int

    class Meta:
        table = "team_repository"
        unique_together = (("team", "repository"),)
