"""Pushes and the refs they moved; branch protection rules."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models import BranchProtectionRule as BranchProtectionRuleModel
from app.models import Push as PushModel
from app.models import RefUpdate as RefUpdateModel
from schema.context import Info
from schema.node import Node
from schema.types.account import User


@strawberry.type(description="One ref a push moved. An all-zero oid means created or deleted.")
class RefUpdate:
    model: strawberry.Private[RefUpdateModel]

    @strawberry.field(description="The full ref name, e.g. refs/heads/main.")
    def ref_name(self) -> str:
        return self.model.ref_name

    @strawberry.field(description="The oid before the push (all zeros for a new ref).")
    def before_oid(self) -> str:
        return self.model.old_oid

    @strawberry.field(description="The oid after the push (all zeros for a deleted ref).")
    def after_oid(self) -> str:
        return self.model.new_oid


@strawberry.type(description="A git push accepted by the repository.")
class Push(Node):
    model: strawberry.Private[PushModel]

    @staticmethod
    def of(model: PushModel) -> Push:
        return Push(model=model)

    @strawberry.field(description="Who pushed; null if that account was deleted.")
    async def pusher(self, info: Info) -> User | None:
        if self.model.pusher_id is None:
            return None
        account = await info.context.loaders.accounts_by_id.load(self.model.pusher_id)
        return User(model=account) if account else None

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="The refs this push moved, in the order git reported them.")
    async def ref_updates(self, info: Info) -> list[RefUpdate]:
        rows = await info.context.loaders.ref_updates_by_push_id.load(self.model.id)
        return [RefUpdate(model=row) for row in rows]


@strawberry.type(description="Branches only the repository's admins may push to.")
class BranchProtectionRule(Node):
    model: strawberry.Private[BranchProtectionRuleModel]

    @staticmethod
    def of(model: BranchProtectionRuleModel) -> BranchProtectionRule:
        return BranchProtectionRule(model=model)

    @strawberry.field(description="An exact branch name or an fnmatch glob such as release/*.")
    def pattern(self) -> str:
        return self.model.pattern

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at
