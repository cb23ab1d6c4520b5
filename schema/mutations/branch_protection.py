"""Creating and deleting branch protection rules (repository admins only)."""

from __future__ import annotations

import strawberry

from app import models as tables
from app.errors import NotFound
from app.services import branch_protection
from schema.context import Info
from schema.inputs import bounded
from schema.lookup import repository_by_id
from schema.node import decode_global_id
from schema.types.push import BranchProtectionRule


@bounded(tables.BranchProtectionRule, "pattern")
class CreateBranchProtectionRuleInput:
    repository_id: strawberry.ID
    pattern: str = strawberry.field(description="A branch name or an fnmatch glob (release/*).")


@strawberry.type
class CreateBranchProtectionRulePayload:
    branch_protection_rule: BranchProtectionRule


@strawberry.input
class DeleteBranchProtectionRuleInput:
    branch_protection_rule_id: strawberry.ID


@strawberry.type
class DeleteBranchProtectionRulePayload:
    deleted_branch_protection_rule_id: strawberry.ID


@strawberry.type
class BranchProtectionMutations:
    @strawberry.mutation
    async def create_branch_protection_rule(
        self, info: Info, input: CreateBranchProtectionRuleInput
    ) -> CreateBranchProtectionRulePayload:
        repo = await repository_by_id(info, str(input.repository_id))
        rule = await branch_protection.create_rule(info.context.actor, repo, input.pattern)
        return CreateBranchProtectionRulePayload(
            branch_protection_rule=BranchProtectionRule.of(rule)
        )

    @strawberry.mutation
    async def delete_branch_protection_rule(
        self, info: Info, input: DeleteBranchProtectionRuleInput
    ) -> DeleteBranchProtectionRulePayload:
        try:
            _, pk = decode_global_id(str(input.branch_protection_rule_id), "BranchProtectionRule")
        except NotFound:
            raise NotFound(
                "Branch protection rule not found.", field="branchProtectionRuleId"
            ) from None
        await branch_protection.delete_rule(info.context.actor, pk)
        return DeleteBranchProtectionRulePayload(
            deleted_branch_protection_rule_id=input.branch_protection_rule_id
        )
